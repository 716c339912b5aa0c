"""Default weights, version 2: a NEW weight set (0002 is never edited again).

What changed in the scoring (advisor.verdict, advisor.split): the budget and hours leans are interpolated
between band middles (no cliffs at band edges); advice with ads must fund them at the workable minimum for
the area they aim at; and two numbers for the plan were added (hours to run ads per 1,000 of spend, and
what an hour of a freelancer's help costs).

Both earlier versions of 0002's default data count as "the defaults": when the active set still holds
them (or no set is active), the new set becomes active and the old one is retired, so an existing
database ends with the same live defaults as a new one. A set an admin changed stays live; the new
defaults then arrive as a draft to review. Stored results keep their own snapshots either way.
"""

from django.db import migrations
from django.utils import timezone

NEW_DATA = {
    "importance": {
        "stage": 3.0,
        "monthly_budget": 3.0,
        "horizon": 2.5,
        "experience": 1.5,
        "profiles": 2.0,
        "goal": 1.0,
        "audience": 1.5,
        "reach": 0.5,
        "weekly_hours": 1.5,
    },
    "leans": {
        "stage": [-1.0, -0.6, 0.3, 0.8],
        "monthly_budget": [-1.0, -0.85, -0.3, 0.3, 0.7, 1.0],
        "horizon": [0.9, 0.4, -0.3, -0.8],
        "experience": [-0.5, -0.2, 0.2, 0.6],
        "profiles": [-0.9, -0.3, 0.6],
        "goal": [-0.3, -0.1, 0.3, 0.6],
        "audience": [-0.6, 0.0, 0.6],
        "reach": [-0.2, 0.0, 0.2, 0.3],
        "weekly_hours": [0.6, 0.2, -0.1, -0.4, -0.7],
    },
    "budget_bands": [0.0, 100.0, 300.0, 1000.0, 3000.0],
    "hour_bands": [2.0, 5.0, 10.0, 20.0],
    "smo_below": -0.05,
    "smm_from": 0.3,
    "min_ad_spend": {"local": 150.0, "regional": 300.0, "national": 1000.0, "global": 2500.0},
    "ad_hours_per_1000": 2.0,
    "help_hourly_rate": 40.0,
}

# The budget leans of 0002's data before (first) and after (second) it was edited; the rest is equal
# but for the thresholds, which were -0.2 and 0.35 there.
OLD_BUDGET_LEANS = ([-1.0, -0.6, -0.2, 0.3, 0.7, 1.0], [-1.0, -0.85, -0.3, 0.3, 0.7, 1.0])
NOTE = (
    "Default weights v2: smooth budget and hours, workable ad minimums decide, thresholds -0.05 / 0.30, "
    "plan numbers added."
)


def is_old_default(data):
    """True for either version of 0002's default data (compared as numbers, whatever JSON gave back)."""
    if not isinstance(data, dict):
        return False
    rest = {key: value for key, value in NEW_DATA.items() if key not in ("ad_hours_per_1000", "help_hourly_rate")}
    rest = {**rest, "smo_below": -0.2, "smm_from": 0.35}
    for budget_leans in OLD_BUDGET_LEANS:
        expected = {**rest, "leans": {**rest["leans"], "monthly_budget": budget_leans}}
        if _same(data, expected):
            return True
    return False


def _same(left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, int | float) and isinstance(right, int | float):
        return float(left) == float(right)
    return left == right


def add_v2(apps, schema_editor):
    WeightSet = apps.get_model("advisor", "WeightSet")
    if any(_same(row.data, NEW_DATA) for row in WeightSet.objects.all()):
        return
    active = WeightSet.objects.filter(status="active").first()
    latest = WeightSet.objects.order_by("-version").first()
    version = (latest.version if latest is not None else 0) + 1
    take_over = active is None or is_old_default(active.data)
    if take_over and active is not None:
        active.status = "retired"
        active.save(update_fields=["status"])
    WeightSet.objects.create(
        version=version,
        status="active" if take_over else "draft",
        data=NEW_DATA,
        activated_at=timezone.now() if take_over else None,
        note=NOTE if take_over else NOTE + " Not activated: the live set had been changed by an admin.",
    )


def remove_v2(apps, schema_editor):
    WeightSet = apps.get_model("advisor", "WeightSet")
    for row in WeightSet.objects.filter(note__startswith=NOTE):
        was_active = row.status == "active"
        row.delete()
        if was_active:
            previous = WeightSet.objects.filter(status="retired").order_by("-version").first()
            if previous is not None:
                previous.status = "active"
                previous.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [("advisor", "0004_seed_scenarios")]

    operations = [migrations.RunPython(add_v2, remove_v2)]
