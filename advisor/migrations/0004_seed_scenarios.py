"""Scenario checks derived from the seed articles' decision rules (see shared/DESIGN.md)."""

from django.db import migrations

SEED_SCENARIOS = [
    {
        "name": "Brand-new, no budget, time to build",
        "answers": {"stage": "new", "monthly_budget": 0, "horizon": "long_term", "experience": "none"},
        "expected_verdict": "smo_first",
        "forbidden_verdict": "",
        "note": "Rules 1-3: just started, no money, time to build slowly: organic first.",
    },
    {
        "name": "Idea stage, pocket money, no profiles",
        "answers": {
            "stage": "idea",
            "monthly_budget": 50,
            "horizon": "long_term",
            "experience": "basic",
            "profiles": "none",
        },
        "expected_verdict": "smo_first",
        "forbidden_verdict": "",
        "note": "Rule 5: paid campaigns come after the profiles are set up.",
    },
    {
        "name": "Established, big budget, results in weeks",
        "answers": {
            "stage": "established",
            "monthly_budget": 5000,
            "horizon": "weeks",
            "experience": "advanced",
            "profiles": "optimized",
            "goal": "sales",
            "audience": "clear",
        },
        "expected_verdict": "smm_first",
        "forbidden_verdict": "",
        "note": "Rules 1-3 and 6: ready to pay, needs quick results, optimized profiles: paid first.",
    },
    {
        "name": "Ready to scale with a defined audience",
        "answers": {
            "stage": "established",
            "monthly_budget": 3000,
            "horizon": "months",
            "experience": "intermediate",
            "profiles": "optimized",
            "goal": "leads",
            "audience": "clear",
        },
        "expected_verdict": "smm_first",
        "forbidden_verdict": "",
        "note": "Rule 6: clear goals, a defined target audience and scaling up suit paid ads.",
    },
    {
        "name": "Growing business, moderate budget, this quarter",
        "answers": {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"},
        "expected_verdict": "blended",
        "forbidden_verdict": "",
        "note": "A middle case: some money, some patience: both at once.",
    },
    {
        "name": "No money for ads, however urgent",
        "answers": {"stage": "established", "monthly_budget": 0, "horizon": "weeks", "experience": "advanced"},
        "expected_verdict": "smo_first",
        "forbidden_verdict": "",
        "note": "Rule 2 (and the guard): with no budget there is nothing to spend on ads.",
    },
    {
        "name": "New business with bare profiles never leads with ads",
        "answers": {
            "stage": "new",
            "monthly_budget": 2000,
            "horizon": "months",
            "experience": "basic",
            "profiles": "none",
        },
        "expected_verdict": "",
        "forbidden_verdict": "smm_first",
        "note": "Rule 5: SMM is the step after SMO; ads would send people to empty profiles.",
    },
]


def create_scenarios(apps, schema_editor):
    Scenario = apps.get_model("advisor", "Scenario")
    for scenario in SEED_SCENARIOS:
        Scenario.objects.get_or_create(name=scenario["name"], defaults=scenario)


def remove_scenarios(apps, schema_editor):
    apps.get_model("advisor", "Scenario").objects.filter(name__in=[s["name"] for s in SEED_SCENARIOS]).delete()


class Migration(migrations.Migration):
    dependencies = [("advisor", "0003_scenarios_and_activate_permission")]

    operations = [migrations.RunPython(create_scenarios, remove_scenarios)]
