"""Default weights, version 3: a NEW weight set (0005 is never edited again).

What changed: the weekly-hours leans are gentler at the low end, [0.4, 0.25, 0.0, -0.35, -0.7] instead of
[0.6, 0.2, -0.1, -0.4, -0.7], so that one more hour a week never changes more than 2 % of verdicts (`make
bench` measured 3 % at 1 → 2 hours). About 1 % of answer sets get other advice; stored results keep their
snapshots.

As in 0005: when the active set still holds the v2 defaults (or no set is active), the new set becomes
active and the old one is retired, so an existing database ends with the same live defaults as a new one.
A set an admin changed stays live; the new defaults then arrive as a draft to review.
"""

from django.db import migrations
from django.utils import timezone

V2_DATA = {
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
NEW_DATA = {**V2_DATA, "leans": {**V2_DATA["leans"], "weekly_hours": [0.4, 0.25, 0.0, -0.35, -0.7]}}
NOTE = "Default weights v3: gentler weekly-hours leans (no one-hour cliff over 2 %)."


def _same(left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, int | float) and isinstance(right, int | float):
        return float(left) == float(right)
    return left == right


def add_v3(apps, schema_editor):
    WeightSet = apps.get_model("advisor", "WeightSet")
    if any(_same(row.data, NEW_DATA) for row in WeightSet.objects.all()):
        return
    active = WeightSet.objects.filter(status="active").first()
    latest = WeightSet.objects.order_by("-version").first()
    version = (latest.version if latest is not None else 0) + 1
    take_over = active is None or _same(active.data, V2_DATA)
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


def remove_v3(apps, schema_editor):
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
    dependencies = [("advisor", "0006_scenarios_workable_ads")]

    operations = [migrations.RunPython(add_v3, remove_v3)]
