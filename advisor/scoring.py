"""The scoring: ``recommend(answers, weights)`` and the pieces it is made of. Pure functions, no Django.

The score is the importance-weighted mean of the leans of the answered factors (−1 all organic, +1 all
paid), rounded to 4 decimals. Two thresholds cut it into the three verdicts; a budget of 0 is always
organic-first. The rounded score is the one the thresholds cut, so the score shown is the one judged.

The sums are exactly rounded (``math.fsum``), so a score does not depend on the order of its terms. The
flip search works from the current sums and scores exactly any change that lands near a threshold, so
posting the flip's answer always gives the flip's verdict.
"""

import math
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

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
from advisor.reasons import (
    CHOICE_REASONS,
    REACH_AREAS,
    budget_reason,
    format_hours,
    format_money,
    hours_reason,
)
from advisor.vocabulary import (
    CHOICE_ENUMS,
    DIRECTIONS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    Audience,
    Direction,
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
    if factor not in NUMERIC_FACTORS
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


# Within this distance of a threshold the flip search scores a change exactly rather than from the current
# sums: their error is far smaller, but rounding the score to 4 decimals can still tip it either way.
_NEAR = 1e-3
_TINY_TOTAL = 1e-200


class _Term(NamedTuple):
    factor: Factor
    answer: str | float
    index: int
    importance: float
    lean: float


# Members looked up in the hot path (an enum attribute lookup costs more than a global one).
_BUDGET = Factor.MONTHLY_BUDGET
_HOURS = Factor.WEEKLY_HOURS
_SMO_FIRST = Verdict.SMO_FIRST
_BLENDED = Verdict.BLENDED
_SMM_FIRST = Verdict.SMM_FIRST

# One single change of answer the flip search tries: (value, option or band index, steps, distance).
_Candidate = tuple[str | float, int, int, float]


def _steps_then_distance(candidate: _Candidate) -> tuple[int, float]:
    return candidate[2], candidate[3]


class _Tables:
    """What the scoring needs from one weight set, worked out once per set instead of on every call.

    Everything here is derived from the (frozen) weights alone; the cached result rows are frozen models
    holding only plain values, so sharing them between recommendations is safe.
    """

    __slots__ = ("_budget", "_hours", "_rows", "choice_candidates", "choice_terms", "lean_range", "weights")

    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        # Choice factors: the term of every option, keyed by the option (the enum member or its value).
        self.choice_terms: dict[Factor, dict[str, _Term]] = {
            factor: {
                member: _Term(factor, member, index, weights.importance[factor], weights.leans[factor][index])
                for index, member in enumerate(CHOICE_ENUMS[factor])
            }
            for factor in _OPTION_INDEX
        }
        # Choice factors: for each current option (None when unanswered) the other options, fewest steps
        # first, then nearest, then in option order. A step is one option along an ordered factor; any
        # change of an unordered factor (experience, goal, reach) or of an unanswered one is one step.
        self.choice_candidates: dict[Factor, dict[int | None, tuple[_Candidate, ...]]] = {}
        for factor, index_of in _OPTION_INDEX.items():
            ordered = DIRECTIONS[factor] != Direction.FREE
            by_current: dict[int | None, tuple[_Candidate, ...]] = {}
            for current in (None, *range(len(index_of))):
                found: list[_Candidate] = []
                for option, index in index_of.items():
                    if index != current:
                        moved = 1 if current is None else abs(index - current)
                        found.append((option, index, moved if ordered else 1, float(moved)))
                found.sort(key=_steps_then_distance)
                by_current[current] = tuple(found)
            self.choice_candidates[factor] = by_current
        # The lowest and highest lean of every factor: bounds on what one change can do to the score.
        self.lean_range: dict[Factor, tuple[float, float]] = {
            factor: (min(leans), max(leans)) for factor, leans in weights.leans.items()
        }
        self._budget: dict[tuple[int, bool], tuple[tuple[float, int, int], ...]] = {}
        self._hours: dict[int | None, tuple[tuple[float, int, int], ...]] = {}
        # Contribution rows of choice answers, by (term, contribution in 1/10,000ths).
        self._rows: dict[tuple[_Term, int], FactorContribution] = {}

    def budget_candidates(self, current: float) -> tuple[tuple[float, int, int], ...]:
        bands = self.weights.budget_bands
        key = (bisect_left(bands, current), current <= 0)
        found = self._budget.get(key)
        if found is None:
            found = self._budget[key] = tuple(
                _numeric_candidates(current, bands, MAX_MONTHLY_BUDGET, guard_at_zero=True)
            )
        return found

    def hour_candidates(self, current: float | None) -> tuple[tuple[float, int, int], ...]:
        bands = self.weights.hour_bands
        key = None if current is None else bisect_left(bands, current)
        found = self._hours.get(key)
        if found is None:
            found = self._hours[key] = tuple(_numeric_candidates(current, bands, MAX_WEEKLY_HOURS))
        return found

    def choice_row(self, term: _Term, units: int) -> FactorContribution:
        key = (term, units)
        row = self._rows.get(key)
        if row is None:
            if len(self._rows) > 4096:  # bounded: 7 factors × 4 options × the few contributions each
                self._rows.clear()
            row = self._rows[key] = _contribution_row(term, units, CHOICE_REASONS[term.factor][term.answer])
        return row


# Weight sets are frozen, so their tables are kept by identity; each entry holds its set, so the id cannot
# be reused while cached. Only a few sets are in use at a time (the active one, drafts being previewed).
_TABLES: dict[int, _Tables] = {}
_TABLES_LIMIT = 32


def _tables(weights: Weights) -> _Tables:
    tables = _TABLES.get(id(weights))
    if tables is None or tables.weights is not weights:
        if len(_TABLES) >= _TABLES_LIMIT:
            _TABLES.clear()
        tables = _TABLES[id(weights)] = _Tables(weights)
    return tables


def _terms(answers: Answers, weights: Weights) -> list[_Term]:
    choice_terms = _tables(weights).choice_terms
    terms = [
        choice_terms[Factor.STAGE][answers.stage],
        _numeric_term(_BUDGET, answers.monthly_budget, weights.budget_bands, weights),
        choice_terms[Factor.HORIZON][answers.horizon],
        choice_terms[Factor.EXPERIENCE][answers.experience],
    ]
    for factor, value in (
        (Factor.PROFILES, answers.profiles),
        (Factor.GOAL, answers.goal),
        (Factor.AUDIENCE, answers.audience),
        (Factor.REACH, answers.reach),
    ):
        if value is not None:
            terms.append(choice_terms[factor][value])
    if answers.weekly_hours is not None:
        terms.append(_numeric_term(_HOURS, answers.weekly_hours, weights.hour_bands, weights))
    return terms


def _numeric_term(factor: Factor, value: float, bands: list[float], weights: Weights) -> _Term:
    index = bisect_left(bands, value)
    return _Term(factor, value, index, weights.importance[factor], weights.leans[factor][index])


# Scores and contributions are shown, and judged, to 4 decimals.
SCORE_DECIMALS = 4
_UNITS_PER_ONE = 10**SCORE_DECIMALS


def _mean(weighted_sum: float, total_importance: float) -> float:
    if total_importance <= 0:
        return 0.0
    return round(max(-1.0, min(1.0, weighted_sum / total_importance)), SCORE_DECIMALS)


def _sums(terms: Sequence[_Term]) -> tuple[float, float]:
    """The weighted sum of the leans and the total importance, both exactly rounded."""
    return math.fsum([t.importance * t.lean for t in terms]), math.fsum([t.importance for t in terms])


def score(answers: Answers, weights: Weights) -> float:
    return _mean(*_sums(_terms(answers, weights)))


def recommend(
    answers: Answers, weights: Weights, *, currency: str = "USD", with_flip: bool = True
) -> Recommendation:
    terms = _terms(answers, weights)
    weighted_sum, total = _sums(terms)
    value = _mean(weighted_sum, total)
    verdict = verdict_for(value, answers.monthly_budget, weights)
    split = compute_split(verdict, value, answers)
    return Recommendation(
        verdict=verdict,
        score=value,
        split=split,
        factors=contributions(terms, total, currency, weights, score=value),
        flip=find_flip(answers, weights, terms, weighted_sum, total, verdict) if with_flip else None,
        plan=build_plan(verdict, answers, split, currency),
        warnings=build_warnings(verdict, answers, split, weights, currency),
        weights_version=weights.version,
    )


def contributions(
    terms: list[_Term],
    total: float,
    currency: str,
    weights: Weights | None = None,
    *,
    score: float | None = None,
) -> list[FactorContribution]:
    """One row per answered factor, biggest absolute contribution first; the rows add up to the score.

    ``weights`` (the set the terms come from) lets rows of choice answers be reused between calls;
    ``score``, when known, saves working it out again.
    """
    tables = _tables(weights) if weights is not None else None
    rows = []
    for term, units in zip(terms, _contribution_units(terms, total, score), strict=True):
        if term.factor is _BUDGET:
            reason = budget_reason(float(term.answer), term.lean, currency)
            rows.append(_contribution_row(term, units, reason))
        elif term.factor is _HOURS:
            rows.append(_contribution_row(term, units, hours_reason(float(term.answer), term.lean)))
        elif tables is not None:
            rows.append(tables.choice_row(term, units))
        else:
            rows.append(_contribution_row(term, units, CHOICE_REASONS[term.factor][term.answer]))
    rows.sort(key=_biggest_first)
    return rows


def _contribution_units(terms: Sequence[_Term], total: float, score: float | None = None) -> list[int]:
    """Each term's share of the score in 1/10,000ths, rounded so that together they make the rounded
    score (the largest remainders get the missing units), as a table of contributions should."""
    if total <= 0:
        return [0] * len(terms)
    exact = [t.importance * t.lean / total * _UNITS_PER_ONE for t in terms]
    units = [round(value) for value in exact]
    if score is None:
        score = _mean(*_sums(terms))
    missing = round(score * _UNITS_PER_ONE) - sum(units)
    if missing:
        step = 1 if missing > 0 else -1
        worst_first = sorted(range(len(terms)), key=lambda i: (exact[i] - units[i]) * step, reverse=True)
        for turn in range(abs(missing)):  # at most one unit each, unless the weights are degenerate
            units[worst_first[turn % len(terms)]] += step
    return units


def _contribution_row(term: _Term, units: int, reason: str) -> FactorContribution:
    return FactorContribution(
        factor=term.factor,
        answer=term.answer,
        lean=term.lean,
        importance=term.importance,
        contribution=units / _UNITS_PER_ONE,
        reason=reason,
    )


def _biggest_first(row: FactorContribution) -> float:
    return -abs(row.contribution)


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
    current: float | None, bands: list[float], ceiling: float, *, guard_at_zero: bool = False
) -> list[tuple[float, int, int]]:
    """(amount, band, steps) for the nearest amount in every other band and, for the budget, the edge of
    the zero guard inside the current band (0 itself, or the smallest amount above it).

    Steps are bands moved, at least 1; any amount is one step when the question was not answered.
    """
    band_count = len(bands) + 1
    here = None if current is None else band_index(current, bands)
    found: list[tuple[float, int, int]] = []
    for band in range(band_count):
        if band == here:
            continue
        top = float(bands[band]) if band < len(bands) else float(ceiling)
        if here is None or band > here:
            # Lowest whole amount above the band's lower bound, or its top when the band is narrower.
            amount = 0.0 if band == 0 else min(float(math.floor(bands[band - 1]) + 1), top)
            if band > 0 and amount <= bands[band - 1]:
                continue  # an empty band: its lower bound is already at the ceiling
        else:
            amount = top  # highest amount of a lower band: its inclusive upper bound
        steps = 1 if here is None else abs(band - here)
        found.append((amount, band, steps))
    if guard_at_zero and current is not None and here is not None:
        if current > 0:
            found.append((0.0, 0, max(1, here)))
        elif bands and bands[0] > 0:
            found.append((min(1.0, float(bands[0])), 0, 1))  # a positive amount in the band of 0
    return found


def find_flip(
    answers: Answers,
    weights: Weights,
    terms: list[_Term],
    weighted_sum: float,
    total: float,
    verdict: Verdict,
) -> Flip | None:
    """The single change of answer with the fewest steps that gives another verdict, or None.

    Ties on steps go to the factor a person can act on most easily (``FLIP_PREFERENCE``), then to the
    nearest value. The search goes level by level (every one-step change first, in order of preference)
    and stops at the first change that flips. A factor none of whose options could move the score out of
    the current verdict's range is left out at once.
    """
    tables = _tables(weights)
    by_factor = {term.factor: term for term in terms}
    budget_now = answers.monthly_budget
    smo_below = weights.smo_below
    smm_from = weights.smm_from
    # With vanishingly small importances (nothing an admin would set, but valid) the current sums lose their
    # precision, so every change is scored exactly and none is ruled out in advance.
    careful = not total > _TINY_TOTAL
    # The range of scores that keeps the current verdict, shrunk by the margin for exact re-scoring.
    if verdict is _SMO_FIRST:
        keep_low, keep_high = -math.inf, smo_below - _NEAR
    elif verdict is _BLENDED:
        keep_low, keep_high = smo_below + _NEAR, smm_from - _NEAR
    else:
        keep_low, keep_high = smm_from + _NEAR, math.inf

    # Per factor that could flip: its candidates (fewest steps, then nearest, first), the weighted sum of
    # the other answers and the total importance once this factor holds a (new) answer.
    live: list[tuple[Factor, Sequence[_Candidate], float, float]] = []
    for factor in FLIP_PREFERENCE:
        if budget_now <= 0 and factor is not _BUDGET:
            continue  # with no budget only the budget can change the verdict
        term = by_factor.get(factor)
        importance = weights.importance[factor]
        if term is None:
            others_sum, new_total = weighted_sum, total + importance
        else:
            others_sum, new_total = weighted_sum - term.importance * term.lean, total
        if factor is not _BUDGET and not careful:
            lowest, highest = tables.lean_range[factor]
            if (
                keep_low < (others_sum + importance * lowest) / new_total
                and (others_sum + importance * highest) / new_total < keep_high
            ):
                continue
        candidates: Sequence[_Candidate]
        if factor is _BUDGET:
            candidates = sorted(
                [
                    (amount, band, steps, abs(amount - budget_now))
                    for amount, band, steps in tables.budget_candidates(budget_now)
                ],
                key=_steps_then_distance,
            )
        elif factor is _HOURS:
            hours_now = answers.weekly_hours
            hours_base = hours_now or 0.0
            candidates = sorted(
                [
                    (amount, band, steps, abs(amount - hours_base))
                    for amount, band, steps in tables.hour_candidates(hours_now)
                ],
                key=_steps_then_distance,
            )
        else:
            candidates = tables.choice_candidates[factor][None if term is None else term.index]
        if candidates:
            live.append((factor, candidates, others_sum, new_total))

    positions = [0] * len(live)
    steps_now = 1
    while True:
        left = False
        for number, (factor, candidates, others_sum, new_total) in enumerate(live):
            position = positions[number]
            count = len(candidates)
            if position >= count:
                continue
            importance = weights.importance[factor]
            leans = weights.leans[factor]
            while position < count and candidates[position][2] <= steps_now:
                value, index, steps, _ = candidates[position]
                position += 1
                new_score = (others_sum + importance * leans[index]) / new_total if new_total > 0 else 0.0
                if careful or not keep_low < new_score < keep_high:
                    # Near a threshold rounding decides: score the changed answers as recommend() would.
                    others = [term for term in terms if term.factor is not factor]
                    new_score = _mean(
                        *_sums([*others, _Term(factor, value, index, importance, leans[index])])
                    )
                budget = value if factor is _BUDGET else budget_now
                if budget <= 0 or new_score < smo_below:  # type: ignore[operator]
                    new_verdict = _SMO_FIRST
                elif new_score >= smm_from:
                    new_verdict = _SMM_FIRST
                else:
                    new_verdict = _BLENDED
                if new_verdict is not verdict:
                    return Flip(field=factor, value=value, verdict=new_verdict, steps=steps)
            positions[number] = position
            left = left or position < count
        if not left:
            return None
        steps_now += 1


# Organic work is judged after about three months of steady posting.
REVIEW_AFTER_WEEKS = 12


def _money(amount: float, currency: str) -> str:
    return format_money(amount, currency)


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

    organic_hours = f"{format_hours(split.weekly_hours)} hours a week"
    organic_money = (
        [
            f"Put the other {_money(split.monthly_organic_spend, currency)} a month into photos, "
            "scheduling tools or help with posting."
        ]
        if split.monthly_organic_spend > 0
        else []
    )
    organic = (
        "Build an organic rhythm",
        None,
        [
            f"Plan a month of posts in a simple content calendar; budget about {organic_hours}.",
            "Post on a steady schedule, at the times your followers are online.",
            "Reply to every comment and message within a day.",
            "Once a week, look at what got saved, shared or clicked, and make more of it.",
            *organic_money,
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
                    *organic_money,
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
                f", starting with about {_money(split.monthly_ad_spend, currency)} a month to boost posts "
                "that already do well."
                if split.monthly_ad_spend > 0
                else ", starting with boosts of posts that already do well."
                if answers.monthly_budget > 0
                else "."
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
        week if ongoing_since is None or verdict != Verdict.SMO_FIRST else ongoing_since + REVIEW_AFTER_WEEKS
    )
    plan.append(PlanPhase(title=review[0], weeks=f"{review_week}+", actions=review[1]))
    return plan


def build_warnings(
    verdict: Verdict, answers: Answers, split: Split, weights: Weights, currency: str
) -> list[AdviceWarning]:
    warnings = []
    paid_advised = verdict != Verdict.SMO_FIRST
    if paid_advised:
        # Without an answer about the area, even the smallest one (usually local) needs its minimum.
        if answers.reach is not None:
            minimum, area = weights.min_ad_spend[answers.reach], "for " + REACH_AREAS[answers.reach]
        else:
            reach = min(weights.min_ad_spend, key=weights.min_ad_spend.__getitem__)
            minimum, area = weights.min_ad_spend[reach], "even for " + REACH_AREAS[reach]
        if split.monthly_ad_spend < minimum:
            warnings.append(
                AdviceWarning(
                    code="budget_too_small_for_reach",
                    message=(
                        f"About {_money(split.monthly_ad_spend, currency)} a month of ads is thin "
                        f"{area}: we suggest at least {_money(minimum, currency)}. "
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
