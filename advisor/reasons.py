"""One-line reasons for each answer, in plain words, grounded in the seed articles' rules."""

from advisor.vocabulary import Factor

CHOICE_REASONS: dict[Factor, dict[str, str]] = {
    Factor.STAGE: {
        "idea": "Before the first sale, the job is to find your voice and your people, which free work does best.",
        "new": "A young business learns most from organic posting: which platforms work and who responds.",
        "growing": "With a running business and profiles in place, paid reach has something solid to build on.",
        "established": "A proven offer is ready to scale, and ads are the quickest way to put it in front of more people.",
    },
    Factor.HORIZON: {
        "weeks": "Results within a month practically need paid reach; organic audiences take longer to form.",
        "months": "A few months allows some organic growth, but ads still speed things up.",
        "half_year": "Half a year gives organic posting and engagement time to start compounding.",
        "long_term": "With a long horizon, steady organic work builds a presence that keeps paying off.",
    },
    Factor.EXPERIENCE: {
        "none": "Without marketing experience, paying for ads risks wasted money; learn on free channels or get help first.",
        "basic": "Some experience is enough for organic posting; ads will need care and small tests.",
        "intermediate": "Knowing your statistics means you can judge whether an ad campaign is paying back.",
        "advanced": "You can set up, test and measure campaigns, so paid work is unlikely to be wasted.",
    },
    Factor.PROFILES: {
        "none": "Ads send people to your profiles, so those need to exist and convince before money goes in.",
        "partial": "Half-finished profiles leak the visitors that ads would bring; finish them first.",
        "optimized": "Complete profiles are the step that comes before paid campaigns, and you have taken it.",
    },
    Factor.GOAL: {
        "awareness": "Getting known suits organic content that people share and come back to.",
        "traffic": "Visits can come from organic posts that point to your site, with ads as a top-up.",
        "leads": "Enquiries come faster when ads put an offer in front of the right people.",
        "sales": "Direct sales are what targeted ads do best, measured by return on ad spend.",
    },
    Factor.AUDIENCE: {
        "unknown": "Ads are aimed at a defined audience; without one, organic posting helps you find it first.",
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


# How the warnings name each customer area.
REACH_AREAS: dict[str, str] = {
    "local": "customers in one town or neighbourhood",
    "regional": "customers across a region",
    "national": "customers across the whole country",
    "global": "customers in several countries",
}


def format_money(amount: float, currency: str) -> str:
    """Whole amounts without cents ("1,500 USD"); others with them, so a small sum never shows as 0."""
    cents = round(amount * 100)
    if cents == 0 and amount > 0:
        return f"under 0.01 {currency}"
    if cents % 100 == 0:
        return f"{cents // 100:,} {currency}"
    return f"{cents / 100:,.2f} {currency}"


def format_hours(hours: float) -> str:
    """Hours to one decimal ("2.5"), never rounded down to a misleading 0."""
    if 0 < hours < 0.05:
        return "under 0.1"
    return f"{round(hours, 1):g}"


def budget_reason(amount: float, lean: float, currency: str) -> str:
    if amount <= 0:
        return "With no money for ads right now, free organic work is the way to start."
    money = format_money(amount, currency)
    if lean <= -0.3:
        return f"{money} a month buys little paid reach; it goes further on content and tools."
    if lean < 0.3:
        return f"{money} a month can fund small test campaigns beside organic work."
    return f"{money} a month is enough to run paid campaigns that reach people quickly."


def hours_reason(hours: float, lean: float) -> str:
    if hours <= 0:
        return "With no hours a week for posting and replies, organic work cannot happen without help."
    amount = format_hours(hours)
    if lean >= 0.3:
        return f"{amount} hours a week is little time for posting, so paid reach has to carry more."
    if lean > -0.3:
        return f"{amount} hours a week allows a modest posting plan beside other work."
    return f"{amount} hours a week is enough time for regular posting and real conversations."
