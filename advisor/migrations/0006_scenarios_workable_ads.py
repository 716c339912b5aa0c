"""Scenario checks for the workable-ad-spend rule (seed 004): they gate the activation of any weight set."""

from django.db import migrations

WORKABLE_SCENARIOS = [
    {
        "name": "Eager local shop whose budget cannot fund ads yet",
        "answers": {
            "stage": "growing",
            "monthly_budget": 120,
            "horizon": "weeks",
            "experience": "intermediate",
            "profiles": "optimized",
            "audience": "clear",
            "reach": "local",
        },
        "expected_verdict": "smo_first",
        "forbidden_verdict": "",
        "note": "Seed 004: 120 a month cannot fund the local minimum of ad spend, however ready the business is.",
    },
    {
        "name": "National ambitions on a regional budget",
        "answers": {
            "stage": "growing",
            "monthly_budget": 800,
            "horizon": "months",
            "experience": "intermediate",
            "reach": "national",
        },
        "expected_verdict": "blended",
        "forbidden_verdict": "smm_first",
        "note": "Seed 004: too little for a whole country, enough for a region: a blend aimed at the region.",
    },
    {
        "name": "Tiny budget never gets paid-first advice",
        "answers": {
            "stage": "established",
            "monthly_budget": 50,
            "horizon": "weeks",
            "experience": "advanced",
            "profiles": "optimized",
            "goal": "sales",
            "audience": "clear",
        },
        "expected_verdict": "",
        "forbidden_verdict": "smm_first",
        "note": "Seed 004: 50 a month buys almost no reach, even for a business that is otherwise ready.",
    },
]


def create_scenarios(apps, schema_editor):
    Scenario = apps.get_model("advisor", "Scenario")
    for scenario in WORKABLE_SCENARIOS:
        Scenario.objects.get_or_create(name=scenario["name"], defaults=scenario)


def remove_scenarios(apps, schema_editor):
    names = [scenario["name"] for scenario in WORKABLE_SCENARIOS]
    apps.get_model("advisor", "Scenario").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("advisor", "0005_default_weights_v2")]

    operations = [migrations.RunPython(create_scenarios, remove_scenarios)]
