"""What the questionnaire's templates show, worked out from answers and recommendations.

Presenters only shape data for display: they read nothing from the database and write nothing.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from advisor.domain import Recommendation
from advisor.money import format_hours, format_money
from advisor.vocabulary import FACTOR_LABELS, QUESTIONS, VERDICT_LABELS, Factor, Verdict, option_label
from questionnaire.steps import STEPS, Step

# How many reasons and actions the top of the result shows before the rest.
MAIN_REASONS = 3
FIRST_ACTIONS = 3

VERDICT_SUMMARIES: dict[Verdict, str] = {
    Verdict.SMO_FIRST: (
        "Put your effort into free, organic work first: profiles, regular posts and conversations. "
        "Paid ads can wait."
    ),
    Verdict.SMM_FIRST: (
        "Paid ads are your fastest route: put most of the budget into targeted campaigns and keep the "
        "profiles active."
    ),
    Verdict.BLENDED: "Do both: keep up organic work and run small, measured paid campaigns beside it.",
}


def money(amount: float) -> str:
    # The advisor's one rounding rule, so the figures here match the plan's.
    return format_money(float(amount), settings.SITE_CURRENCY)


def hours(amount: float) -> str:
    return format_hours(float(amount))


def step_url(step: Step) -> str:
    return reverse("questionnaire:step", args=[step.slug])


def display_answer(factor: Factor, value: Any) -> str:
    if value is None or value == "":
        return "Skipped"
    if factor == Factor.MONTHLY_BUDGET:
        return f"{money(float(value))} a month"
    if factor == Factor.WEEKLY_HOURS:
        return f"{float(value):g} hours a week"
    return option_label(factor, str(value))


def answer_rows(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The review page's rows; "Change" opens the step on that question and comes back to the review."""
    rows = []
    for step in STEPS:
        for factor in step.factors:
            value = answers.get(factor.value)
            rows.append(
                {
                    "factor": factor.value,
                    "label": FACTOR_LABELS[factor],
                    "display": display_answer(factor, value),
                    "answered": value is not None,
                    # No #fragment: browsers skip autofocus when the URL names a target.
                    "change_url": f"{step_url(step)}?back=review&focus={factor.value}",
                }
            )
    return rows


def factor_rows(recommendation: Recommendation) -> list[dict[str, Any]]:
    largest = max((abs(row.contribution) for row in recommendation.factors), default=0.0) or 1.0
    return [
        {
            "label": FACTOR_LABELS[row.factor],
            "answer": display_answer(row.factor, row.answer),
            "contribution": row.contribution,
            "share": abs(row.contribution) / largest,
            "reason": row.reason,
        }
        for row in recommendation.factors
    ]


def answer_of(recommendation: Recommendation, factor: Factor) -> Any:
    return next((row.answer for row in recommendation.factors if row.factor == factor), None)


def flip_change(recommendation: Recommendation) -> str:
    """The condition part of the flip sentence ("With a monthly budget of at least …")."""
    flip = recommendation.flip
    assert flip is not None
    if flip.field == Factor.MONTHLY_BUDGET:
        amount = float(flip.value)
        current = float(answer_of(recommendation, Factor.MONTHLY_BUDGET) or 0.0)
        if amount <= 0:
            return "With no money for ads (a monthly budget of 0)"
        if amount > current:
            return f"With a monthly budget of at least {money(amount)}"
        return f"With a monthly budget of {money(amount)} or less"
    if flip.field == Factor.WEEKLY_HOURS:
        return f"With {float(flip.value):g} hours a week for posts and replies"
    label = option_label(flip.field, str(flip.value))
    return f"If the answer to “{QUESTIONS[flip.field].text}” were “{label}”"


def flip_sentence(recommendation: Recommendation) -> str:
    if recommendation.flip is None:
        return ""
    if recommendation.flip.message:
        return (
            recommendation.flip.message
        )  # written by the advisor; results stored before it existed have none
    return (
        f"{flip_change(recommendation)}, the advice would be: {VERDICT_LABELS[recommendation.flip.verdict]}."
    )


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def key_figures(recommendation: Recommendation) -> list[Figure]:
    """Money and hours in words, without a line of zeros for ads that the advice does not include."""
    split = recommendation.split
    figures = []
    if split.monthly_ad_spend > 0:
        figures.append(Figure("On ads", f"{money(split.monthly_ad_spend)} a month"))
    else:
        figures.append(Figure("On ads", "Nothing for now"))
    if split.monthly_organic_spend > 0:
        figures.append(Figure("On content, tools or help", f"{money(split.monthly_organic_spend)} a month"))
    figures.append(Figure("Posting and replies", f"{hours(split.weekly_hours)} a week"))
    if split.paid_hours > 0:
        figures.append(Figure("Running the ads", f"{hours(split.paid_hours)} a week"))
    return figures


def first_actions(recommendation: Recommendation) -> list[str]:
    """The plan's first actions, in order: what to do in the next 30 days."""
    actions = [action for phase in recommendation.plan for action in phase.actions]
    return actions[:FIRST_ACTIONS]


def whole_numbers(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: int(value) if isinstance(value, float) and value.is_integer() else value
        for key, value in values.items()
    }


def flip_links(
    recommendation: Recommendation, token: str | None, answers: dict[str, Any]
) -> list[dict[str, str]]:
    """The flip and its alternatives, each with a what-if link pre-filled with that one change."""
    flips = [flip for flip in (recommendation.flip, *recommendation.alternatives) if flip is not None]
    links = []
    for flip in flips:
        url = ""
        if token is not None:
            # In the questionnaire's order, whatever order the database's JSON column gave back.
            changed = {factor.value: answers.get(factor.value) for factor in Factor}
            changed[flip.field.value] = flip.value
            changed = {key: value for key, value in changed.items() if value is not None}
            url = f"{reverse('what-if', args=[token])}?{urlencode(whole_numbers(changed))}#what-if-result"
        links.append({"message": flip.message or flip_sentence(recommendation), "url": url})
    return links


def advice_context(
    recommendation: Recommendation, token: str | None = None, answers: dict[str, Any] | None = None
) -> dict[str, Any]:
    rows = factor_rows(recommendation)
    return {
        "rec": recommendation,
        "verdict_label": VERDICT_LABELS[recommendation.verdict],
        "verdict_summary": VERDICT_SUMMARIES[recommendation.verdict],
        "factor_rows": rows,
        "main_reasons": rows[:MAIN_REASONS],
        "more_reasons": rows[MAIN_REASONS:],
        "flip_sentence": flip_sentence(recommendation),
        "flip_links": flip_links(recommendation, token, answers or {}),
        "key_figures": key_figures(recommendation),
        "first_actions": first_actions(recommendation),
        "has_paid": recommendation.split.monthly_ad_spend > 0 or recommendation.split.paid_hours > 0,
    }


def what_if_changes(saved: Recommendation, new: Recommendation) -> list[str]:
    """How the what-if differs from the saved advice, in words: "ads 300 USD a month more", …"""
    changes = []
    ads = new.split.monthly_ad_spend - saved.split.monthly_ad_spend
    if abs(ads) >= 0.5:
        changes.append(f"ads: {money(abs(ads))} a month {'more' if ads > 0 else 'less'}")
    organic = new.split.monthly_organic_spend - saved.split.monthly_organic_spend
    if abs(organic) >= 0.5:
        changes.append(
            f"content, tools or help: {money(abs(organic))} a month {'more' if organic > 0 else 'less'}"
        )
    total_hours = (new.split.weekly_hours + new.split.paid_hours) - (
        saved.split.weekly_hours + saved.split.paid_hours
    )
    if abs(total_hours) >= 0.05:
        changes.append(f"{hours(abs(round(total_hours, 1)))} a week {'more' if total_hours > 0 else 'fewer'}")
    new_first = first_actions(new)
    if new_first != first_actions(saved):
        changes.append("a different plan for the first 30 days")
    return changes


def comparison_rows(saved: Recommendation, new: Recommendation) -> list[tuple[str, str, str]]:
    """Saved advice beside the what-if: (what, saved, what-if) in words."""

    def ads(rec: Recommendation) -> str:
        spend = rec.split.monthly_ad_spend
        return f"{money(spend)} a month" if spend > 0 else "Nothing for now"

    def weekly(rec: Recommendation) -> str:
        return f"{hours(round(rec.split.weekly_hours + rec.split.paid_hours, 1))} a week"

    def first(rec: Recommendation) -> str:
        actions = first_actions(rec)
        return actions[0] if actions else "—"

    return [
        ("Advice", VERDICT_LABELS[saved.verdict], VERDICT_LABELS[new.verdict]),
        ("On ads", ads(saved), ads(new)),
        ("Hours", weekly(saved), weekly(new)),
        ("First step", first(saved), first(new)),
    ]
