"""Named businesses and the verdict the seed rules imply for each (shared/DESIGN.md, "The decision rules").

Each row: a business in the owner's words, its answers, the verdict the rules give, and why in one sentence.
Rule numbers: 1 stage, 2 money, 3 time, 4 experience, 5 profiles before ads, 6 fit, 004 budget fits the area.
"""

from typing import Any, NamedTuple

import pytest

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.vocabulary import Verdict
from advisor.weights import DEFAULT_WEIGHTS

SMO, BLEND, SMM = Verdict.SMO_FIRST, Verdict.BLENDED, Verdict.SMM_FIRST


class Business(NamedTuple):
    name: str
    answers: dict[str, Any]
    verdict: Verdict
    why: str


def a(stage: str, budget: float, horizon: str, experience: str, **optional: Any) -> dict[str, Any]:
    return {
        "stage": stage,
        "monthly_budget": budget,
        "horizon": horizon,
        "experience": experience,
        **optional,
    }


BUSINESSES = [
    Business(
        "Home baker, not selling yet",
        a("idea", 0, "long_term", "none"),
        SMO,
        "No money and just starting (1, 2).",
    ),
    Business(
        "Bookshop with 100 a month and time",
        a("new", 100, "long_term", "basic", goal="awareness", reach="local", weekly_hours=8),
        SMO,
        "100 a month cannot fund local ads and there is time to build (2, 3, 004).",
    ),
    Business(
        "Dog groomer, new, 50 a month",
        a("new", 50, "months", "basic", profiles="partial", reach="local", weekly_hours=5),
        SMO,
        "Below the local ad minimum; finish profiles first (004, 5).",
    ),
    Business(
        "Plumber who needs calls this month but has no money",
        a("established", 0, "weeks", "intermediate", reach="local"),
        SMO,
        "No money, no ads, however urgent (2, guard).",
    ),
    Business(
        "Yoga teacher opening a studio, long view",
        a(
            "idea",
            300,
            "long_term",
            "basic",
            profiles="none",
            goal="awareness",
            reach="local",
            weekly_hours=10,
        ),
        SMO,
        "Just starting, no profiles, time to build (1, 3, 5).",
    ),
    Business(
        "Craft seller on a national marketplace, 200 a month",
        a("new", 200, "months", "intermediate", profiles="partial", reach="national", weekly_hours=6),
        SMO,
        "200 a month cannot fund national or even regional ads (004).",
    ),
    Business(
        "Online course creator, beginner, global",
        a("idea", 500, "half_year", "none", profiles="none", reach="global", weekly_hours=12),
        SMO,
        "Not selling, no profiles, no experience (1, 4, 5).",
    ),
    Business(
        "Family restaurant with regulars and spare evenings",
        a(
            "growing",
            150,
            "long_term",
            "basic",
            profiles="optimized",
            goal="awareness",
            reach="local",
            weekly_hours=15,
        ),
        SMO,
        "Small budget, long view, time for posting (2, 3, 6).",
    ),
    Business(
        "Hair salon, growing, 400 a month, this quarter",
        a(
            "growing",
            400,
            "months",
            "intermediate",
            profiles="optimized",
            audience="rough",
            reach="local",
            weekly_hours=6,
        ),
        BLEND,
        "Running business with optimized profiles and some money: both at once (1, 2, 5).",
    ),
    Business(
        "Café chain moving into the region",
        a(
            "growing",
            900,
            "months",
            "intermediate",
            profiles="optimized",
            audience="clear",
            reach="regional",
            weekly_hours=8,
        ),
        SMM,
        "Growing, ready profiles, clear audience and a regional budget (1, 5, 6, 004).",
    ),
    Business(
        "Accountant wanting leads within weeks",
        a(
            "established",
            1500,
            "weeks",
            "intermediate",
            profiles="optimized",
            goal="leads",
            audience="clear",
            reach="local",
        ),
        SMM,
        "Money, quick results wanted, ready profiles (2, 3, 5).",
    ),
    Business(
        "Fashion label scaling nationally",
        a(
            "established",
            5000,
            "weeks",
            "advanced",
            profiles="optimized",
            goal="sales",
            audience="clear",
            reach="national",
        ),
        SMM,
        "Ready to scale with money and skill (1, 2, 3, 6).",
    ),
    Business(
        "Software tool selling worldwide, big budget",
        a(
            "established",
            8000,
            "months",
            "advanced",
            profiles="optimized",
            goal="sales",
            audience="clear",
            reach="global",
        ),
        SMM,
        "Enough for worldwide ads, clear audience, scaling (2, 6, 004).",
    ),
    Business(
        "Gym with a national ambition and a regional budget",
        a("growing", 800, "months", "intermediate", reach="national"),
        BLEND,
        "Enough for regional ads only: a blend aimed at the region (004).",
    ),
    Business(
        "Florist with 250 a month and no time to wait",
        a(
            "growing",
            250,
            "weeks",
            "intermediate",
            profiles="optimized",
            audience="clear",
            reach="local",
            weekly_hours=4,
        ),
        SMM,
        "Local ads are fundable, results needed now, ready profiles (3, 5, 004).",
    ),
    Business(
        "Furniture maker with 200 a month, long view",
        a("growing", 200, "long_term", "intermediate", profiles="partial", reach="regional", weekly_hours=10),
        SMO,
        "Too little for regional ads, time to build (3, 004).",
    ),
    Business(
        "Dentist wanting bookings this quarter",
        a(
            "established",
            700,
            "months",
            "basic",
            profiles="partial",
            goal="leads",
            audience="rough",
            reach="local",
            weekly_hours=3,
        ),
        BLEND,
        "Money and a deadline say ads, but half-done profiles and little experience say not ads first (2, 3, 4, 5).",
    ),
    Business(
        "Wedding photographer building a name",
        a(
            "new",
            600,
            "half_year",
            "intermediate",
            profiles="optimized",
            goal="awareness",
            reach="regional",
            weekly_hours=10,
        ),
        SMO,
        "New, time to build, awareness goal (1, 3, 6).",
    ),
    Business(
        "Bike repair shop, new, quick results wanted",
        a("new", 400, "weeks", "basic", profiles="partial", reach="local", weekly_hours=5),
        BLEND,
        "New, but needs results soon and can fund local ads (1, 3, 004).",
    ),
    Business(
        "Tutor with no money and lots of time",
        a("new", 0, "months", "intermediate", profiles="optimized", reach="local", weekly_hours=20),
        SMO,
        "No money (2, guard).",
    ),
    Business(
        "Online shop, growing, 2,000 a month, national",
        a(
            "growing",
            2000,
            "months",
            "intermediate",
            profiles="optimized",
            goal="sales",
            audience="clear",
            reach="national",
        ),
        SMM,
        "Sales goal, clear audience, funds national ads (2, 6, 004).",
    ),
    Business(
        "Brewery taproom, established, awareness, long term",
        a(
            "established",
            300,
            "long_term",
            "intermediate",
            profiles="optimized",
            goal="awareness",
            reach="local",
            weekly_hours=8,
        ),
        BLEND,
        "Established with ready profiles: ads help, but the long view and awareness keep organic work central (1, 3, 6).",
    ),
    Business(
        "Consultant, no profiles yet, needs clients now",
        a("new", 1000, "weeks", "intermediate", profiles="none", reach="national", weekly_hours=6),
        BLEND,
        "Urgent and funded, but no profiles yet: set them up alongside the first ads (3, 5).",
    ),
    Business(
        "Landscaper with 3,000 but no experience",
        a(
            "growing",
            3000,
            "months",
            "none",
            profiles="partial",
            audience="rough",
            reach="regional",
            weekly_hours=2,
        ),
        BLEND,
        "Money and a deadline, but no experience and half-done profiles: ads beside profile work and paid help (4, 5).",
    ),
    Business(
        "Idea-stage app with investor money",
        a("idea", 5000, "months", "advanced", profiles="none", reach="global"),
        BLEND,
        "Not selling yet, but money, skill and a deadline: test ads while building profiles (1, 2, 3).",
    ),
    Business(
        "Pottery studio, pocket money, no hours",
        a("new", 30, "half_year", "basic", reach="local", weekly_hours=0),
        SMO,
        "30 a month cannot fund ads; organic work needs help or hours (004).",
    ),
    Business(
        "Car dealer, established, local, results this month",
        a(
            "established",
            4000,
            "weeks",
            "advanced",
            profiles="optimized",
            goal="sales",
            audience="clear",
            reach="local",
        ),
        SMM,
        "Everything points to paid: money, urgency, skill, ready profiles (1, 2, 3, 5, 6).",
    ),
    Business(
        "Charity shop, volunteers' time, no budget",
        a("growing", 0, "long_term", "basic", goal="awareness", reach="local", weekly_hours=12),
        SMO,
        "No money, time and volunteers (2, guard).",
    ),
    Business(
        "Skincare brand, new, global ambitions, 1,200 a month",
        a(
            "new",
            1200,
            "months",
            "intermediate",
            profiles="optimized",
            goal="sales",
            audience="clear",
            reach="global",
        ),
        BLEND,
        "Cannot fund worldwide ads; a blend aimed at a narrower market (004).",
    ),
    Business(
        "Vet practice, steady, half a year, 500",
        a(
            "established",
            500,
            "half_year",
            "intermediate",
            profiles="optimized",
            goal="leads",
            audience="clear",
            reach="local",
            weekly_hours=5,
        ),
        BLEND,
        "Established and ready for ads, but half a year leaves room for organic work to compound (1, 3, 6).",
    ),
    Business(
        "Freelance designer with some savings and patience",
        a(
            "new",
            250,
            "long_term",
            "advanced",
            profiles="partial",
            goal="leads",
            reach="national",
            weekly_hours=10,
        ),
        SMO,
        "Too little for national ads and time to build (3, 004).",
    ),
    Business(
        "Bakery franchise, regional, 1,500, this quarter",
        a(
            "established",
            1500,
            "months",
            "intermediate",
            profiles="optimized",
            audience="clear",
            reach="regional",
            weekly_hours=6,
        ),
        SMM,
        "Established, ready, and enough for regional ads (1, 5, 004).",
    ),
]


def test_the_table_has_at_least_thirty_distinct_businesses() -> None:
    names = [business.name for business in BUSINESSES]

    assert len(set(names)) == len(names) >= 30


@pytest.mark.parametrize("business", BUSINESSES, ids=[business.name for business in BUSINESSES])
def test_each_business_gets_the_verdict_the_seed_rules_imply(business: Business) -> None:
    result = recommend(Answers.model_validate(business.answers), DEFAULT_WEIGHTS)

    assert result.verdict is business.verdict, business.why
