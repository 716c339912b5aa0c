"""The phased plan, built from the answers: the deadline sets the timing, the profiles decide the first
steps, the hours and the split's money are the ones the plan spends."""

from advisor.domain import Answers, PlanPhase, Split, Weights
from advisor.flip_words import REACH_WORDS, area_words
from advisor.money import format_hours, format_money, round_money
from advisor.split import FULL_TIME_HOURS, ORGANIC_HOURS_ENOUGH, ad_hours_needed, hours_still_missing
from advisor.verdict import guard
from advisor.vocabulary import Audience, Experience, Horizon, Profiles, Reach, Stage, Verdict

# Enum members named once: reading one from its class costs a slow lookup in Python 3.11 (EnumType
# defines __getattr__), and these are read on every recommendation.
_SMO, _BLENDED, _SMM = Verdict.SMO_FIRST, Verdict.BLENDED, Verdict.SMM_FIRST
_WEEKS, _MONTHS, _IDEA, _LOCAL, _CLEAR = (
    Horizon.WEEKS,
    Horizon.MONTHS,
    Stage.IDEA,
    Reach.LOCAL,
    Audience.CLEAR,
)
_NO_PROFILES, _PARTIAL, _OPTIMIZED = Profiles.NONE, Profiles.PARTIAL, Profiles.OPTIMIZED
_NO_EXPERIENCE, _BASIC = Experience.NONE, Experience.BASIC

# Organic work is judged after about three months of steady posting; a paid test after four weeks.
REVIEW_AFTER_WEEKS = 12
PAID_TEST_WEEKS = 4
# Ad budgets up to this are "small" tests.
SMALL_AD_SPEND = 500
# Less than this a month buys no content production: the plan keeps it for little costs.
SMALL_CONTENT_MONEY = 20


def weeks_label(start: int, length: int | None) -> str:
    if length is None:
        return f"{start}+"
    end = start + length - 1
    return str(start) if end == start else f"{start}–{end}"


def _phase(title: str, start: int, length: int | None, actions: list[str]) -> PlanPhase:
    """A phase from its first week and its length in weeks (None: ongoing)."""
    return PlanPhase(title=title, weeks=weeks_label(start, length), actions=actions)


def build_plan(
    verdict: Verdict, answers: Answers, split: Split, weights: Weights, currency: str
) -> list[PlanPhase]:
    paid = split.monthly_ad_spend > 0
    prep = _preparation(answers, split, weights, currency, paid)
    urgent = answers.horizon == _WEEKS
    # Results this quarter with ads advised: the preparation runs side by side, not one after another.
    side_by_side = paid and answers.horizon in (_WEEKS, _MONTHS)
    phases: list[PlanPhase] = []
    week = 1
    for title, length, actions in prep:
        phases.append(_phase(title, 1 if side_by_side else week, length, actions))
        week = max(week, 1 + length) if side_by_side else week + length
    # Results within weeks: the first ads go live in week 1–2, alongside the preparation.
    start = 1 if urgent and paid else week
    organic_title, organic_actions = _organic_phase(verdict, answers, split, currency)
    organic_phase = _phase(organic_title, start, None, organic_actions)
    if paid:
        paid_phase = _phase(*_paid_phase(answers, split, weights, currency, start, urgent))
        # Paid-first advice leads with the ads, so its first actions are about them, not about posting.
        lead_with_ads = verdict == _SMM
        phases.extend([paid_phase, organic_phase] if lead_with_ads else [organic_phase, paid_phase])
        review_week = start + PAID_TEST_WEEKS
    else:
        phases.append(organic_phase)
        review_week = start + REVIEW_AFTER_WEEKS
    phases.append(_phase(*_review(verdict, answers, split, weights, currency, review_week)))
    return phases


_Prep = tuple[str, int, list[str]]  # title, length in weeks, actions

PROFILE_PHASES: dict[Profiles | None, _Prep] = {
    _NO_PROFILES: (
        "Set up your profiles",
        2,
        [
            "Create a business profile on the one or two platforms your customers use most.",
            "Use the same name, logo and short description everywhere, with contact details and a link to your site.",
            "Publish a first post that says plainly what you offer and for whom.",
        ],
    ),
    _PARTIAL: (
        "Finish your profiles",
        1,
        [
            "Fill the gaps: bio, profile picture, contact details, opening hours or a booking button, website link.",
            "Pin a post that says plainly what you offer and for whom.",
        ],
    ),
    # Not answered: only worth a check when ads will send people there.
    None: (
        "Check your profiles before the ads",
        1,
        [
            "Make sure the profiles the ads will point to are complete: bio, contact details, a link to your site."
        ],
    ),
}


def _preparation(answers: Answers, split: Split, weights: Weights, currency: str, paid: bool) -> list[_Prep]:
    """What comes before (or, against a deadline, beside) the regular work: learning, profiles, audience."""
    found: list[_Prep] = []
    if answers.experience == _NO_EXPERIENCE or (answers.experience == _BASIC and paid):
        found.append(_learning(split, weights, currency))
    if answers.profiles in (_NO_PROFILES, _PARTIAL) or (answers.profiles is None and paid):
        found.append(PROFILE_PHASES[answers.profiles])
    if paid and answers.audience != _CLEAR:
        actions = [
            "Write down your typical customer: age range, place, interests and the problem you solve for them."
        ]
        if answers.stage != _IDEA and answers.profiles != _NO_PROFILES:
            actions.append("Check who already follows and buys from you, using the platforms' statistics.")
        found.append(("Define who the ads are for", 1, actions))
    return found


def _learning(split: Split, weights: Weights, currency: str) -> _Prep:
    paid = split.monthly_ad_spend > 0
    if split.help_spend > 0:
        hours = split.help_spend / weights.help_hourly_rate
        first = (
            f"Book about {format_hours(hours)} a month of a freelancer's or agency's time "
            f"({format_money(split.help_spend, currency)}): to set up and run what you lack the time or "
            "experience for, and to check your work."
        )
    elif paid:
        first = "Take a free beginner course from one of the ad platforms, or ask someone who runs ads to show you."
    else:
        first = (
            "Take a free beginner course on posting for a business (the platforms offer them), or ask someone "
            "whose business page works well to show you how they plan and reply."
        )
    numbers = (
        "Learn the numbers you will watch: reach, engagement, clicks and, for ads, cost per result."
        if paid
        else "Learn the numbers you will watch: reach, engagement and clicks."
    )
    return ("Learn the basics, or get help", 2, [first, numbers])


def _organic_phase(verdict: Verdict, answers: Answers, split: Split, currency: str) -> tuple[str, list[str]]:
    has_following = answers.stage != _IDEA and answers.profiles != _NO_PROFILES
    actions: list[str] = []
    if verdict is _SMO and answers.horizon == _WEEKS:
        # Profiles that are already optimized need no getting ready.
        ready = "" if answers.profiles is _OPTIMIZED else "get your profiles ready and "
        actions.append(
            f"Be clear about what a month of organic work can do: {ready}reach people who already know you. "
            "It will not bring many new customers that fast."
        )
    if split.weekly_hours > 0:
        light = verdict is _SMM and split.weekly_hours <= 3
        what = (
            "Post and reply on a light schedule"
            if light
            else "Plan a month of posts in a simple content calendar"
        )
        spare = (answers.weekly_hours or 0.0) - split.paid_hours - split.weekly_hours
        enough = (
            f" More than that adds little: keep the other {format_hours(spare)} for the business itself."
            if split.weekly_hours >= ORGANIC_HOURS_ENOUGH and spare >= 1
            else ""
        )
        actions.append(f"{what}, in about {format_hours(split.weekly_hours)} a week.{enough}")
        actions.append(
            "Post at the times your followers are online, and reply to every comment and message within a day."
            if has_following
            else "Post on a steady schedule and reply to everyone who comments or writes: that is how the first followers come."
        )
    if split.help_spend > 0 and split.weekly_hours < 2:
        actions.append(
            f"With {format_hours(split.weekly_hours)} a week of your own, let the freelancer or agency do the "
            f"posting and replies, paid from the {format_money(split.help_spend, currency)} a month set aside for help."
        )
    elif split.weekly_hours <= 0:
        actions.append(
            "Find at least two hours a week for posts and replies: nothing happens organically without them."
        )
    if verdict is _SMM:
        actions.append(
            "Turn your best-performing ads into regular posts, so ad visitors find an active page."
        )
    else:
        actions.append("Once a week, look at what got saved, shared or clicked, and make more of it.")
    rest = round_money(split.monthly_organic_spend - split.help_spend)
    if rest >= SMALL_CONTENT_MONEY:
        actions.append(
            f"Put {format_money(rest, currency)} a month into content (photos, video), scheduling tools "
            "or paid help with posting."
        )
    elif rest > 0:
        actions.append(
            f"Keep the {format_money(rest, currency)} a month for little costs, such as a scheduling tool or "
            "a design app."
        )
    title = "Keep the profiles alive" if verdict is _SMM else "Build an organic rhythm"
    return title, actions


def _paid_phase(
    answers: Answers, split: Split, weights: Weights, currency: str, start: int, urgent: bool
) -> tuple[str, int, int, list[str]]:
    profile_work = answers.profiles != _OPTIMIZED
    ads = format_money(split.monthly_ad_spend, currency)
    target = split.ad_target or _LOCAL
    where = REACH_WORDS[target] if answers.reach is not None else area_words(None)
    first = f"Spend about {ads} a month on ads aimed at {where}"
    if split.narrowed and answers.reach is not None:
        first += (
            f": this budget cannot cover {REACH_WORDS[answers.reach]} yet (about "
            f"{format_money(weights.min_ad_spend[answers.reach], currency)} a month of ads), so start with "
            f"{where} and widen the area when the ads pay back."
        )
    else:
        first += "."
    actions = [first]
    if urgent:
        actions.append(
            "Have the first ads live within two weeks, while the profile work goes on."
            if profile_work
            else "Have the first ads live within the first week or two."
        )
    aim = "the customer you described" if answers.audience == _CLEAR else "the customer you wrote down"
    actions.append(
        f"Run two or three versions of each ad, aimed at {aim}, and keep the one with the best cost per result."
    )
    actions.append("Track click-through rate, conversion rate and return on ad spend each week.")
    actions.append(_campaign_hours(answers, split, weights, currency))
    small = split.monthly_ad_spend <= SMALL_AD_SPEND
    title = "Test small paid campaigns" if small else "Run paid campaigns"
    if urgent:
        title = "Launch paid campaigns now"
    return title, start, PAID_TEST_WEEKS, actions


def _campaign_hours(answers: Answers, split: Split, weights: Weights, currency: str) -> str:
    """The hours the ads take, against the hours given, and who covers the rest."""
    ads = format_money(split.monthly_ad_spend, currency)
    needed = ad_hours_needed(split.monthly_ad_spend, weights)
    if split.paid_hours >= needed and needed >= FULL_TIME_HOURS:
        return f"Running {ads} of ads is a full-time job: keep {format_hours(needed)} a week for it, yours or a specialist's."
    if split.paid_hours >= needed:
        return f"Keep about {format_hours(split.paid_hours)} a week to run the campaigns."
    takes = (
        f"is a full-time job ({format_hours(needed)} a week or more)"
        if needed >= FULL_TIME_HOURS
        else f"takes about {format_hours(needed)} a week"
    )
    shortfall = f"Running {ads} of ads {takes}; you have {format_hours(split.paid_hours)} for it"
    help_amount = format_money(split.help_spend, currency)
    if split.help_spend > 0 and hours_still_missing(answers, split, weights) <= 0:
        return f"{shortfall}, so the freelancer or agency paid from the {help_amount} does the rest."
    if split.help_spend > 0:
        # The help money is what the organic part of the budget allows, not always all the hours short.
        bought = format_hours(split.help_spend / weights.help_hourly_rate)
        return (
            f"{shortfall}. The {help_amount} a month for a freelancer or agency buys about {bought} a month, "
            "less than the plan needs: start with fewer ads, or find more time before raising the spend."
        )
    return f"{shortfall}: start with fewer ads, or find the time before raising the spend."


def _review(
    verdict: Verdict, answers: Answers, split: Split, weights: Weights, currency: str, week: int
) -> tuple[str, int, None, list[str]]:
    if verdict is not _SMO:
        return (
            "Review and scale what works",
            week,
            None,
            [
                "Move money from ads that do not pay back to the ones that do.",
                "Raise the ad budget step by step only while return on ad spend holds.",
            ],
        )
    return (
        "Review, then consider ads",
        week,
        None,
        [
            "Review after three months: which posts brought visits, enquiries or sales?",
            _revisit_ads(answers, weights, currency),
        ],
    )


def _revisit_ads(answers: Answers, weights: Weights, currency: str) -> str:
    """When ads become worth it, naming only the conditions this business has still to meet."""
    area = answers.reach or _LOCAL
    minimum = weights.min_ad_spend[area]
    # The verdict's own rule: a blend could fund ads for the whole customer area with this budget.
    covered = guard(_BLENDED, answers.monthly_budget, answers.reach, weights) == (
        _BLENDED,
        area,
    )
    conditions = ["your profiles are complete"] if answers.profiles is not _OPTIMIZED else []
    conditions.append("posting is a habit")
    if not covered:
        conditions.append("that money is there")
    wanted = conditions[0] if len(conditions) == 1 else f"{', '.join(conditions[:-1])} and {conditions[-1]}"
    return (
        f"Ads aimed at {area_words(answers.reach)} become worth running from about {format_money(minimum, currency)} "
        f"a month of ad spend{', which your budget already covers' if covered else ''}: revisit paid promotion once {wanted}."
    )
