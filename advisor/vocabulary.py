"""The answer vocabulary of DESIGN.md: the names the API, the forms and the scoring share.

Option order matters: for ordered factors it runs from the end that leans toward organic work to the end
that leans toward paid ads (except horizon and weekly hours, see ``Direction``), and weight sets store one
lean per option in exactly this order.

The human wording (questions, labels, descriptions) lives here too, so that the questionnaire and the
admin show the same words.
"""

from dataclasses import dataclass
from enum import StrEnum


class Factor(StrEnum):
    STAGE = "stage"
    MONTHLY_BUDGET = "monthly_budget"
    HORIZON = "horizon"
    EXPERIENCE = "experience"
    PROFILES = "profiles"
    GOAL = "goal"
    AUDIENCE = "audience"
    REACH = "reach"
    WEEKLY_HOURS = "weekly_hours"


class Stage(StrEnum):
    IDEA = "idea"
    NEW = "new"
    GROWING = "growing"
    ESTABLISHED = "established"


class Horizon(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"
    HALF_YEAR = "half_year"
    LONG_TERM = "long_term"


class Experience(StrEnum):
    NONE = "none"
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Profiles(StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    OPTIMIZED = "optimized"


class Goal(StrEnum):
    AWARENESS = "awareness"
    TRAFFIC = "traffic"
    LEADS = "leads"
    SALES = "sales"


class Audience(StrEnum):
    UNKNOWN = "unknown"
    ROUGH = "rough"
    CLEAR = "clear"


class Reach(StrEnum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"
    GLOBAL = "global"


class Verdict(StrEnum):
    SMO_FIRST = "smo_first"
    BLENDED = "blended"
    SMM_FIRST = "smm_first"


class Direction(StrEnum):
    """How the leans of an ordered factor must move along its options (the monotonicity rule)."""

    TOWARD_PAID = "toward_paid"  # each later option leans at least as far toward paid as the one before
    TOWARD_ORGANIC = "toward_organic"  # each later option leans at least as far toward organic
    FREE = "free"  # not ordered: any leans


REQUIRED_FACTORS: tuple[Factor, ...] = (
    Factor.STAGE,
    Factor.MONTHLY_BUDGET,
    Factor.HORIZON,
    Factor.EXPERIENCE,
)
OPTIONAL_FACTORS: tuple[Factor, ...] = (
    Factor.PROFILES,
    Factor.GOAL,
    Factor.AUDIENCE,
    Factor.REACH,
    Factor.WEEKLY_HOURS,
)
NUMERIC_FACTORS: tuple[Factor, ...] = (Factor.MONTHLY_BUDGET, Factor.WEEKLY_HOURS)

CHOICE_ENUMS: dict[Factor, type[StrEnum]] = {
    Factor.STAGE: Stage,
    Factor.HORIZON: Horizon,
    Factor.EXPERIENCE: Experience,
    Factor.PROFILES: Profiles,
    Factor.GOAL: Goal,
    Factor.AUDIENCE: Audience,
    Factor.REACH: Reach,
}

# Horizon runs from short to long, so later options must lean toward organic; more weekly hours likewise.
# Experience and goal carry no ordering rule in the seeds; reach is ordered only through the ad-spend minimum.
DIRECTIONS: dict[Factor, Direction] = {
    Factor.STAGE: Direction.TOWARD_PAID,
    Factor.MONTHLY_BUDGET: Direction.TOWARD_PAID,
    Factor.HORIZON: Direction.TOWARD_ORGANIC,
    Factor.EXPERIENCE: Direction.FREE,
    Factor.PROFILES: Direction.TOWARD_PAID,
    Factor.GOAL: Direction.FREE,
    Factor.AUDIENCE: Direction.TOWARD_PAID,
    Factor.REACH: Direction.FREE,
    Factor.WEEKLY_HOURS: Direction.TOWARD_ORGANIC,
}

MAX_MONTHLY_BUDGET = 10_000_000
MAX_WEEKLY_HOURS = 80


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    description: str


@dataclass(frozen=True)
class Question:
    factor: Factor
    text: str
    help: str
    options: tuple[Option, ...]  # empty for the numeric factors

    @property
    def required(self) -> bool:
        return self.factor in REQUIRED_FACTORS


QUESTIONS: dict[Factor, Question] = {
    Factor.STAGE: Question(
        Factor.STAGE,
        "Where is your business today?",
        "Pick the closest match; it sets how much groundwork is still ahead.",
        (
            Option("idea", "Idea stage", "Not selling yet: you are planning, testing or about to open."),
            Option(
                "new",
                "New",
                "Selling for less than a year, or an offline business just moving online.",
            ),
            Option(
                "growing",
                "Growing",
                "Trading steadily, social profiles set up, a base of customers who come back.",
            ),
            Option(
                "established",
                "Established",
                "A proven offer and steady sales; the question now is how to scale up.",
            ),
        ),
    ),
    Factor.MONTHLY_BUDGET: Question(
        Factor.MONTHLY_BUDGET,
        "How much could you spend on social media each month?",
        "Money for ads, boosted posts or paid help. Enter 0 if there is no money for this right now.",
        (),
    ),
    Factor.HORIZON: Question(
        Factor.HORIZON,
        "When do you need to see results?",
        "Organic growth compounds slowly; paid ads can bring visitors within days.",
        (
            Option("weeks", "Within weeks", "You need enquiries or sales within the next month."),
            Option("months", "In 1–3 months", "Results this quarter would be good."),
            Option("half_year", "In 3–6 months", "You can wait a season for things to build."),
            Option("long_term", "6 months or more", "You are building for the long run."),
        ),
    ),
    Factor.EXPERIENCE: Question(
        Factor.EXPERIENCE,
        "How much digital marketing have you (or your team) done?",
        "Be honest: it changes the plan, not your worth.",
        (
            Option("none", "None yet", "You have not run a business page or an ad before."),
            Option("basic", "A little", "You post now and then and know your way around one platform."),
            Option(
                "intermediate",
                "Some",
                "You post on a plan, read your page statistics and may have boosted a post.",
            ),
            Option(
                "advanced",
                "A lot",
                "You have run ad campaigns, tested variants and tracked cost per sale.",
            ),
        ),
    ),
    Factor.PROFILES: Question(
        Factor.PROFILES,
        "What state are your social profiles in?",
        "Profiles are your shop window: ads send people there.",
        (
            Option("none", "Not set up", "No business profiles yet, or only abandoned ones."),
            Option(
                "partial",
                "Partly done",
                "Profiles exist but the bio, pictures, links or contact details are incomplete or stale.",
            ),
            Option(
                "optimized",
                "Fully optimized",
                "Complete, consistent profiles that link to your site and are updated regularly.",
            ),
        ),
    ),
    Factor.GOAL: Question(
        Factor.GOAL,
        "What do you want most from social media?",
        "Choose the one that matters most over the next few months.",
        (
            Option("awareness", "Get known", "More people in your area or niche should know you exist."),
            Option("traffic", "Visits", "More people visiting your website or shop page."),
            Option("leads", "Enquiries", "Calls, messages, bookings or sign-ups you can follow up."),
            Option("sales", "Sales", "Orders and payments, directly."),
        ),
    ),
    Factor.AUDIENCE: Question(
        Factor.AUDIENCE,
        "How well do you know who your customers are?",
        "Ads are aimed by age, place and interests, so this decides how well money is spent.",
        (
            Option("unknown", "Not sure yet", "You are still finding out who buys from you."),
            Option("rough", "Roughly", "You know the broad type of customer but not the details."),
            Option(
                "clear",
                "Clearly",
                "You could describe your typical customer's age, place, interests and needs.",
            ),
        ),
    ),
    Factor.REACH: Question(
        Factor.REACH,
        "Where are your customers?",
        "The wider the area, the more an ad campaign needs to be noticed.",
        (
            Option("local", "Local", "One town or neighbourhood."),
            Option("regional", "Regional", "A region or a few cities."),
            Option("national", "National", "Across the whole country."),
            Option("global", "Worldwide", "Several countries."),
        ),
    ),
    Factor.WEEKLY_HOURS: Question(
        Factor.WEEKLY_HOURS,
        "How many hours a week can you give to posts and replies?",
        "Count everyone who could help: writing, photos, answering comments.",
        (),
    ),
}

VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.SMO_FIRST: "Start with organic work (SMO)",
    Verdict.BLENDED: "Blend organic work with paid ads",
    Verdict.SMM_FIRST: "Lead with paid social ads (SMM)",
}

FACTOR_LABELS: dict[Factor, str] = {
    Factor.STAGE: "Business stage",
    Factor.MONTHLY_BUDGET: "Monthly budget",
    Factor.HORIZON: "Time to results",
    Factor.EXPERIENCE: "Marketing experience",
    Factor.PROFILES: "Social profiles",
    Factor.GOAL: "Main goal",
    Factor.AUDIENCE: "Target audience",
    Factor.REACH: "Customer area",
    Factor.WEEKLY_HOURS: "Hours a week",
}


_CHOICES: dict[Factor, tuple[str, ...]] = {
    factor: tuple(member.value for member in enum) for factor, enum in CHOICE_ENUMS.items()
}


def choices(factor: Factor) -> tuple[str, ...]:
    """The option values of a choice factor, in their stored order."""
    return _CHOICES[factor]


def option_label(factor: Factor, value: str) -> str:
    for option in QUESTIONS[factor].options:
        if option.value == value:
            return option.label
    return value
