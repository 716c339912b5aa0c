"""Consultant pages (login required, each consultant sees only their own) and the public invite link.

Views parse, call a selector or a service, and render; every form is a plain POST first, htmx second.
"""

import re
import secrets
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from consultants import invites, presenters, selectors, services
from consultants.colours import HEX_COLOUR
from consultants.forms import InviteForm, NoteForm, ProfileForm, ResendForm, SearchForm
from consultants.logos import LOGO_DIRECTORY
from consultants.models import Consultant, Invite
from questionnaire.progress import Progress
from questionnaire.steps import STEPS

ConsultantView = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def consultant_required(view: ConsultantView) -> ConsultantView:
    """Anonymous visitors go to the login page; a signed-in user who is not a consultant (staff, say)
    gets 404, as for anything that is not theirs."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # login_required above: the user is signed in, so it has a primary key.
        consultant = Consultant.objects.filter(user_id=request.user.pk or 0).first()
        if consultant is None:
            raise Http404("Not a consultant account.")
        response = view(request, consultant, *args, **kwargs)
        # Private pages: never stored by a shared cache, and they differ for htmx requests.
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return wrapper


def invite_url(request: HttpRequest, invite: Invite) -> str:
    return request.build_absolute_uri(reverse("invite", args=[invite.token]))


# Dashboard -----------------------------------------------------------------------------------------------


def render_dashboard(
    request: HtmxHttpRequest, consultant: Consultant, invite_form: InviteForm, *, status: int = HTTPStatus.OK
) -> HttpResponse:
    search_form = SearchForm(request.GET)
    search = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    page = selectors.clients_page(consultant=consultant, search=search, page_number=request.GET.get("page"))
    clients = [
        {"invite": invite, "rows": [presenters.result_row(result) for result in invite.results.all()]}
        for invite in page.object_list
    ]
    context = {
        "consultant": consultant,
        "page": page,
        "clients": clients,
        "search": search,
        "search_form": search_form,
        "invite_form": invite_form,
    }
    template = "consultants/dashboard.html#clients" if request.htmx else "consultants/dashboard.html"
    return render(request, template, context, status=status)


@require_GET
@consultant_required
def dashboard(request: HtmxHttpRequest, consultant: Consultant) -> HttpResponse:
    return render_dashboard(request, consultant, InviteForm())


@require_POST
@consultant_required
def invite_create(request: HtmxHttpRequest, consultant: Consultant) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render_dashboard(request, consultant, form, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    invite = services.create_invite(
        consultant=consultant, label=form.cleaned_data["label"], note=form.cleaned_data["note"]
    )
    messages.success(request, f"The link for {invite.label} is ready: copy it below and send it.")
    return redirect("consultants:client", public_id=invite.public_id)


# One client ----------------------------------------------------------------------------------------------


def client_context(request: HttpRequest, consultant: Consultant, invite: Invite) -> dict[str, Any]:
    rows = [presenters.result_row(result) for result in selectors.results_of(invite=invite)]
    return {
        "consultant": consultant,
        "invite": invite,
        "invite_url": invite_url(request, invite),
        "rows": rows,
        "timeline": sorted((row for row in rows if not row.deleted), key=lambda row: row.created_at),
        "comparisons": presenters.comparisons(rows),
        "note_form": NoteForm(),
        "resend_form": ResendForm(),
    }


@require_GET
@consultant_required
def client(request: HttpRequest, consultant: Consultant, public_id: str) -> HttpResponse:
    invite = selectors.invite_for(consultant=consultant, public_id=public_id)
    return render(request, "consultants/client.html", client_context(request, consultant, invite))


@require_POST
@consultant_required
def invite_revoke(request: HttpRequest, consultant: Consultant, public_id: str) -> HttpResponse:
    invite = selectors.invite_for(consultant=consultant, public_id=public_id)
    if request.POST.get("action") == "restore":
        services.restore_invite(invite=invite)
        messages.success(request, f"The link for {invite.label} works again.")
    else:
        services.revoke_invite(invite=invite)
        messages.success(request, f"The link for {invite.label} is revoked: it now shows a closed page.")
    return redirect("consultants:client", public_id=invite.public_id)


@require_POST
@consultant_required
def invite_resend(request: HttpRequest, consultant: Consultant, public_id: str) -> HttpResponse:
    invite = selectors.invite_for(consultant=consultant, public_id=public_id)
    form = ResendForm(request.POST)
    if invite.revoked or not form.is_valid():
        context = client_context(request, consultant, invite)
        context["resend_form"] = form
        if invite.revoked:
            form.add_error(None, "This link is revoked: restore it before sending it again.")
        return render(request, "consultants/client.html", context, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    services.resend_invite(
        invite=invite, email=form.cleaned_data["email"], invite_url=invite_url(request, invite)
    )
    messages.success(request, f"The link is on its way to {form.cleaned_data['email']}.")
    return redirect("consultants:client", public_id=invite.public_id)


@require_POST
@consultant_required
def note_add(request: HtmxHttpRequest, consultant: Consultant, public_id: str) -> HttpResponse:
    result = selectors.result_for(consultant=consultant, public_id=public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(result=result, text=form.cleaned_data["text"])
        if not request.htmx:
            messages.success(request, "Note saved.")
            return redirect(
                f"{reverse('consultants:client', args=[result.invite.public_id])}#r-{result.public_id}"
            )
        form = NoteForm()
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK
    row = presenters.result_row(result)
    context = {"row": row, "note_form": form, "notes": list(result.notes.all())}
    if request.htmx:
        return render(request, "consultants/client.html#notes", context, status=status)
    full = client_context(request, consultant, result.invite)
    full["failed_note"] = {"result": result.public_id, "form": form}
    return render(request, "consultants/client.html", full, status=status)


# Profile and branding ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@consultant_required
def profile(request: HttpRequest, consultant: Consultant) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=consultant)
        if form.is_valid():
            services.save_profile(
                consultant=consultant,
                fields={name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
                logo=form.cleaned_data["logo_upload"],
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
            messages.success(request, "Your profile and branding are saved.")
            return redirect("consultants:profile")
        consultant.refresh_from_db()
        return render(
            request,
            "consultants/profile.html",
            {"form": form, "consultant": consultant},
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
        )
    return render(
        request,
        "consultants/profile.html",
        {"form": ProfileForm(instance=consultant), "consultant": consultant},
    )


# Public: branding assets and the invite link --------------------------------------------------------------

LOGO_NAME = re.compile(r"^[A-Za-z0-9_-]{8,64}\.png$")
YEAR = 365 * 24 * 3600


@require_GET
def brand_css(request: HttpRequest, public_id: str, version: int) -> HttpResponse:
    consultant = get_object_or_404(Consultant, public_id=public_id)
    if not HEX_COLOUR.fullmatch(consultant.brand_colour):
        raise Http404("No such stylesheet.")
    css = (
        f".consultant-brand{{border-color:{consultant.brand_colour}}}"
        f".consultant-brand__band{{background:{consultant.brand_colour};color:#fff}}"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The version in the URL changes with the branding, so the file can be kept long.
    if version == consultant.branding_version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response


@require_GET
def logo(request: HttpRequest, name: str) -> FileResponse:
    # Stored names are random; nothing else in the storage can be reached through this view.
    path = f"{LOGO_DIRECTORY}/{name}"
    if not LOGO_NAME.match(name) or not default_storage.exists(path):
        raise Http404("No such logo.")
    response = FileResponse(default_storage.open(path, "rb"), content_type="image/png")
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response


@require_GET
def invite_open(request: HttpRequest, token: str) -> HttpResponse:
    """The client's link: remember the invite and start the questionnaire afresh (a retake starts a new
    set of answers too). A revoked link gives a page that says so; an unknown one 404."""
    invite = Invite.objects.select_related("consultant__user").filter(token=token[:64]).first()
    if invite is None or not invite.consultant.user.is_active:
        raise Http404("No invite with this link.")
    if invite.revoked:
        response = render(
            request,
            "consultants/invite_revoked.html",
            {"consultant": invite.consultant},
            status=HTTPStatus.GONE,
        )
        invites.forget(response)
    else:
        # Answers already in this browser stay (nothing typed is thrown away) and prefill the steps, so a
        # retake only changes what changed; a fresh nonce makes the next submission a new result.
        progress = Progress.from_request(request)
        progress.nonce = secrets.token_urlsafe(16)
        progress.save()
        response = redirect("questionnaire:step", slug=STEPS[0].slug)
        progress.write(response)
        invites.remember(response, invite)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def invite_leave(request: HttpRequest) -> HttpResponse:
    """Fill in the questionnaire without the consultant: the answers given so far are kept."""
    response = redirect("questionnaire:start")
    invites.forget(response)
    return response
