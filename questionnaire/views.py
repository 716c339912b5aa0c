"""The web flow: landing page, glossary, the questionnaire steps, the review, the result and its what-if.

Each view renders one template: the whole page, or (for htmx requests) the named partial that htmx swaps.
Every form is a plain POST (or GET) that works without JavaScript, with Post/Redirect/Get.
"""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
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
from advisor.vocabulary import (
    FACTOR_LABELS,
    OPTIONAL_FACTORS,
    QUESTIONS,
    REQUIRED_FACTORS,
    VERDICT_LABELS,
    Factor,
    Verdict,
    option_label,
)
from config.ratelimit import rate_limit
from questionnaire import services
from questionnaire.forms import AnswersForm
from questionnaire.models import Response
from questionnaire.services import STAGE_COUNT, STEP_BY_SLUG, STEPS, Progress, Step
from questionnaire.signals import response_stored

ALL_FACTORS: tuple[Factor, ...] = (*REQUIRED_FACTORS, *OPTIONAL_FACTORS)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("HX-Request",))
    return response


def step_url(step: Step) -> str:
    return reverse("questionnaire:step", args=[step.slug])


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
            "resume_url": resume_url(progress) if progress.started else None,
            "step_count": len(STEPS),
        },
    )


@require_GET
def glossary(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "glossary.html")


# The questionnaire -------------------------------------------------------------------------------------


def question_rows(form: AnswersForm, values: dict[str, Any]) -> list[dict[str, Any]]:
    """What the template needs for each question: wording, options, the current value and its errors."""
    rows = []
    for factor in form.factors:
        question = QUESTIONS[factor]
        if form.is_bound:
            current = form.data.get(factor.value, "")
        else:
            current = values.get(factor.value)
            current = "" if current is None else current
        rows.append(
            {
                "factor": factor.value,
                "question": question,
                "required": question.required,
                "numeric": not question.options,
                "value": str(current),
                "errors": form.errors.get(factor.value, []),
            }
        )
    return rows


def leaning_context(answers: dict[str, Any]) -> dict[str, Any]:
    weights = active_weights()
    return {
        "leaning": services.leaning(answers, weights),
        "smo_below": weights.smo_below,
        "smm_from": weights.smm_from,
    }


def render_step(
    request: HtmxHttpRequest,
    step: Step,
    progress: Progress,
    form: AnswersForm | None = None,
    *,
    status: int = HTTPStatus.OK,
    notice: str = "",
) -> HttpResponse:
    form = form or AnswersForm(step.factors, settings.SITE_CURRENCY)
    previous = services.previous_step(step)
    context = {
        "step": step,
        "step_number": services.step_number(step),
        "stage_count": STAGE_COUNT,
        "step_url": step_url(step),
        "previous_url": step_url(previous) if previous else reverse("home"),
        "rows": question_rows(form, progress.answers),
        "has_errors": form.is_bound and not form.is_valid(),
        "notice": notice,
        "budget_picks": (0, 100, 300, 1000, 3000),
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
    return redirect(resume_url(progress))


@require_POST
@with_progress
def restart(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    progress.reset()
    return redirect("questionnaire:step", slug=STEPS[0].slug)


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


def step_post(request: HtmxHttpRequest, progress: Progress, current: Step) -> HttpResponse:
    form = AnswersForm(current.factors, settings.SITE_CURRENCY, data=request.POST)
    action = request.POST.get("go", "next")

    if action == "back":
        # Keep whatever was already answered on this step, valid or not yet complete.
        progress.record(current, form.valid_values(), complete=False)
        previous = services.previous_step(current)
        if previous is None:
            return (
                HttpResponseClientRedirect(reverse("home")) if wants_fragment(request) else redirect("home")
            )
        return go_to(request, progress, previous)

    blocking = progress.blocking_step(current)
    if blocking is not None:
        return blocked(request, progress, blocking)

    if action == "skip" and current.optional:
        progress.skip(current)
        return go_to(request, progress, services.next_step(current))

    if not form.is_valid():
        return render_step(request, current, progress, form, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    progress.record(current, form.answers(), complete=True)
    return go_to(request, progress, services.next_step(current))


@require_POST
@with_progress
def live_leaning(request: HtmxHttpRequest, progress: Progress) -> HttpResponse:
    """The side panel, recomputed with the answers on screen; nothing is saved."""
    answers = dict(progress.answers)
    slug = request.POST.get("step", "")
    current = STEP_BY_SLUG.get(slug)
    if current is not None:
        form = AnswersForm(current.factors, settings.SITE_CURRENCY, data=request.POST)
        answers.update(form.valid_values())
        answers = {key: value for key, value in answers.items() if value is not None}
    return _vary(render(request, "questionnaire/step.html#leaning", leaning_context(answers)))


# Review and submit -------------------------------------------------------------------------------------


def answer_rows(answers: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for current in STEPS:
        for factor in current.factors:
            value = answers.get(factor.value)
            rows.append(
                {
                    "factor": factor.value,
                    "label": FACTOR_LABELS[factor],
                    "display": display_answer(factor, value),
                    "answered": value is not None,
                    "change_url": f"{step_url(current)}#q-{factor.value}",
                }
            )
    return rows


def display_answer(factor: Factor, value: Any) -> str:
    if value is None or value == "":
        return "Skipped"
    if factor == Factor.MONTHLY_BUDGET:
        return f"{float(value):,.0f} {settings.SITE_CURRENCY} a month"
    if factor == Factor.WEEKLY_HOURS:
        return f"{float(value):g} hours a week"
    return option_label(factor, str(value))


def render_review(
    request: HtmxHttpRequest, progress: Progress, *, status: int = HTTPStatus.OK, notice: str = ""
) -> HttpResponse:
    context = {
        "rows": answer_rows(progress.answers),
        "digest": services.answers_digest(progress.answers),
        "stage_count": STAGE_COUNT,
        "step_number": STAGE_COUNT,
        "previous_url": step_url(STEPS[-1]),
        "notice": notice,
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
    if request.POST.get("digest", "") != services.answers_digest(progress.answers):
        return render_review(
            request,
            progress,
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
            notice="Your answers changed since this page was shown. Check them below, then send them again.",
        )
    stored = services.store_response(answers, progress.nonce)
    progress.last_result = stored.token
    progress.save()
    response_stored.send(sender=Response, response=stored, request=request)
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


def factor_rows(recommendation: Recommendation) -> list[dict[str, Any]]:
    largest = max((abs(row.contribution) for row in recommendation.factors), default=0.0) or 1.0
    rows = []
    for row in recommendation.factors:
        rows.append(
            {
                "label": FACTOR_LABELS[row.factor],
                "answer": display_answer(row.factor, row.answer),
                "contribution": row.contribution,
                "share": abs(row.contribution) / largest,
                "reason": row.reason,
            }
        )
    return rows


def flip_sentence(recommendation: Recommendation) -> str:
    flip = recommendation.flip
    if flip is None:
        return ""
    if flip.message:
        return flip.message  # written by the advisor; results stored before it existed have none
    factor = flip.field
    value = flip.value
    if factor == Factor.MONTHLY_BUDGET:
        amount = float(value)
        current = next(
            (float(row.answer) for row in recommendation.factors if row.factor == Factor.MONTHLY_BUDGET), 0.0
        )
        if amount <= 0:
            change = "With no money for ads (a monthly budget of 0)"
        elif amount > current:
            change = f"With a monthly budget of at least {amount:,.0f} {settings.SITE_CURRENCY}"
        else:
            change = f"With a monthly budget of {amount:,.0f} {settings.SITE_CURRENCY} or less"
    elif factor == Factor.WEEKLY_HOURS:
        change = f"With {float(value):g} hours a week for posts and replies"
    else:
        change = f"If the answer to “{QUESTIONS[factor].text}” were “{option_label(factor, str(value))}”"
    return f"{change}, the advice would be: {VERDICT_LABELS[flip.verdict]}."


def flip_links(
    recommendation: Recommendation, token: str | None, answers: dict[str, Any]
) -> list[dict[str, str]]:
    """The flip and its alternatives, each with a what-if link pre-filled with that one change."""
    flips = [flip for flip in (recommendation.flip, *recommendation.alternatives) if flip is not None]
    links = []
    for flip in flips:
        url = ""
        if token is not None:
            changed = {key: value for key, value in answers.items() if value is not None}
            changed[flip.field.value] = flip.value
            changed = {
                key: int(value) if isinstance(value, float) and value.is_integer() else value
                for key, value in changed.items()
            }
            url = f"{reverse('what-if', args=[token])}?{urlencode(changed)}#what-if-result"
        links.append({"message": flip.message or flip_sentence(recommendation), "url": url})
    return links


def advice_context(
    recommendation: Recommendation, token: str | None = None, answers: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "rec": recommendation,
        "verdict_label": VERDICT_LABELS[recommendation.verdict],
        "factor_rows": factor_rows(recommendation),
        "flip_sentence": flip_sentence(recommendation),
        "flip_links": flip_links(recommendation, token, answers or {}),
    }


def what_if_rows(form: AnswersForm | None, answers: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for factor in ALL_FACTORS:
        question = QUESTIONS[factor]
        if form is not None and form.is_bound:
            value = form.data.get(factor.value, "")
            errors = form.errors.get(factor.value, [])
        else:
            stored = answers.get(factor.value)
            value = "" if stored is None else stored
            errors = []
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        rows.append(
            {
                "factor": factor.value,
                "label": FACTOR_LABELS[factor],
                "question": question,
                "required": question.required,
                "numeric": not question.options,
                "value": str(value),
                "errors": errors,
            }
        )
    return rows


def result_context(request: HtmxHttpRequest, stored: Response, active_version: int | None) -> dict[str, Any]:
    recommendation = Recommendation.model_validate(stored.recommendation)
    smo_below, smm_from = services.thresholds(stored.weight_set)
    context: dict[str, Any] = {
        "response": stored,
        "share_url": request.build_absolute_uri(reverse("result", args=[stored.token])),
        "smo_below": smo_below,
        "smm_from": smm_from,
        "answers": stored.answers,
        **advice_context(recommendation, stored.token, stored.answers),
    }
    if active_version is not None and active_version != stored.weights_version:
        try:
            saved_answers = Answers.model_validate(stored.answers)
        except ValidationError:
            saved_answers = None
        if saved_answers is not None:
            rescored = services.score_answers(saved_answers)
            weights = active_weights()
            context["rescored"] = rescored
            context["rescored_label"] = VERDICT_LABELS[rescored.verdict]
            context["rescored_flip"] = flip_sentence(rescored)
            context["rescored_thresholds"] = (weights.smo_below, weights.smm_from)
            # Whole numbers without ".0", whatever the database's JSON column gave back.
            saved = {
                key: int(value) if isinstance(value, float) and value.is_integer() else value
                for key, value in services.answers_to_json(saved_answers).items()
            }
            context["rescored_url"] = (
                f"{reverse('what-if', args=[stored.token])}?{urlencode(saved)}#what-if-result"
            )
    return context


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the only key to a result: keep it out of other sites' referrers, search engines and
    # shared caches. ("no-referrer" would also make browsers send "Origin: null" with this page's own
    # forms, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True)
    return _vary(response)


# Rendered result pages are kept this long; a deploy that changes the result templates shows the new look
# everywhere within this time.
RESULT_PAGE_CACHE_SECONDS = 600
TOKEN_MAX_LENGTH = Response._meta.get_field("token").max_length


@require_GET
def result(request: HtmxHttpRequest, token: str) -> HttpResponse:
    # A stored result never changes (nor is it deleted: the admin is read-only), and the page holds nothing
    # per visitor (no CSRF token: see result.html), so each process keeps the rendered page. The key holds
    # everything the page depends on: the snapshot, whether today's weights differ, and the site's address
    # in the share link. Only tokens that were found get cached, so unknown ones still give 404.
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404("No result with this link.")
    active_version = active_weights_version()
    key = f"result-page:{token}:{active_version}:{request.build_absolute_uri('/')}"
    page = caches["pages"].get(key)
    if page is None:
        stored = get_object_or_404(Response.objects.select_related("weight_set"), token=token)
        context = result_context(request, stored, active_version)
        context["what_if_rows"] = what_if_rows(None, stored.answers)
        page = render_to_string("questionnaire/result.html", context, request=request)
        caches["pages"].set(key, page, RESULT_PAGE_CACHE_SECONDS)
    return _private(HttpResponse(page))


@require_GET
def what_if(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The result with some answers changed, scored with today's weights and never saved."""
    stored = get_object_or_404(Response.objects.select_related("weight_set"), token=token)
    form = AnswersForm(ALL_FACTORS, settings.SITE_CURRENCY, data=request.GET)
    what_if_context: dict[str, Any] = {"what_if_rows": what_if_rows(form, stored.answers)}
    status = HTTPStatus.OK
    if form.is_valid():
        answers = Answers.model_validate(form.answers())
        recommendation = services.score_answers(answers)
        weights = active_weights()
        what_if_context.update(
            {
                "what_if": advice_context(recommendation, stored.token, services.answers_to_json(answers)),
                "what_if_answers": services.answers_to_json(answers),
                "what_if_changed": services.answers_to_json(answers)
                != {key: value for key, value in stored.answers.items() if value is not None},
                "what_if_thresholds": (weights.smo_below, weights.smm_from),
                "what_if_same_verdict": recommendation.verdict == Verdict(stored.verdict),
            }
        )
    else:
        what_if_context["what_if_invalid"] = True
        status = HTTPStatus.UNPROCESSABLE_ENTITY
    if wants_fragment(request):
        response = render(request, "questionnaire/result.html#what-if-result", what_if_context, status=status)
        return _private(response)
    context = result_context(request, stored, active_weights_version())
    context.update(what_if_context)
    return _private(render(request, "questionnaire/result.html", context, status=status))


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
