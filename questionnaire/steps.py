"""The questionnaire's steps, in order, and how to move between them."""

from dataclasses import dataclass

from advisor.vocabulary import Factor


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    factors: tuple[Factor, ...]
    optional: bool = False


STEPS: tuple[Step, ...] = (
    Step(
        "business",
        "Your business",
        "Two questions about where you stand today.",
        (Factor.STAGE, Factor.EXPERIENCE),
    ),
    Step(
        "money-and-time",
        "Money and time",
        "What you can spend, and how soon it has to pay off.",
        (Factor.MONTHLY_BUDGET, Factor.HORIZON),
    ),
    Step(
        "details",
        "Sharpen the advice",
        "Optional: each answer makes the advice fit better. Skip any question, or the whole step.",
        (Factor.PROFILES, Factor.AUDIENCE, Factor.GOAL, Factor.REACH, Factor.WEEKLY_HOURS),
        optional=True,
    ),
)
STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
# The review counts as the last stage of the progress bar.
STAGE_COUNT = len(STEPS) + 1


def step_number(step: Step) -> int:
    return STEPS.index(step) + 1


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None
