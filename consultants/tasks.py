"""Mail sent in the background (django-tasks; `manage.py db_worker` runs them)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from advisor.vocabulary import VERDICT_LABELS, Verdict
from consultants.models import Invite, InvitedResult


@task()
def notify_consultant(result_id: int, client_page_url: str) -> None:
    """Tell the consultant that a client completed the questionnaire through their link. The mail names
    the client label and the verdict; the answers stay behind the login."""
    invited = (
        InvitedResult.objects.select_related("invite__consultant__user", "response")
        .filter(pk=result_id)
        .first()
    )
    if invited is None or invited.response is None or not invited.invite.consultant.user.is_active:
        return  # deleted since (by the client, or by staff): nothing to tell
    context = {
        "invited": invited,
        "label": invited.invite.label,
        "verdict_label": VERDICT_LABELS[Verdict(invited.response.verdict)],
        "client_page_url": client_page_url,
    }
    send_mail(
        subject=f"New result from {invited.invite.label}",
        message=render_to_string("consultants/email/new_result.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invited.invite.consultant.user.email],
    )


@task()
def send_invite_link(invite_id: int, email: str, invite_url: str) -> None:
    invite = Invite.objects.select_related("consultant__user").filter(pk=invite_id, revoked_at=None).first()
    if invite is None:
        return
    consultant = invite.consultant
    send_mail(
        subject=f"{consultant.name} asks you a few questions about your social media",
        message=render_to_string(
            "consultants/email/invite_link.txt",
            {"consultant": consultant, "invite_url": invite_url},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
        # Replies reach the consultant, not the site.
        fail_silently=False,
    )
