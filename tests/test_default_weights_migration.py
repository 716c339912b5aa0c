"""Migrations 0005 and 0007 bring the v2 and v3 defaults to new and existing databases alike, without editing
an applied migration."""

import importlib

import pytest
from django.apps import apps

from advisor.models import WeightSet, weights_to_data
from advisor.weights import DEFAULT_WEIGHTS

pytestmark = pytest.mark.django_db

migration = importlib.import_module("advisor.migrations.0005_default_weights_v2")
v3 = importlib.import_module("advisor.migrations.0007_default_weights_v3")
first_default = importlib.import_module("advisor.migrations.0002_default_weight_set").DEFAULT_DATA


def as_in_an_older_database(data: dict) -> None:
    """Only v1 exists, active, holding ``data``: a database migrated before 0005 existed."""
    WeightSet.objects.exclude(version=1).delete()
    WeightSet.objects.update_or_create(version=1, defaults={"status": WeightSet.Status.ACTIVE, "data": data})


def test_a_new_database_ends_with_the_current_defaults_active() -> None:
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
    assert active.data == migration.NEW_DATA
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


def test_v3_is_the_current_defaults() -> None:
    assert weights_to_data(DEFAULT_WEIGHTS) == v3.NEW_DATA
    assert v3.V2_DATA == migration.NEW_DATA


def test_a_database_with_the_v2_defaults_live_ends_with_v3_live() -> None:
    as_in_an_older_database(migration.NEW_DATA)

    v3.add_v3(apps, None)

    active = WeightSet.objects.get(status=WeightSet.Status.ACTIVE)
    assert (active.version, active.data) == (2, weights_to_data(DEFAULT_WEIGHTS))
    assert WeightSet.objects.get(version=1).status == WeightSet.Status.RETIRED


def test_a_v2_set_an_admin_changed_stays_live_and_v3_arrives_as_a_draft() -> None:
    as_in_an_older_database({**migration.NEW_DATA, "smm_from": 0.5})

    v3.add_v3(apps, None)

    assert WeightSet.objects.get(version=1).status == WeightSet.Status.ACTIVE
    assert WeightSet.objects.get(version=2).status == WeightSet.Status.DRAFT


def test_running_v3_again_adds_nothing() -> None:
    before = WeightSet.objects.count()

    v3.add_v3(apps, None)

    assert WeightSet.objects.count() == before
