"""Warnings that matter for these answers, each naming the number it is about."""

from advisor.domain import AdviceWarning, Answers, Split, Weights
from advisor.flip import first_budget_with_ads
from advisor.flip_words import REACH_WORDS, area_words
from advisor.money import format_hours, format_money, money_up, round_hours
from advisor.split import MIN_ORGANIC_HOURS, WEEKS_A_MONTH, ad_hours_needed
from advisor.verdict import PAID_CAP, Assessment
from advisor.vocabulary import Audience, Experience, Factor, Reach, Verdict, option_label

# Enum members named once: reading one from its class costs a slow lookup in Python 3.11 (EnumType
# defines __getattr__), and these are read on every recommendation.
_SMO, _SMM, _LOCAL, _EXPERIENCE = Verdict.SMO_FIRST, Verdict.SMM_FIRST, Reach.LOCAL, Factor.EXPERIENCE
_NO_EXPERIENCE, _BASIC, _UNKNOWN = Experience.NONE, Experience.BASIC, Audience.UNKNOWN


def build_warnings(
    answers: Answers, assessment: Assessment, split: Split, weights: Weights, currency: str
) -> list[AdviceWarning]:
    found = [
        *_budget_warnings(answers, assessment, split, weights, currency),
        *_skill_warnings(answers, split, currency),
        *_hours_warnings(answers, assessment.verdict, split, weights, currency),
    ]
    return found


def _budget_warnings(
    answers: Answers, assessment: Assessment, split: Split, weights: Weights, currency: str
) -> list[AdviceWarning]:
    budget = answers.monthly_budget
    area = answers.reach or _LOCAL
    minimum = weights.min_ad_spend[area]
    if assessment.verdict is _SMO and assessment.raw_verdict is not _SMO and budget > 0:
        # The budget search of the flip, so this amount and "What would change it" agree; the rule's own
        # figure only when no budget up to the maximum changes the advice.
        found = first_budget_with_ads(answers, assessment, weights)
        needed, target = found or (money_up(minimum / PAID_CAP[assessment.raw_verdict]), area)
        aimed = f" (aimed at {REACH_WORDS[target]} first)" if target not in (None, area) else ""
        return [
            AdviceWarning(
                code="ads_not_workable_yet",
                message=(
                    f"Your other answers lean toward ads, but {format_money(budget, currency)} a month cannot fund the "
                    f"{format_money(minimum, currency)} of ads a month that reaching {area_words(answers.reach)} takes. "
                    f"From a budget of about {format_money(needed, currency)} a month, ads become worth it{aimed}."
                ),
            )
        ]
    if split.narrowed and split.ad_target is not None:
        return [
            AdviceWarning(
                code="ads_narrowed",
                message=(
                    f"{format_money(split.monthly_ad_spend, currency)} a month of ads is too little for "
                    f"{REACH_WORDS[area]} (about {format_money(minimum, currency)} needed), so the plan aims them at "
                    f"{REACH_WORDS[split.ad_target]} first."
                ),
            )
        ]
    return []


def _skill_warnings(answers: Answers, split: Split, currency: str) -> list[AdviceWarning]:
    found = []
    paid = split.monthly_ad_spend > 0
    if paid and answers.experience in (_NO_EXPERIENCE, _BASIC):
        label = option_label(_EXPERIENCE, answers.experience).lower()
        cost = (
            f"the plan sets aside {format_money(split.help_spend, currency)} a month of the budget for that help"
            if split.help_spend > 0
            else "a free beginner course from the ad platform is the place to start"
        )
        found.append(
            AdviceWarning(
                code="paid_for_beginner",
                message=(
                    f"Ads are advised, and your marketing experience is “{label}”: learn the basics first or have a "
                    f"freelancer or agency set up the first campaigns with you; {cost}. Ads run without that skill "
                    f"waste money ({format_money(split.monthly_ad_spend, currency)} a month here)."
                ),
            )
        )
    if paid and answers.audience == _UNKNOWN:
        found.append(
            AdviceWarning(
                code="paid_without_audience",
                message=(
                    f"Ads need a defined audience to aim at. Describe your typical customer before spending the "
                    f"{format_money(split.monthly_ad_spend, currency)} a month, or it will reach the wrong people."
                ),
            )
        )
    return found


def _hours_warnings(
    answers: Answers, verdict: Verdict, split: Split, weights: Weights, currency: str
) -> list[AdviceWarning]:
    hours = answers.weekly_hours
    if hours is None:
        return []
    if hours <= 0 and answers.monthly_budget <= 0:
        return [
            AdviceWarning(
                code="no_time_no_money",
                message=(
                    "With 0 hours a week and no budget, nothing can happen yet: even two hours a week of posts "
                    "and replies is a start."
                ),
            )
        ]
    needed_paid = ad_hours_needed(split.monthly_ad_spend, weights)
    needed = needed_paid + (MIN_ORGANIC_HOURS if verdict is not _SMM else 1.0)
    if hours >= needed:
        return []
    help_hours = split.help_spend / weights.help_hourly_rate  # a month
    short = round_hours((needed - hours) * WEEKS_A_MONTH)  # a month
    if split.help_spend <= 0:
        help_words = "find more hours or someone to help, or the plan will stall"
    elif round_hours(short - help_hours) <= 0:
        help_words = (
            f"the plan pays for help from the budget ({format_money(split.help_spend, currency)} a month)"
        )
    else:
        # The help money is what the organic part of the budget allows, not always all the hours short.
        help_words = (
            f"the plan pays for about {format_hours(help_hours)} of help a month from the budget "
            f"({format_money(split.help_spend, currency)}), of the {format_hours(short)} a month you are short: "
            "find more time or money, or start smaller"
        )
    return [
        AdviceWarning(
            code="not_enough_hours",
            message=(
                f"This plan needs about {format_hours(needed)} a week"
                + (f" ({format_hours(needed_paid)} of it to run the ads)" if needed_paid > 0 else "")
                + f"; you have {format_hours(hours)}: {help_words}."
            ),
        )
    ]
