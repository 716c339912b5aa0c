"""One row per answered factor: its share of the score and a one-line reason that names the answer given
and agrees with the verdict and the split. Reasons come from the seed articles' rules."""

import math
from typing import Any

from advisor.domain import Answers, FactorContribution, Split, Weights
from advisor.flip_words import REACH_WORDS, area_words
from advisor.money import format_hours, format_money
from advisor.verdict import SCORE_DECIMALS, Assessment, interpolate, table
from advisor.vocabulary import Factor, Reach, Verdict

# Enum members named once: reading one from its class costs a slow lookup in Python 3.11 (EnumType
# defines __getattr__), and these are read on every recommendation.
_SMO, _SMM, _LOCAL = Verdict.SMO_FIRST, Verdict.SMM_FIRST, Reach.LOCAL

_UNITS_PER_ONE = 10**SCORE_DECIMALS

# Each reason starts from the answer given, in the person's own terms.
CHOICE_REASONS: dict[Factor, dict[str, str]] = {
    Factor.STAGE: {
        "idea": "Not selling yet: the first job is to find your voice and your people, which free work does best.",
        "new": "In its first year a business learns most from organic posting: which platforms work and who responds.",
        "growing": "A growing business with customers gives paid reach something solid to build on.",
        "established": "An established, proven offer is ready to scale, and ads are the quickest way to do it.",
    },
    Factor.HORIZON: {
        "weeks": "Results within weeks practically need paid reach; organic audiences take longer to form.",
        "months": "Results in 1–3 months allow some organic growth, but ads speed things up.",
        "half_year": "3–6 months give organic posting and engagement time to start compounding.",
        "long_term": "Six months or more lets steady organic work build a presence that keeps paying off.",
    },
    Factor.EXPERIENCE: {
        "none": "With no marketing experience yet, ads risk wasted money: learn on free channels or get help first.",
        "basic": "A little experience is enough for organic posting; ads will need help or careful small tests.",
        "intermediate": "Some experience with statistics means you can judge whether an ad campaign pays back.",
        "advanced": "A lot of experience: you can set up, test and measure campaigns, so ad money is less likely to be wasted.",
    },
    Factor.PROFILES: {
        "none": "With no profiles set up, ads would send people nowhere: the profiles come first.",
        "partial": "Partly done profiles lose the visitors ads would bring; finishing them comes first.",
        "optimized": "Fully optimized profiles are the step that comes before paid campaigns, and you have taken it.",
    },
    Factor.GOAL: {
        "awareness": "Getting known suits organic content that people share and come back to.",
        "traffic": "Visits can come from organic posts that point to your site, with ads as a top-up.",
        "leads": "Enquiries come faster when ads put an offer in front of the right people.",
        "sales": "Direct sales are what targeted ads do best, measured by return on ad spend.",
    },
    Factor.AUDIENCE: {
        "unknown": "Not sure yet who your customers are: organic posting helps you find them before ads aim at them.",
        "rough": "A rough idea of your customers is a start; ads will need some testing to find them.",
        "clear": "A clearly defined audience is what lets ads reach the right people without waste.",
    },
    Factor.REACH: {
        "local": "Local customers are within reach of word of mouth, community groups and local posts.",
        "regional": "A regional market can be reached organically, helped by targeted ads.",
        "national": "Reaching a whole country organically is slow; ads help, but need a bigger budget.",
        "global": "Several countries are hard to reach without paid promotion, and that takes real budget.",
    },
}


# The same reasons keyed by plain names, for the hot path (enum keys hash slowly).
_REASONS: dict[str, dict[str, str]] = {factor.value: reasons for factor, reasons in CHOICE_REASONS.items()}
_FACTORS: dict[str, Factor] = {factor.value: factor for factor in Factor}
_BUDGET, _HOURS = Factor.MONTHLY_BUDGET.value, Factor.WEEKLY_HOURS.value


def budget_reason(
    answers: Answers, assessment: Assessment, split: Split, weights: Weights, currency: str
) -> str:
    budget = answers.monthly_budget
    if budget <= 0:
        return "With no money for ads right now, free organic work is the way to start."
    money = format_money(budget, currency)
    area = answers.reach or _LOCAL
    minimum = format_money(weights.min_ad_spend[area], currency)
    if split.monthly_ad_spend <= 0:
        if assessment.raw_verdict is not _SMO:
            return (
                f"{money} a month cannot yet fund the {minimum} of ads that reaching {area_words(answers.reach)} takes, "
                "so it goes to content, tools or help for now."
            )
        return f"{money} a month goes further on content, tools or help than on ads for now."
    ads = format_money(split.monthly_ad_spend, currency)
    if split.narrowed and split.ad_target is not None:
        return f"{money} a month funds {ads} of ads: enough for {REACH_WORDS[split.ad_target]}, not yet for {REACH_WORDS[area]}."
    return f"{money} a month funds {ads} of ads, at least the {minimum} that reaching {area_words(answers.reach)} takes."


def hours_reason(hours: float, lean: float, split: Split) -> str:
    if hours <= 0:
        return "With 0 hours a week for posts and replies, organic work cannot happen without paid help."
    amount = format_hours(hours)
    if lean >= 0.3:
        return f"{amount} a week is little time for posting, so paid reach has to carry more."
    if lean > -0.3:
        return f"{amount} a week allows a modest posting plan beside other work."
    return f"{amount} a week is enough time for regular posting and real conversations."


def _against(verdict: Verdict, lean: float) -> bool:
    return (verdict is _SMO and lean > 0) or (verdict is _SMM and lean < 0)


def _qualified(reason: str, verdict: Verdict, lean: float, assessment: Assessment) -> str:
    """A reason pulling against the verdict says that it was outweighed, and by what."""
    if not _against(verdict, lean):
        return reason
    if verdict is _SMO and assessment.raw_verdict is not _SMO:
        return f"{reason} For now the budget decides: it cannot yet fund workable ads."
    return f"{reason} Your other answers weigh more."


def contributions(
    answers: Answers, assessment: Assessment, split: Split, weights: Weights, currency: str
) -> list[FactorContribution]:
    """One row per answered factor, biggest absolute contribution first; the rows add up to the score."""
    derived = table(weights)
    # (answer name, answer, importance, lean), by the weight set's own table (plain names, no enum look-ups).
    rows: list[tuple[str, Any, float, float]] = []
    importances: list[float] = []
    for name, options in derived.choices:
        value = getattr(answers, name)
        if value is not None:
            product, importance = options[value]
            rows.append((name, value, importance, product / importance if importance else 0.0))
            importances.append(importance)
    for name, points, leans, importance in derived.numeric:
        value = getattr(answers, name)
        if value is not None:
            rows.append((name, value, importance, interpolate(value, points, leans)))
            importances.append(importance)
    products = [importance * lean for _, _, importance, lean in rows]
    units = _units(products, math.fsum(importances), assessment.score)
    cache = derived.rows
    if len(cache) > ROW_CACHE_LIMIT:
        cache.clear()
    verdict, raw_verdict = assessment.verdict, assessment.raw_verdict
    found = []
    for (name, value, importance, lean), share in zip(rows, units, strict=True):
        if name == _BUDGET:
            reason = budget_reason(answers, assessment, split, weights, currency)
            found.append(_row(_FACTORS[name], value, importance, lean, share, reason))
        elif name == _HOURS:
            reason = _qualified(hours_reason(float(value), lean, split), verdict, lean, assessment)
            found.append(_row(_FACTORS[name], value, importance, lean, share, reason))
        else:
            # The option's lean is fixed by the weight set, so the reason follows from the two verdicts.
            key = (name, value, share, verdict, raw_verdict)
            row = cache.get(key)
            if row is None:
                reason = _qualified(_REASONS[name][value], verdict, lean, assessment)
                row = cache[key] = _row(_FACTORS[name], value, importance, lean, share, reason)
            found.append(row)
    # Biggest first (a row's contribution is its share / 10,000); the keys are worked out once.
    keys = [-abs(share) for share in units]
    return [found[index] for index in sorted(range(len(found)), key=keys.__getitem__)]


ROW_CACHE_LIMIT = 4096


def _row(
    factor: Factor, value: Any, importance: float, lean: float, share: int, reason: str
) -> FactorContribution:
    return FactorContribution(
        factor=factor,
        answer=value if isinstance(value, str) else float(value),
        lean=round(lean, SCORE_DECIMALS),
        importance=importance,
        contribution=share / _UNITS_PER_ONE,
        reason=reason,
    )


def _units(products: list[float], total: float, score: float) -> list[int]:
    """Each term's share of the score in 1/10,000ths, rounded so that together they make the rounded
    score (the largest remainders get the missing units), as a table of contributions should."""
    if total <= 0:
        return [0] * len(products)
    exact = [product / total * _UNITS_PER_ONE for product in products]
    units = [round(value) for value in exact]
    missing = round(score * _UNITS_PER_ONE) - sum(units)
    if missing:
        step = 1 if missing > 0 else -1
        remainders = [(value - unit) * step for value, unit in zip(exact, units, strict=True)]
        worst_first = sorted(range(len(products)), key=remainders.__getitem__, reverse=True)
        for turn in range(abs(missing)):  # at most one unit each, unless the weights are degenerate
            units[worst_first[turn % len(products)]] += step
    return units
