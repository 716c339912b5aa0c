"""The default weight set and the validation every weight set must pass (admin, migrations, tests).

``validate_weights`` returns a list of problems, each naming the field it is about, so the admin can show
every message next to its number. ``parse_weights`` turns raw data into a checked ``Weights`` or raises
``WeightsInvalid`` with those problems.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from advisor.domain import Weights
from advisor.vocabulary import (
    DIRECTIONS,
    FACTOR_LABELS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    NUMERIC_FACTORS,
    REQUIRED_FACTORS,
    Direction,
    Factor,
    Reach,
    choices,
)

# The gap the two thresholds must leave between them, so that "blended" is a real outcome.
MIN_BLENDED_WIDTH = 0.05


@dataclass(frozen=True)
class WeightProblem:
    field: str  # dotted path, e.g. "leans.stage.growing", "budget_bands.2", "smo_below"
    message: str


class WeightsInvalid(ValueError):
    def __init__(self, problems: list[WeightProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{problem.field}: {problem.message}" for problem in problems))


def option_keys(factor: Factor, weights: Weights) -> tuple[str, ...]:
    """The names of a factor's lean slots: option values, or band labels for the numeric factors."""
    if factor == Factor.MONTHLY_BUDGET:
        return band_labels(weights.budget_bands)
    if factor == Factor.WEEKLY_HOURS:
        return band_labels(weights.hour_bands)
    return choices(factor)


def band_labels(bands: list[float]) -> tuple[str, ...]:
    labels: list[str] = []
    previous: float | None = None
    for bound in bands:
        if previous is None:
            labels.append(f"up to {format_number(bound)}")
        else:
            labels.append(f"{format_number(previous)}–{format_number(bound)}")
        previous = bound
    labels.append(f"over {format_number(bands[-1])}" if bands else "any amount")
    return tuple(labels)


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def validate_weights(weights: Weights) -> list[WeightProblem]:
    """Every rule between the numbers of a structurally valid weight set; empty when all is well."""
    return [
        *band_problems(weights),
        *lean_problems(weights),
        *importance_problems(weights),
        *threshold_problems(weights),
        *ad_spend_problems(weights),
    ]


def band_problems(weights: Weights) -> list[WeightProblem]:
    """Band boundaries go up and stay below the largest amount an answer may give."""
    problems: list[WeightProblem] = []
    for name, bands, ceiling in (
        ("budget_bands", weights.budget_bands, MAX_MONTHLY_BUDGET),
        ("hour_bands", weights.hour_bands, MAX_WEEKLY_HOURS),
    ):
        if not bands:
            problems.append(WeightProblem(name, "Give at least one band boundary."))
        for index in range(1, len(bands)):
            if bands[index] <= bands[index - 1]:
                problems.append(
                    WeightProblem(
                        f"{name}.{index}",
                        f"Boundaries must go up: {format_number(bands[index])} comes after "
                        f"{format_number(bands[index - 1])}.",
                    )
                )
        if bands and bands[-1] >= ceiling:
            # Otherwise the band above the top boundary could never be reached.
            problems.append(
                WeightProblem(
                    f"{name}.{len(bands) - 1}", f"The top boundary must be below {format_number(ceiling)}."
                )
            )
    return problems


def lean_problems(weights: Weights) -> list[WeightProblem]:
    """Every factor has an importance and one lean per option or band, in the seed rules' direction."""
    problems: list[WeightProblem] = []
    for factor in Factor:
        if factor not in weights.importance:
            problems.append(WeightProblem(f"importance.{factor}", "Missing importance."))
        if factor not in weights.leans:
            problems.append(WeightProblem(f"leans.{factor}", "Missing leans."))
            continue
        leans = weights.leans[factor]
        keys = option_keys(factor, weights)
        if len(leans) != len(keys):
            what = "band" if factor in NUMERIC_FACTORS else "option"
            problems.append(
                WeightProblem(
                    f"leans.{factor}",
                    f"Expected one lean per {what} ({len(keys)}), got {len(leans)}.",
                )
            )
            continue
        problems.extend(monotonicity_problems(factor, keys, leans))
    return problems


def importance_problems(weights: Weights) -> list[WeightProblem]:
    if sum(weights.importance.get(factor, 0.0) for factor in REQUIRED_FACTORS) > 0:
        return []
    return [
        WeightProblem(
            "importance",
            "At least one of the four required questions (stage, budget, horizon, experience) "
            "must have an importance above 0, or the advice would rest on skippable questions.",
        )
    ]


def threshold_problems(weights: Weights) -> list[WeightProblem]:
    """Each of the three verdicts stays reachable."""
    problems: list[WeightProblem] = []
    if weights.smo_below <= -1:
        problems.append(
            WeightProblem("smo_below", "Must be above −1, or organic-first advice could never come.")
        )
    if weights.smm_from > 1:
        problems.append(
            WeightProblem("smm_from", "Must be at most 1, or paid-first advice could never come.")
        )
    if weights.smm_from - weights.smo_below < MIN_BLENDED_WIDTH:
        problems.append(
            WeightProblem(
                "smm_from",
                f"Must be at least {MIN_BLENDED_WIDTH} above the organic threshold "
                f"({weights.smo_below:+.2f}) to leave room for blended advice.",
            )
        )
    return problems


# Below this a monthly ad spend buys no useful reach anywhere: a minimum under it would let advice say
# "ads" for pocket money.
MIN_WORKABLE_AD_SPEND = 10


def ad_spend_problems(weights: Weights) -> list[WeightProblem]:
    """The workable minimums must exist, be real amounts and grow with the area: narrowing the target
    (local ⊂ regional ⊂ national ⊂ global) must never need more money."""
    problems: list[WeightProblem] = []
    previous: tuple[Reach, float] | None = None
    for reach in Reach:
        if reach not in weights.min_ad_spend:
            problems.append(WeightProblem(f"min_ad_spend.{reach}", "Missing minimum ad spend."))
            continue
        amount = weights.min_ad_spend[reach]
        if amount < MIN_WORKABLE_AD_SPEND:
            problems.append(
                WeightProblem(
                    f"min_ad_spend.{reach}",
                    f"Must be at least {MIN_WORKABLE_AD_SPEND}: less buys no useful reach, and advice would "
                    "then suggest ads for pocket money.",
                )
            )
        if previous is not None and amount < previous[1]:
            problems.append(
                WeightProblem(
                    f"min_ad_spend.{reach}",
                    f"Must be at least the minimum for a narrower area ({format_number(previous[1])} for "
                    f"{previous[0]}): a wider area never costs less to reach.",
                )
            )
        previous = (reach, amount)
    return problems


def monotonicity_problems(factor: Factor, keys: tuple[str, ...], leans: list[float]) -> list[WeightProblem]:
    direction = DIRECTIONS[factor]
    if direction == Direction.FREE:
        return []
    problems: list[WeightProblem] = []
    for index in range(1, len(leans)):
        before, after = leans[index - 1], leans[index]
        if direction == Direction.TOWARD_PAID and after < before:
            problems.append(
                WeightProblem(
                    f"leans.{factor}.{keys[index]}",
                    f"'{keys[index]}' must lean at least as far toward paid as '{keys[index - 1]}' "
                    f"({before:+.2f}) — {FACTOR_LABELS[factor].lower()} may never push advice toward "
                    "organic as it goes up.",
                )
            )
        if direction == Direction.TOWARD_ORGANIC and after > before:
            problems.append(
                WeightProblem(
                    f"leans.{factor}.{keys[index]}",
                    f"'{keys[index]}' must lean at least as far toward organic as '{keys[index - 1]}' "
                    f"({before:+.2f}) — {FACTOR_LABELS[factor].lower()} may never push advice toward "
                    "paid as it goes up.",
                )
            )
    return problems


def parse_weights(data: Mapping[str, Any] | Weights) -> Weights:
    """Raw data (e.g. a JSON column) → a checked Weights, or WeightsInvalid naming every problem."""
    if isinstance(data, Weights):
        weights = data
    else:
        try:
            weights = Weights.model_validate(data)
        except ValidationError as error:
            raise WeightsInvalid(
                [WeightProblem(_field_path(item["loc"], data), item["msg"]) for item in error.errors()]
            ) from None
    problems = validate_weights(weights)
    if problems:
        raise WeightsInvalid(problems)
    return weights


def _field_path(location: tuple[int | str, ...], data: Mapping[str, Any]) -> str:
    """Pydantic's location of an error as our field path: a lean is named by its option or band label
    ("leans.stage.growing", not "leans.stage.2"), as validate_weights names it, so a form can put every
    message next to its number."""
    parts = [str(part) for part in location if part != "[key]"]
    if len(location) == 3 and location[0] == "leans" and isinstance(location[2], int):
        factor, index = str(location[1]), location[2]
        keys: tuple[str, ...] = ()
        if factor in (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS):
            bands = data.get("budget_bands" if factor == Factor.MONTHLY_BUDGET else "hour_bands")
            if isinstance(bands, list) and all(
                isinstance(bound, int | float) and not isinstance(bound, bool) for bound in bands
            ):
                keys = band_labels([float(bound) for bound in bands])
        elif factor in {member.value for member in Factor}:
            keys = choices(Factor(factor))
        if 0 <= index < len(keys):
            parts[2] = keys[index]
    return ".".join(parts) or "weights"


# The default weight set, derived from the seed articles (see shared/seeds/ and DESIGN.md's rules).
# Leans run from −1 (all organic) to +1 (all paid); importance says how much a factor counts.
# Version 2 (migration 0005): budget and hours leans are interpolated between band middles, ads must be
# fundable at the area's workable minimum, and the plan's two numbers below were added.
# Version 3 (migration 0007): gentler hours leans at the low end, so one more hour a week never moves more
# than 2 % of verdicts (it moved 3 % at 1 → 2 hours).
DEFAULT_WEIGHTS_DATA: dict[str, Any] = {
    "version": 3,
    "importance": {
        # Rule 1: the business stage is the first thing the seeds ask about.
        "stage": 3.0,
        # Rule 2: whether there is money to invest decides whether ads are possible at all.
        "monthly_budget": 3.0,
        # Rule 3: how soon results are needed; paid is the fast lane, organic the slow one.
        "horizon": 2.5,
        # Rule 4: experience mostly changes the plan (learn first, or get help), so it counts less.
        "experience": 1.5,
        # Rule 5: paid campaigns come after optimized profiles.
        "profiles": 2.0,
        # Rule 6: awareness and organic traffic suit SMO; direct sales suit SMM. A nudge, not a driver.
        "goal": 1.0,
        # Rule 6 and the ad-targeting article: paid reach needs a defined audience.
        "audience": 1.5,
        # Wider areas are harder to cover by word of mouth, but also need bigger ad budgets: a light factor.
        "reach": 0.5,
        # Organic work is paid for in hours; without them it stalls.
        "weekly_hours": 1.5,
    },
    "leans": {
        # idea, new, growing, established
        "stage": [-1.0, -0.6, 0.3, 0.8],
        # bands: 0, up to 100, 100–300, 300–1,000, 1,000–3,000, over 3,000
        "monthly_budget": [-1.0, -0.85, -0.3, 0.3, 0.7, 1.0],
        # weeks, months, half_year, long_term
        "horizon": [0.9, 0.4, -0.3, -0.8],
        # none, basic, intermediate, advanced: beginners should learn on free channels before paying
        "experience": [-0.5, -0.2, 0.2, 0.6],
        # none, partial, optimized
        "profiles": [-0.9, -0.3, 0.6],
        # awareness, traffic, leads, sales
        "goal": [-0.3, -0.1, 0.3, 0.6],
        # unknown, rough, clear
        "audience": [-0.6, 0.0, 0.6],
        # local, regional, national, global
        "reach": [-0.2, 0.0, 0.2, 0.3],
        # bands: up to 2 h, 2–5, 5–10, 10–20, over 20 (v3: from 0.6, 0.2, -0.1, -0.4, -0.7)
        "weekly_hours": [0.4, 0.25, 0.0, -0.35, -0.7],
    },
    "budget_bands": [0, 100, 300, 1000, 3000],
    "hour_bands": [2, 5, 10, 20],
    # v2: a blend needs answers that lean at least about evenly (ads must also be fundable, see
    # advisor.verdict), and paid-first comes a little earlier for ready, funded businesses.
    "smo_below": -0.05,
    "smm_from": 0.3,
    # A small budget spread over a whole country reaches almost nobody (seed 004).
    "min_ad_spend": {"local": 150, "regional": 300, "national": 1000, "global": 2500},
    # Running ads takes time: about one hour a week, plus two for each 1,000 a month of ad spend.
    "ad_hours_per_1000": 2.0,
    # A typical freelance social media rate; the plan pays for help with it.
    "help_hourly_rate": 40.0,
}

DEFAULT_WEIGHTS: Weights = parse_weights(DEFAULT_WEIGHTS_DATA)
