"""Migration 0005 brings the v2 defaults to new and existing databases alike, without editing 0002."""

import importlib

import pytest
from django.apps import apps

from advisor.models import WeightSet, weights_to_data
from advisor.weights import DEFAULT_WEIGHTS

pytestmark = pytest.mark.django_db

migration = importlib.import_module("advisor.migrations.0005_default_weights_v2")
first_default = importlib.import_module("advisor.migrations.0002_default_weight_set").DEFAULT_DATA


def as_in_an_older_database(data: dict) -> None:
    """Only v1 exists, active, holding ``data``: a database migrated before 0005 existed."""
    WeightSet.objects.exclude(version=1).delete()
    WeightSet.objects.update_or_create(version=1, defaults={"status": WeightSet.Status.ACTIVE, "data": data})


def test_a_new_database_ends_with_the_v2_defaults_active() -> None:
    active = WeightSet.objects.get(status=WeightSet.Status.ACTIVE)

    assert (active.version, active.weights.model_dump(exclude={"version"})) == (
        DEFAULT_WEIGHTS.version,
        DEFAULT_WEIGHTS.model_dump(exclude={"version"}),
    )
    assert active.data == weights_to_data(DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    "budget_leans", migration.OLD_BUDGET_LEANS, ids=["0002 as first written", "0002 as edited"]
)
def test_an_existing_database_with_either_old_default_ends_the_same(budget_leans: list[float]) -> None:
    as_in_an_older_database(
        {**first_default, "leans": {**first_default["leans"], "monthly_budget": budget_leans}}
    )

    migration.add_v2(apps, None)

    active = WeightSet.objects.get(status=WeightSet.Status.ACTIVE)
    assert active.data == weights_to_data(DEFAULT_WEIGHTS)
    assert WeightSet.objects.get(version=1).status == WeightSet.Status.RETIRED


def test_a_set_an_admin_changed_stays_live_and_v2_arrives_as_a_draft() -> None:
    as_in_an_older_database({**first_default, "smm_from": 0.5})

    migration.add_v2(apps, None)

    assert WeightSet.objects.get(version=1).status == WeightSet.Status.ACTIVE
    assert WeightSet.objects.get(version=2).status == WeightSet.Status.DRAFT


def test_running_it_again_adds_nothing() -> None:
    before = WeightSet.objects.count()

    migration.add_v2(apps, None)

    assert WeightSet.objects.count() == before
