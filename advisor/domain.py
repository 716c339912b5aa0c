"""The domain: the answers, the weight set and the recommendation (pydantic models, validated where data
comes in), and the parts of a recommendation (plain dataclasses, built by our own typed code). No Django."""

from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, TypeVar, dataclass_transform

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from advisor.vocabulary import (
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    Audience,
    Experience,
    Factor,
    Goal,
    Horizon,
    Profiles,
    Reach,
    Stage,
    Verdict,
)

Lean = Annotated[float, Field(ge=-1.0, le=1.0)]


def _without_negative_zero(value: float) -> float:
    # -0.0 passes ge=0 and would be echoed back as "-0.0"; adding 0.0 turns it into 0.0 and changes nothing else.
    return value + 0.0


Amount = AfterValidator(_without_negative_zero)


class Answers(BaseModel):
    """One person's answers. The first four are required; the rest are neutral when left out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: Stage
    monthly_budget: Annotated[float, Field(ge=0, le=MAX_MONTHLY_BUDGET, allow_inf_nan=False), Amount]
    horizon: Horizon
    experience: Experience
    profiles: Profiles | None = None
    goal: Goal | None = None
    audience: Audience | None = None
    reach: Reach | None = None
    weekly_hours: Annotated[float, Field(ge=0, le=MAX_WEEKLY_HOURS, allow_inf_nan=False), Amount] | None = (
        None
    )


class Weights(BaseModel):
    """A weight set: how much each factor counts and where each option leans.

    ``leans[factor]`` holds one lean per option, in the order of ``advisor.vocabulary``; for the two
    numeric factors one lean per band: ``len(bands) + 1`` values, the last for amounts above the top bound.
    Structural checks live here; the rules between numbers (monotonicity, room for "blended") live in
    ``advisor.weights.validate_weights`` so they can be reported field by field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(default=1, ge=1)
    importance: dict[Factor, Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]]
    leans: dict[Factor, list[Annotated[Lean, Field(allow_inf_nan=False)]]]
    # Ascending inclusive upper bounds: band i holds amounts in (bands[i-1], bands[i]].
    budget_bands: list[Annotated[float, Field(ge=0, le=MAX_MONTHLY_BUDGET, allow_inf_nan=False)]]
    hour_bands: list[Annotated[float, Field(ge=0, le=MAX_WEEKLY_HOURS, allow_inf_nan=False)]]
    # score < smo_below → smo_first; score >= smm_from → smm_first; in between → blended.
    smo_below: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]
    smm_from: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]
    # The least monthly ad spend that reaches enough people in each area to be worth running. Advice that
    # includes ads funds them with at least this much for the area they are aimed at (see advisor.verdict).
    min_ad_spend: dict[Reach, Annotated[float, Field(ge=0, le=MAX_MONTHLY_BUDGET, allow_inf_nan=False)]]
    # Numbers the plan works with. Defaults keep weight sets stored before they existed readable.
    ad_hours_per_1000: Annotated[
        float,
        Field(
            ge=0,
            le=40,
            allow_inf_nan=False,
            description="Hours a week it takes to run each 1,000 of monthly ad spend (on top of one hour "
            "for any running campaign): more ad money needs more hours, or paid help.",
        ),
    ] = 2.0
    help_hourly_rate: Annotated[
        float,
        Field(
            ge=1,
            le=10_000,
            allow_inf_nan=False,
            description="What one hour of a freelancer's or agency's help costs, in the site's currency: "
            "the plan pays for help with it when hours are short or nobody has marketing experience.",
        ),
    ] = 40.0

    @cached_property
    def table(self) -> Any:
        """What scoring derives from this (frozen) set, worked out on first use and kept with it."""
        from advisor.verdict import ScoringTable  # the scoring code owns the derivation

        return ScoringTable(self)


_Part = TypeVar("_Part")


@dataclass_transform(frozen_default=True)
def advice_part(cls: type[_Part]) -> type[_Part]:
    """A part of a recommendation: a dataclass that the type checker treats as frozen (mypy, in ``make
    test``, rejects any assignment to a field) and that is not frozen at run time, where a frozen dataclass
    pays an ``object.__setattr__`` per field, and a pydantic model a validation, on every recommendation
    (together about 10 % of ``recommend()``; see bench/README.md). Parts are built only by advisor's own
    typed functions from validated answers and weights; ``Recommendation`` serializes them, and validates
    them when a stored one is read back. Hashable by their fields, like the frozen models they replace."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


@advice_part
class Split:
    paid_share: float  # share of effort and money for paid work, 0…1
    organic_share: float
    monthly_ad_spend: float  # money for ads each month
    monthly_organic_spend: float  # the rest of the budget: content, tools, help with organic work
    weekly_hours: float  # hours a week for organic work (posting, replies, analytics)
    paid_hours: float  # hours a week for running campaigns
    hours_assumed: bool  # True when weekly hours were not answered and a suggested figure is shown
    # The area the ads are aimed at: the customer area, or a narrower one when only that is workable.
    ad_target: Reach | None = None
    narrowed: bool = False  # True when ad_target is narrower than the customer area
    min_ad_spend: float = 0.0  # the workable monthly minimum for ad_target (0 when no ads now)
    help_spend: float = 0.0  # part of monthly_organic_spend that pays a freelancer or agency


@advice_part
class FactorContribution:
    factor: Factor
    answer: str | float  # the option value, or the number for budget and hours
    lean: float
    importance: float
    contribution: float  # importance × lean / total importance; all contributions add up to the score
    reason: str


@advice_part
class Flip:
    field: Factor
    value: str | float
    verdict: Verdict
    # Options (or bands) moved along an ordered question; 1 for an unordered or unanswered one, and for a
    # budget change within one band (to or from 0). The flip is the change with the fewest steps.
    steps: int
    message: str = ""  # the change and its outcome in one sentence, naming the current answer


@advice_part
class PlanPhase:
    title: str
    weeks: str  # e.g. "1–2", "3–8", "9+"
    actions: list[str]


@advice_part
class AdviceWarning:
    code: str
    message: str


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    score: float  # −1 all organic … +1 all paid, rounded to 4 decimals: the value the thresholds cut
    split: Split
    factors: list[FactorContribution]  # biggest absolute contribution first
    flip: Flip | None
    alternatives: list[Flip] = []  # up to two other single changes that also change the verdict
    plan: list[PlanPhase]
    warnings: list[AdviceWarning]
    weights_version: int
