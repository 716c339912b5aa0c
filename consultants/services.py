"""Writes of the consultants app. Keyword-only arguments; views call these, never the ORM's writes."""

import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image

from consultants import logos, tasks
from consultants.models import Consultant, Invite, InvitedResult, Note
from questionnaire.models import Response
from questionnaire.result_pages import forget_result_pages


def ensure_consultant(*, user: Any) -> Consultant:
    consultant, _ = Consultant.objects.get_or_create(user=user)
    return consultant


def save_profile(
    *,
    consultant: Consultant,
    fields: dict[str, str],
    logo: Image.Image | None,
    remove_logo: bool,
) -> Consultant:
    old_logo = consultant.logo
    for name in ("display_name", "organisation", "contact", "brand_colour"):
        setattr(consultant, name, fields[name])
    if logo is not None:
        consultant.logo = logos.store_logo(logo)
    elif remove_logo:
        consultant.logo = ""
    consultant.branding_version += 1
    consultant.save()
    if old_logo and old_logo != consultant.logo:
        transaction.on_commit(lambda: logos.delete_logo(old_logo))
    # Result pages are kept whole with the branding in them: every process shows the new one within a second.
    forget_result_pages()
    return consultant


def create_invite(*, consultant: Consultant, label: str, note: str) -> Invite:
    return Invite.objects.create(consultant=consultant, label=label, note=note)


def revoke_invite(*, invite: Invite) -> Invite:
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
    return invite


def restore_invite(*, invite: Invite) -> Invite:
    invite.revoked_at = None
    invite.save(update_fields=["revoked_at"])
    return invite


def add_note(*, result: InvitedResult, text: str) -> Note:
    return Note.objects.create(result=result, text=text)


def record_invited_result(*, response: Response, invite: Invite, client_page_url: str) -> InvitedResult:
    """Tie a stored result to the invite it came through (once: a resubmission finds the same row), and
    tell the consultant by mail in the background once the row is committed."""
    invited, created = InvitedResult.objects.get_or_create(response=response, defaults={"invite": invite})
    if created:
        transaction.on_commit(lambda: tasks.notify_consultant.enqueue(invited.pk, client_page_url))
    return invited


def resend_invite(*, invite: Invite, email: str, invite_url: str) -> None:
    transaction.on_commit(lambda: tasks.send_invite_link.enqueue(invite.pk, email, invite_url))


def export_consultant_data(*, consultant: Consultant) -> str:
    """Everything stored about a consultant and their clients' invited results, as JSON (for staff)."""
    invites = consultant.invites.prefetch_related("results__notes", "results__response")
    data = {
        "consultant": {
            "email": consultant.user.email,
            "display_name": consultant.display_name,
            "organisation": consultant.organisation,
            "contact": consultant.contact,
            "brand_colour": consultant.brand_colour,
            "logo": consultant.logo,
            "created_at": consultant.created_at.isoformat(),
            "active": consultant.user.is_active,
        },
        "invites": [
            {
                "label": invite.label,
                "note": invite.note,
                "created_at": invite.created_at.isoformat(),
                "revoked_at": invite.revoked_at.isoformat() if invite.revoked_at else None,
                "results": [
                    {
                        "created_at": result.created_at.isoformat(),
                        "deleted_by_client": result.response is None,
                        "answers": result.response.answers if result.response else None,
                        "verdict": result.response.verdict if result.response else None,
                        "weights_version": result.response.weights_version if result.response else None,
                        "notes": [
                            {"text": note.text, "created_at": note.created_at.isoformat()}
                            for note in result.notes.all()
                        ],
                    }
                    for result in invite.results.all()
                ],
            }
            for invite in invites
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def delete_consultant_data(*, consultant: Consultant) -> None:
    """Delete the consultant's account, profile, logo, invites and notes. Their clients' results stay,
    anonymous (nothing ties them to the consultant any more); the clients' links keep working."""
    logo = consultant.logo
    user = consultant.user
    with transaction.atomic():
        consultant.delete()
        user.delete()
    if logo:
        transaction.on_commit(lambda: logos.delete_logo(logo))
    forget_result_pages()
