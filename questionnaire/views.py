"""The web flow: landing page, glossary, the questionnaire steps, the review, the result and its what-if.

Each view renders one template: the whole page, or (for htmx requests) the named partial that htmx swaps.
Every form is a plain POST (or GET) that works without JavaScript, with Post/Redirect/Get. Views parse the
request, call a selector or a service, and hand what the page shows (from ``presenters``) to a template.
"""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails
from pydantic import ValidationError

from advisor.domain import Answers, Recommendation
from advisor.selectors import active_weights, active_weights_version
from advisor.vocabulary import OPTIONAL_FACTORS, REQUIRED_FACTORS, VERDICT_LABELS, Factor, Verdict
from config.ratelimit import rate_limit
from questionnaire import funnel, pdf, presenters, result_pages, selectors, services, steps
from questionnaire.forms import AnswersForm, EmailForm
from questionnaire.models import TOKEN_MAX_LENGTH, Response
from questionnaire.presenters import step_url
from questionnaire.progress import Progress, answers_digest, answers_to_json
from questionnaire.signals import response_stored
from questionnaire.steps import STAGE_COUNT, STEP_BY_SLUG, STEPS, Step

ALL_FACTORS: tuple[Factor, ...] = (*REQUIRED_FACTORS, *OPTIONAL_FACTORS)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("HX-Request",))
    return response


def with_progress(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Hands the view the visitor's progress (from its signed cookie) and stores it back if it changed."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        progress = Progress.from_request(request)
        response = view(request, progress, *args, **kwargs)
        progress.write(response)
        # The page depends on the cookie: no shared cache may hand it to someone else.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper


def resume_url(progress: Progress) -> str:
    step = progress.first_incomplete()
    return step_url(step) if step is not None else reverse("questionnaire:review")


# Pages ---------------------------------------------------------------------------------------------------


@require_GET
@with_progress
def home(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "progress": progress,
            "has_result": progress.last_result is not None,
            "resume_url": resume_url(progress) if progress.started else None,
            "step_count": len(STEPS),
            "question_count": sum(len(step.factors) for step in STEPS),
            "optional_count": len(OPTIONAL_FACTORS),
        },
    )


@require_GET
def glossary(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "glossary.html")


# The questionnaire -------------------------------------------------------------------------------------


def leaning_context(answers: dict[str, Any]) -> dict[str, Any]:
    weights = active_weights()
    return {
        "leaning": selectors.leaning(answers, weights),
        "smo_below": weights.smo_below,
        "smm_from": weights.smm_from,
    }


def step_form(step: Step, progress: Progress, data: Any = None, *, focus: str = "") -> AnswersForm:
    initial = {factor.value: progress.answers.get(factor.value) for factor in step.factors}
    if step.optional and step.slug in progress.done:
        # A finished optional step shows its skipped questions as "Skip", not as unanswered.
        initial = {key: "" if value is None else value for key, value in initial.items()}
    return AnswersForm(step.factors, settings.SITE_CURRENCY, data=data, initial=initial, focus=focus)


def render_step(
    request: HtmxHttpRequest,
    step: Step,
    progress: Progress,
    form: AnswersForm | None = None,
    *,
    status: int = HTTPStatus.OK,
    notice: str = "",
    confirm_skip: bool = False,
) -> HttpResponse:
    back_to_review = request.GET.get("back", request.POST.get("back", "")) == "review"
    form = form or step_form(step, progress, focus=request.GET.get("focus", ""))
    previous = steps.previous_step(step)
    context = {
        "step": step,
        "form": form,
        "step_number": steps.step_number(step),
        "stage_count": STAGE_COUNT,
        "step_url": step_url(step),
        "previous_url": step_url(previous) if previous else reverse("home"),
        "has_errors": form.is_bound and bool(form.errors),
        "notice": notice,
        "confirm_skip": confirm_skip,
        "back_to_review": back_to_review and progress.first_incomplete() is None,
        "has_result": progress.last_result is not None,
        **leaning_context(progress.answers),
    }
    template = "questionnaire/step.html#flow" if wants_fragment(request) else "questionnaire/step.html"
    response = render(request, template, context, status=status)
    if wants_fragment(request):
        push_url(response, step_url(step))
    return _vary(response)


def go_to(request: HtmxHttpRequest, progress: Progress, target: Step | None) -> HttpResponse:
    """After a valid POST: the next page as a fragment for htmx, or a redirect (Post/Redirect/Get)."""
    if target is None:
        if wants_fragment(request):
            return render_review(request, progress)
        return redirect("questionnaire:review")
    if wants_fragment(request):
        return render_step(request, target, progress)
    return redirect("questionnaire:step", slug=target.slug)


def blocked(request: HtmxHttpRequest, progress: Progress, step: Step) -> HttpResponse:
    """Someone posted to a later step (or the review) before answering an earlier required step."""
    form = AnswersForm(step.factors, settings.SITE_CURRENCY, data={})
    form.is_valid()
    return render_step(
        request,
        step,
        progress,
        form,
        status=HTTPStatus.UNPROCESSABLE_ENTITY,
        notice="Please answer these questions first: the later steps build on them.",
    )


@require_GET
@with_progress
def start(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    funnel.record_once(progress, step=funnel.STARTED)
    return redirect(resume_url(progress))


@require_POST
@with_progress
def restart(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    progress.reset()
    funnel.record_once(progress, step=funnel.STARTED)
    return redirect("questionnaire:step", slug=STEPS[0].slug)


@require_http_methods(["GET", "HEAD", "POST"])
@with_progress
def new_assessment(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    """Start a new assessment: asks first (a GET shows what will be cleared), then clears everything.

    Linked from the result page, which is cached whole and so cannot carry a CSRF token itself.
    """
    if request.method == "POST":
        progress.forget_everything()
        return redirect("questionnaire:step", slug=STEPS[0].slug)
    context = {"progress": progress, "has_result": progress.last_result is not None}
    return render(request, "questionnaire/new.html", context)


@with_progress
def step(request: HtmxHttpRequest, progress: Progress, slug: str) -> HttpResponse:
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such step.")
    if request.method in ("GET", "HEAD"):
        return step_get(request, progress, current)
    if request.method == "POST":
        return step_post(request, progress, current)
    return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED, headers={"Allow": "GET, POST"})


def step_get(request: HtmxHttpRequest, progress: Progress, current: Step) -> HttpResponse:
    blocking = progress.blocking_step(current)
    if blocking is not None:
        if wants_fragment(request):
            return render_step(request, blocking, progress)
        return redirect("questionnaire:step", slug=blocking.slug)
    return render_step(request, current, progress)


def step_back(request: HtmxHttpRequest, progress: Progress, current: Step, form: AnswersForm) -> HttpResponse:
    # Keep whatever was already answered on this step, valid or not yet complete.
    progress.record(current, form.valid_values(), complete=False)
    previous = steps.previous_step(current)
    if previous is None:
        return HttpResponseClientRedirect(reverse("home")) if wants_fragment(request) else redirect("home")
    return go_to(request, progress, previous)


def step_skip(request: HtmxHttpRequest, progress: Progress, current: Step, form: AnswersForm) -> HttpResponse:
    """Skip an optional step; when it holds answers, ask first whether to keep or clear them."""
    posted = form.chosen_values()
    if (posted or progress.answers_for(current)) and request.POST.get("go") != "skip-clear":
        # Show what would be lost: the answers on screen, or else the ones kept earlier.
        shown = step_form(current, progress, data=request.POST) if posted else step_form(current, progress)
        return render_step(request, current, progress, shown, confirm_skip=True)
    progress.skip(current)
    funnel.record_once(progress, step=current.slug)
    return go_to(request, progress, steps.next_step(current))


def step_post(request: HtmxHttpRequest, progress: Progress, current: Step) -> HttpResponse:
    form = step_form(current, progress, data=request.POST)
    action = request.POST.get("go", "next")
    if action == "back":
        return step_back(request, progress, current, form)

    blocking = progress.blocking_step(current)
    if blocking is not None:
        return blocked(request, progress, blocking)

    if action in ("skip", "skip-clear") and current.optional:
        return step_skip(request, progress, current, form)

    if not form.is_valid():
        return render_step(request, current, progress, form, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    progress.record(current, form.answers(), complete=True)
    funnel.record_once(progress, step=current.slug)
    if request.POST.get("back") == "review" and progress.first_incomplete() is None:
        # "Change" on the review page: back to the review, not through the later steps again.
        return go_to(request, progress, None)
    return go_to(request, progress, steps.next_step(current))


@require_POST
@with_progress
def live_leaning(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    """The side panel, recomputed with the answers on screen; nothing is saved."""
    answers = dict(progress.answers)
    current = STEP_BY_SLUG.get(request.POST.get("step", ""))
    if current is not None:
        form = AnswersForm(current.factors, settings.SITE_CURRENCY, data=request.POST)
        answers.update(form.valid_values())
        answers = {key: value for key, value in answers.items() if value is not None}
    return _vary(render(request, "questionnaire/step.html#leaning", leaning_context(answers)))


# Review and submit -------------------------------------------------------------------------------------


def render_review(
    request: HtmxHttpRequest, progress: Progress, *, status: int = HTTPStatus.OK, notice: str = ""
) -> HttpResponse:
    context = {
        "rows": presenters.answer_rows(progress.answers),
        "digest": answers_digest(progress.answers),
        "stage_count": STAGE_COUNT,
        "step_number": STAGE_COUNT,
        "previous_url": step_url(STEPS[-1]),
        "notice": notice,
        "has_result": progress.last_result is not None,
        **leaning_context(progress.answers),
    }
    template = "questionnaire/review.html#flow" if wants_fragment(request) else "questionnaire/review.html"
    response = render(request, template, context, status=status)
    if wants_fragment(request):
        push_url(response, reverse("questionnaire:review"))
    return _vary(response)


@require_GET
@with_progress
def review(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    missing = progress.first_incomplete()
    if missing is not None:
        if wants_fragment(request):
            return render_step(request, missing, progress)
        return redirect("questionnaire:step", slug=missing.slug)
    return render_review(request, progress)


@require_POST
@rate_limit("submit", "RATE_LIMIT_SUBMIT")
@with_progress
def submit(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    missing = progress.first_incomplete()
    if missing is not None and not missing.optional:
        return blocked(request, progress, missing)
    answers = progress.complete_answers()
    if answers is None:
        return blocked(request, progress, STEPS[0])
    # The review form carries the digest of the answers it showed: anything else (missing, altered, or
    # answers changed in another tab since) sends the visitor back to the review.
    if request.POST.get("digest", "") != answers_digest(progress.answers):
        return render_review(
            request,
            progress,
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
            notice="Your answers changed since this page was shown. Check them below, then send them again.",
        )
    stored = services.store_response(answers, progress.nonce)
    funnel.record_once(progress, step=funnel.FINISHED)
    response_stored.send(sender=Response, response=stored, request=request)
    progress.last_result = stored.token
    progress.save()
    redirect_response = HttpResponseRedirect(
        reverse("result", args=[stored.token]), status=HTTPStatus.SEE_OTHER
    )
    services.remember_owned_result(request, redirect_response, stored.token)
    return redirect_response


@require_POST
@with_progress
def prefill(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    """Start again from a what-if: load its answers as the visitor's progress and open the review."""
    form = AnswersForm(ALL_FACTORS, settings.SITE_CURRENCY, data=request.POST)
    if not form.is_valid():
        return render(
            request,
            "questionnaire/prefill_error.html",
            {"errors": form.errors},
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
        )
    answers = Answers.model_validate(form.answers())
    progress.load(answers)
    return redirect("questionnaire:review")


# The result --------------------------------------------------------------------------------------------


def rescored_context(stored: Response) -> dict[str, Any]:
    """Today's advice for a result saved under other weights, or nothing if its answers no longer fit."""
    try:
        saved_answers = Answers.model_validate(stored.answers)
    except ValidationError:
        return {}
    rescored = selectors.score_answers(saved_answers)
    weights = active_weights()
    # Whole numbers without ".0", whatever the database's JSON column gave back.
    saved = presenters.whole_numbers(answers_to_json(saved_answers))
    return {
        "rescored": rescored,
        "rescored_label": VERDICT_LABELS[rescored.verdict],
        "rescored_flip": presenters.flip_sentence(rescored),
        "rescored_thresholds": (weights.smo_below, weights.smm_from),
        "rescored_url": f"{reverse('what-if', args=[stored.token])}?{urlencode(saved)}#what-if-result",
    }


def result_context(request: HtmxHttpRequest, stored: Response, active_version: int | None) -> dict[str, Any]:
    recommendation = Recommendation.model_validate(stored.recommendation)
    smo_below, smm_from = selectors.thresholds(stored.weight_set)
    context: dict[str, Any] = {
        "response": stored,
        "share_url": request.build_absolute_uri(reverse("result", args=[stored.token])),
        "smo_below": smo_below,
        "smm_from": smm_from,
        "answers": stored.answers,
        "pdf_available": pdf.available(),
        **presenters.advice_context(recommendation, stored.token, stored.answers),
    }
    if active_version is not None and active_version != stored.weights_version:
        context.update(rescored_context(stored))
    return context


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the only key to a result: keep it out of other sites' referrers, search engines and
    # shared caches. ("no-referrer" would also make browsers send "Origin: null" with this page's own
    # forms, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True)
    return _vary(response)


def what_if_form(stored: Response, data: Any = None) -> AnswersForm:
    return AnswersForm(ALL_FACTORS, settings.SITE_CURRENCY, data=data, initial=stored.answers, compact=True)


def stored_result(token: str) -> Response:
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404("No result with this link.")
    return get_object_or_404(Response.objects.select_related("weight_set"), token=token)


@require_GET
def result(request: HtmxHttpRequest, token: str) -> HttpResponse:
    # A stored result never changes and the page holds nothing per visitor (no CSRF token: see result.html),
    # so each process keeps the rendered page (questionnaire/result_pages.py says how a deleted result or
    # changed branding leaves every process within a second). Only tokens that were found get kept, so
    # unknown ones still give 404.
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404("No result with this link.")
    active_version = active_weights_version()
    key = result_pages.page_key(
        token=token, weights_version=active_version, site=request.build_absolute_uri("/")
    )
    page = result_pages.kept_page(key)
    if page is None:
        stored = stored_result(token)
        context = result_context(request, stored, active_version)
        context["what_if_form"] = what_if_form(stored)
        page = render_to_string("questionnaire/result.html", context, request=request)
        result_pages.keep_page(key, page)
    return _private(HttpResponse(page))


def what_if_context(stored: Response, form: AnswersForm) -> dict[str, Any]:
    if not form.is_valid():
        return {"what_if_form": form, "what_if_invalid": True}
    answers = Answers.model_validate(form.answers())
    recommendation = selectors.score_answers(answers)
    saved = Recommendation.model_validate(stored.recommendation)
    weights = active_weights()
    return {
        "what_if_form": form,
        "what_if": presenters.advice_context(recommendation, stored.token, answers_to_json(answers)),
        "what_if_answers": answers_to_json(answers),
        "what_if_changed": answers_to_json(answers)
        != {key: value for key, value in stored.answers.items() if value is not None},
        "what_if_changes": presenters.what_if_changes(saved, recommendation),
        "what_if_rows": presenters.comparison_rows(saved, recommendation),
        "what_if_thresholds": (weights.smo_below, weights.smm_from),
        "what_if_same_verdict": recommendation.verdict == Verdict(stored.verdict),
        "saved_label": VERDICT_LABELS[saved.verdict],
    }


@require_GET
def what_if(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The result with some answers changed, scored with today's weights and never saved."""
    stored = stored_result(token)
    context = what_if_context(stored, what_if_form(stored, request.GET))
    status = HTTPStatus.UNPROCESSABLE_ENTITY if context.get("what_if_invalid") else HTTPStatus.OK
    if wants_fragment(request):
        response = render(request, "questionnaire/result.html#what-if-result", context, status=status)
        return _private(response)
    page_context = result_context(request, stored, active_weights_version())
    page_context.update(context)
    return _private(render(request, "questionnaire/result.html", page_context, status=status))


# Keeping a result: PDF and email -------------------------------------------------------------------------


@require_GET
def result_pdf(request: HtmxHttpRequest, token: str) -> HttpResponse:
    stored = stored_result(token)
    if not pdf.available():
        return _private(
            render(request, "questionnaire/pdf_unavailable.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
        )
    share_url = request.build_absolute_uri(reverse("result", args=[stored.token]))
    response = HttpResponse(pdf.render_result(stored, share_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(stored)}"'
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("email", "RATE_LIMIT_EMAIL")
def email_result(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """ "Email me this result": queue the email, then say it is on its way (Post/Redirect/Get)."""
    stored = stored_result(token)
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        share_url = request.build_absolute_uri(reverse("result", args=[stored.token]))
        services.queue_result_email(
            response=stored, address=form.cleaned_data["address"], share_url=share_url
        )
        return redirect(f"{reverse('result-email', args=[stored.token])}?queued=1")
    context = {"response": stored, "email_form": form, "queued": request.GET.get("queued") == "1"}
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.is_bound else HTTPStatus.OK
    template = (
        "questionnaire/email.html#email-form" if wants_fragment(request) else "questionnaire/email.html"
    )
    return _private(render(request, template, context, status=status))


@require_http_methods(["GET", "POST"])
def delete_result(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The person who submitted a result can delete it, after a confirmation.

    Ownership is proven by the signed cookie set at submit (see services.owned_results); anyone else who
    has the link gets a page saying only the submitter can delete it.
    """
    stored = get_object_or_404(Response, token=token[:TOKEN_MAX_LENGTH])
    if token not in services.owned_results(request):
        return _private(
            render(
                request,
                "questionnaire/delete_result.html",
                {"response": stored, "owner": False},
                status=HTTPStatus.FORBIDDEN,
            )
        )
    if request.method == "POST":
        services.delete_response(stored)
        response = redirect("result-deleted")
        services.forget_owned_result(request, response, token)
        return response
    return _private(render(request, "questionnaire/delete_result.html", {"response": stored, "owner": True}))


@require_GET
def result_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "questionnaire/result_deleted.html")
