"""The scoring: ``recommend(answers, weights)`` and the pieces it is made of. Pure functions, no Django.

The score is the importance-weighted mean of the leans of the answered factors (−1 all organic, +1 all
paid). Two thresholds cut it into the three verdicts; a budget of 0 is always organic-first.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass

from advisor.domain import (
    AdviceWarning,
    Answers,
    FactorContribution,
    Flip,
    PlanPhase,
    Recommendation,
    Split,
    Weights,
)
from advisor.reasons import CHOICE_REASONS, budget_reason, hours_reason
from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    Audience,
    Experience,
    Factor,
    Profiles,
    Verdict,
    choices,
)

# When several single changes flip the verdict with equally few steps, prefer the one a person can act on.
FLIP_PREFERENCE: tuple[Factor, ...] = (
    Factor.MONTHLY_BUDGET,
    Factor.WEEKLY_HOURS,
    Factor.HORIZON,
    Factor.PROFILES,
    Factor.AUDIENCE,
    Factor.GOAL,
    Factor.REACH,
    Factor.EXPERIENCE,
    Factor.STAGE,
)

_OPTION_INDEX: dict[Factor, dict[str, int]] = {
    factor: {value: index for index, value in enumerate(choices(factor))}
    for factor in Factor
    if factor not in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS)
}

# Hours a week suggested when the person did not say how many they have.
SUGGESTED_ORGANIC_HOURS: dict[Verdict, float] = {
    Verdict.SMO_FIRST: 6.0,
    Verdict.BLENDED: 4.0,
    Verdict.SMM_FIRST: 2.0,
}
SUGGESTED_PAID_HOURS: dict[Verdict, float] = {
    Verdict.SMO_FIRST: 1.0,
    Verdict.BLENDED: 2.0,
    Verdict.SMM_FIRST: 3.0,
}
# Bounds on the paid share of effort and money for each verdict, so the split always matches the advice.
PAID_SHARE_BOUNDS: dict[Verdict, tuple[float, float]] = {
    Verdict.SMO_FIRST: (0.0, 0.25),
    Verdict.BLENDED: (0.3, 0.7),
    Verdict.SMM_FIRST: (0.6, 0.9),
}


def band_index(value: float, bands: list[float]) -> int:
    """Bands are inclusive upper bounds: band i holds (bands[i-1], bands[i]]; the last band is open."""
    return bisect_left(bands, value)


def option_index(factor: Factor, value: str | float, weights: Weights) -> int:
    if factor == Factor.MONTHLY_BUDGET:
        return band_index(float(value), weights.budget_bands)
    if factor == Factor.WEEKLY_HOURS:
        return band_index(float(value), weights.hour_bands)
    return _OPTION_INDEX[factor][str(value)]


def verdict_for(score: float, monthly_budget: float, weights: Weights) -> Verdict:
    if monthly_budget <= 0:
        return Verdict.SMO_FIRST  # the guard no weight can undo: no money, no ads
    if score < weights.smo_below:
        return Verdict.SMO_FIRST
    if score >= weights.smm_from:
        return Verdict.SMM_FIRST
    return Verdict.BLENDED


@dataclass(frozen=True, slots=True)
class _Term:
    factor: Factor
    answer: str | float
    index: int
    importance: float
    lean: float


_FIELDS: tuple[tuple[Factor, str], ...] = tuple((factor, factor.value) for factor in Factor)


def _terms(answers: Answers, weights: Weights) -> list[_Term]:
    terms = []
    for factor, name in _FIELDS:
        value = getattr(answers, name)
        if value is None:
            continue
        index = option_index(factor, value, weights)
        terms.append(_Term(factor, value, index, weights.importance[factor], weights.leans[factor][index]))
    return terms


def _mean(weighted_sum: float, total_importance: float) -> float:
    if total_importance <= 0:
        return 0.0
    return max(-1.0, min(1.0, weighted_sum / total_importance))


def score(answers: Answers, weights: Weights) -> float:
    terms = _terms(answers, weights)
    return _mean(sum(t.importance * t.lean for t in terms), sum(t.importance for t in terms))


def recommend(
    answers: Answers, weights: Weights, *, currency: str = "USD", with_flip: bool = True
) -> Recommendation:
    terms = _terms(answers, weights)
    weighted_sum = sum(t.importance * t.lean for t in terms)
    total = sum(t.importance for t in terms)
    value = _mean(weighted_sum, total)
    verdict = verdict_for(value, answers.monthly_budget, weights)
    split = compute_split(verdict, value, answers)
    return Recommendation(
        verdict=verdict,
        score=round(value, 4),
        split=split,
        factors=contributions(terms, total, currency),
        flip=find_flip(answers, weights, terms, weighted_sum, total, verdict) if with_flip else None,
        plan=build_plan(verdict, answers, split, currency),
        warnings=build_warnings(verdict, answers, split, weights, currency),
        weights_version=weights.version,
    )


def contributions(terms: list[_Term], total: float, currency: str) -> list[FactorContribution]:
    rows = []
    for term in terms:
        share = term.importance * term.lean / total if total > 0 else 0.0
        if term.factor == Factor.MONTHLY_BUDGET:
            reason = budget_reason(float(term.answer), term.lean, currency)
        elif term.factor == Factor.WEEKLY_HOURS:
            reason = hours_reason(float(term.answer), term.lean)
        else:
            reason = CHOICE_REASONS[term.factor][str(term.answer)]
        rows.append(
            FactorContribution(
                factor=term.factor,
                answer=term.answer,
                lean=term.lean,
                importance=term.importance,
                contribution=round(share, 4),
                reason=reason,
            )
        )
    rows.sort(key=lambda row: abs(row.contribution), reverse=True)
    return rows


def compute_split(verdict: Verdict, value: float, answers: Answers) -> Split:
    budget = answers.monthly_budget
    if budget <= 0:
        paid_share = 0.0
    else:
        low, high = PAID_SHARE_BOUNDS[verdict]
        # Snap to 5 % steps: an allocation is a plan, not a measurement.
        paid_share = round(min(high, max(low, (value + 1) / 2)) * 20) / 20
    organic_share = round(1 - paid_share, 2)
    ad_spend = round(budget * paid_share, 2)
    if answers.weekly_hours is None:
        organic_hours = SUGGESTED_ORGANIC_HOURS[verdict]
        paid_hours = SUGGESTED_PAID_HOURS[verdict] if paid_share > 0 else 0.0
    else:
        paid_hours = round(answers.weekly_hours * paid_share, 1)
        organic_hours = round(answers.weekly_hours - paid_hours, 1)
    return Split(
        paid_share=paid_share,
        organic_share=organic_share,
        monthly_ad_spend=ad_spend,
        monthly_organic_spend=round(budget - ad_spend, 2),
        weekly_hours=organic_hours,
        paid_hours=paid_hours,
        hours_assumed=answers.weekly_hours is None,
    )


def _numeric_candidates(
    current: float | None, bands: list[float], ceiling: float
) -> list[tuple[float, int, int]]:
    """(value, band, steps) for the nearest amount in every other band, plus the guard edges at 0."""
    band_count = len(bands) + 1
    here = None if current is None else band_index(current, bands)
    found: list[tuple[float, int, int]] = []
    for band in range(band_count):
        if band == here:
            continue
        if here is None or band > (here or 0):
            # Lowest whole amount above the previous bound, kept inside the band when bands are close.
            amount = 0.0 if band == 0 else math.floor(bands[band - 1]) + 1
            if band < len(bands) and amount > bands[band]:
                amount = bands[band]
        else:
            amount = bands[band]  # highest amount of a lower band: its inclusive upper bound
        if amount > ceiling:
            continue
        steps = 1 if here is None else abs(band - here)
        found.append((float(amount), band, steps))
    if current is not None and current > 0:
        found.append((0.0, band_index(0.0, bands), max(1, abs((here or 0) - band_index(0.0, bands)))))
    if current is not None and current <= 0 and band_index(1.0, bands) == here:
        found.append((1.0, here, 1))
    return found


def find_flip(
    answers: Answers,
    weights: Weights,
    terms: list[_Term],
    weighted_sum: float,
    total: float,
    verdict: Verdict,
) -> Flip | None:
    """The single change of answer with the fewest steps that gives another verdict, or None."""
    by_factor = {term.factor: term for term in terms}
    best: tuple[int, int, float, Flip] | None = None
    for preference, factor in enumerate(FLIP_PREFERENCE):
        term = by_factor.get(factor)
        importance = weights.importance[factor]
        base_sum = weighted_sum - (term.importance * term.lean if term else 0.0)
        base_total = total - (term.importance if term else 0.0) + importance
        leans = weights.leans[factor]

        candidates: list[tuple[str | float, int, int, float]] = []  # value, index, steps, distance
        if factor == Factor.MONTHLY_BUDGET:
            for amount, band, steps in _numeric_candidates(
                answers.monthly_budget, weights.budget_bands, MAX_MONTHLY_BUDGET
            ):
                candidates.append((amount, band, steps, abs(amount - answers.monthly_budget)))
        elif factor == Factor.WEEKLY_HOURS:
            current = answers.weekly_hours
            for amount, band, steps in _numeric_candidates(current, weights.hour_bands, MAX_WEEKLY_HOURS):
                candidates.append((amount, band, steps, abs(amount - (current or 0.0))))
        else:
            for index, option in enumerate(choices(factor)):
                if term is not None and index == term.index:
                    continue
                steps = abs(index - term.index) if term is not None else 1
                candidates.append((option, index, steps, float(steps)))

        for value, index, steps, distance in candidates:
            if best is not None and (steps, preference) > best[:2]:
                continue
            new_score = _mean(base_sum + importance * leans[index], base_total)
            budget = float(value) if factor == Factor.MONTHLY_BUDGET else answers.monthly_budget
            new_verdict = verdict_for(new_score, budget, weights)
            if new_verdict == verdict:
                continue
            key = (steps, preference, distance)
            if best is None or key < best[:3]:
                best = (
                    steps,
                    preference,
                    distance,
                    Flip(field=factor, value=value, verdict=new_verdict, steps=steps),
                )
    return best[3] if best else None


# Organic work is judged after about three months of steady posting.
REVIEW_AFTER_WEEKS = 12


def _money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def build_plan(verdict: Verdict, answers: Answers, split: Split, currency: str) -> list[PlanPhase]:
    paid_advised = verdict != Verdict.SMO_FIRST
    phases: list[tuple[str, int | None, list[str]]] = []  # title, length in weeks (None: ongoing), actions

    if answers.experience == Experience.NONE or (answers.experience == Experience.BASIC and paid_advised):
        phases.append(
            (
                "Learn the basics, or get help",
                2,
                [
                    "Take a short beginner course on social media marketing, or book a few hours with an "
                    "agency or freelancer.",
                    "Learn the numbers you will watch: reach, engagement, clicks and, for ads, cost per result.",
                ],
            )
        )
    if answers.profiles in (Profiles.NONE, Profiles.PARTIAL) or (answers.profiles is None and paid_advised):
        phases.append(
            (
                "Optimize your profiles first",
                1 if answers.profiles == Profiles.PARTIAL else 2,
                [
                    "Use the same name, logo and short description on every platform you keep.",
                    "Add contact details, opening hours or a booking button, and a link to your website.",
                    "Pin a post that says plainly what you offer and for whom.",
                ],
            )
        )
    if paid_advised and answers.audience != Audience.CLEAR:
        phases.append(
            (
                "Define who the ads are for",
                1,
                [
                    "Write down your typical customer: age range, place, interests and the problem you solve.",
                    "Check who already follows and buys from you, using the platforms' statistics.",
                ],
            )
        )

    organic_hours = f"{split.weekly_hours:g} hours a week"
    organic = (
        "Build an organic rhythm",
        None,
        [
            f"Plan a month of posts in a simple content calendar; budget about {organic_hours}.",
            "Post on a steady schedule, at the times your followers are online.",
            "Reply to every comment and message within a day.",
            "Once a week, look at what got saved, shared or clicked, and make more of it.",
        ],
    )
    paid = (
        "Test small paid campaigns",
        4,
        [
            f"Start with about {_money(split.monthly_ad_spend, currency)} a month on ads.",
            "Run two or three versions of each ad and keep the one with the best cost per result.",
            "Aim the ads at the audience you defined; narrow the area if the budget is small.",
            "Track click-through rate, conversion rate and return on ad spend each week.",
        ],
    )
    if verdict == Verdict.SMM_FIRST:
        phases.append(
            (
                "Keep the profiles alive",
                None,
                [
                    f"Post and reply on a light schedule (about {organic_hours}) so ad visitors find an active page.",
                    "Turn your best-performing ads into regular posts.",
                ],
            )
        )
        phases.append(paid)
    elif verdict == Verdict.BLENDED:
        phases.append(organic)
        phases.append(paid)
    else:
        phases.append(organic)

    if verdict == Verdict.SMO_FIRST:
        closing = [
            "Review after three months: which posts brought visits, enquiries or sales?",
            "Add paid promotion once the profiles are complete and posting is a habit"
            + (
                ", starting with boosts of posts that already do well." if answers.monthly_budget > 0 else "."
            ),
        ]
        review = ("Review, then consider ads", closing)
    else:
        review = (
            "Review and scale what works",
            [
                "Move money from ads that do not pay back to the ones that do.",
                "Raise the budget step by step only while return on ad spend holds.",
            ],
        )

    plan: list[PlanPhase] = []
    week = 1
    ongoing_since: int | None = None
    for title, length, actions in phases:
        if length is None:
            weeks = f"{week}+"  # ongoing from here; the next phase runs alongside it
            ongoing_since = week
        else:
            end = week + length - 1
            weeks = str(week) if end == week else f"{week}–{end}"
            week = end + 1
        plan.append(PlanPhase(title=title, weeks=weeks, actions=actions))
    # Organic work is judged after some months of steady posting; a paid test as soon as it ends.
    review_week = (
        week if ongoing_since is None or verdict != Verdict.SMO_FIRST else week + REVIEW_AFTER_WEEKS - 1
    )
    plan.append(PlanPhase(title=review[0], weeks=f"{review_week}+", actions=review[1]))
    return plan


def build_warnings(
    verdict: Verdict, answers: Answers, split: Split, weights: Weights, currency: str
) -> list[AdviceWarning]:
    warnings = []
    paid_advised = verdict != Verdict.SMO_FIRST
    if paid_advised and answers.reach is not None:
        minimum = weights.min_ad_spend[answers.reach]
        if split.monthly_ad_spend < minimum:
            warnings.append(
                AdviceWarning(
                    code="budget_too_small_for_reach",
                    message=(
                        f"About {_money(split.monthly_ad_spend, currency)} a month of ads is thin for "
                        f"{answers.reach.value} reach, where we suggest at least {_money(minimum, currency)}. "
                        "Raise the ad budget or aim the ads at a smaller area first."
                    ),
                )
            )
    if paid_advised and answers.experience == Experience.NONE:
        warnings.append(
            AdviceWarning(
                code="paid_for_beginner",
                message=(
                    "Ads are advised, but nobody on the team has run them before: learn the basics or get "
                    "help first, and start with small amounts."
                ),
            )
        )
    if paid_advised and answers.audience == Audience.UNKNOWN:
        warnings.append(
            AdviceWarning(
                code="paid_without_audience",
                message=(
                    "Ads need a defined audience to aim at. Describe your typical customer before spending, "
                    "or the money will reach the wrong people."
                ),
            )
        )
    if verdict != Verdict.SMM_FIRST and answers.weekly_hours is not None and answers.weekly_hours <= 0:
        warnings.append(
            AdviceWarning(
                code="organic_without_hours",
                message=(
                    "Organic work is advised, but no hours are free for it. Find a few hours a week, or "
                    "get help with posting and replies."
                ),
            )
        )
    return warnings
