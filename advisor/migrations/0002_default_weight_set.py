"""The first weight set, derived from the seed articles (a frozen copy of advisor.weights' defaults)."""

from django.db import migrations

DEFAULT_DATA = {
    "importance": {
        "stage": 3.0,
        "monthly_budget": 3.0,
        "horizon": 2.5,
        "experience": 1.5,
        "profiles": 2.0,
        "goal": 1.0,
        "audience": 1.5,
        "reach": 0.5,
        "weekly_hours": 1.5
    },
    "leans": {
        "stage": [
            -1.0,
            -0.6,
            0.3,
            0.8
        ],
        "monthly_budget": [
            -1.0,
            -0.85,
            -0.3,
            0.3,
            0.7,
            1.0
        ],
        "horizon": [
            0.9,
            0.4,
            -0.3,
            -0.8
        ],
        "experience": [
            -0.5,
            -0.2,
            0.2,
            0.6
        ],
        "profiles": [
            -0.9,
            -0.3,
            0.6
        ],
        "goal": [
            -0.3,
            -0.1,
            0.3,
            0.6
        ],
        "audience": [
            -0.6,
            0.0,
            0.6
        ],
        "reach": [
            -0.2,
            0.0,
            0.2,
            0.3
        ],
        "weekly_hours": [
            0.6,
            0.2,
            -0.1,
            -0.4,
            -0.7
        ]
    },
    "budget_bands": [
        0.0,
        100.0,
        300.0,
        1000.0,
        3000.0
    ],
    "hour_bands": [
        2.0,
        5.0,
        10.0,
        20.0
    ],
    "smo_below": -0.2,
    "smm_from": 0.35,
    "min_ad_spend": {
        "local": 150.0,
        "regional": 300.0,
        "national": 1000.0,
        "global": 2500.0
    }
}


def create_default_weight_set(apps, schema_editor):
    WeightSet = apps.get_model("advisor", "WeightSet")
    if WeightSet.objects.exists():
        return
    WeightSet.objects.create(
        version=1,
        status="active",
        data=DEFAULT_DATA,
        note="Default weights derived from the seed articles' decision rules.",
    )


def remove_default_weight_set(apps, schema_editor):
    apps.get_model("advisor", "WeightSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("advisor", "0001_initial")]

    operations = [migrations.RunPython(create_default_weight_set, remove_default_weight_set)]
