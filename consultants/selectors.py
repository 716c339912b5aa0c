"""Reads of the consultants app: every query is scoped to one consultant."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404

from consultants.models import Consultant, Invite, InvitedResult

CLIENTS_PER_PAGE = 20


def clients_page(*, consultant: Consultant, search: str, page_number: str | int | None) -> Page:
    """One page of the consultant's clients (invites), latest activity first, each with its results
    (newest first) and their stored responses: three queries whatever the number of clients."""
    invites = (
        Invite.objects.filter(consultant=consultant)
        .annotate(
            result_count=Count("results"),
            last_activity=Coalesce(Max("results__created_at"), "created_at"),
        )
        .order_by("-last_activity", "-pk")
    )
    if search:
        invites = invites.filter(label__icontains=search)
    paginator = Paginator(invites, CLIENTS_PER_PAGE)
    page = paginator.get_page(page_number)
    # Results of the invites on this page only, with their responses, in one query.
    results = InvitedResult.objects.select_related("response").order_by("-created_at")
    invites_on_page = list(page.object_list)
    prefetch_related_objects(invites_on_page, Prefetch("results", queryset=results))
    page.object_list = invites_on_page
    return page


def invite_for(*, consultant: Consultant, public_id: str) -> Invite:
    """The consultant's own invite, or 404 (another consultant's invite is as unknown as a made-up one)."""
    invite = Invite.objects.filter(consultant=consultant, public_id=public_id).first()
    if invite is None:
        raise Http404("No such client.")
    return invite


def result_for(*, consultant: Consultant, public_id: str) -> InvitedResult:
    result = (
        InvitedResult.objects.select_related("invite", "response")
        .filter(invite__consultant=consultant, public_id=public_id)
        .first()
    )
    if result is None:
        raise Http404("No such result.")
    return result


def results_of(*, invite: Invite) -> QuerySet[InvitedResult]:
    """The invite's results, newest first, with their responses and notes."""
    return (
        InvitedResult.objects.filter(invite=invite)
        .select_related("response", "response__weight_set")
        .prefetch_related("notes")
        .order_by("-created_at")
    )
