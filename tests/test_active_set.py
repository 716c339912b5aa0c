"""Which weight set is active: remembered in the "weights" cache for WEIGHTS_REFRESH_SECONDS, forgotten when
a change commits."""

import pytest
from django.core.cache.backends import locmem
from django.db import transaction

from advisor.models import WeightSet, weights_to_data
from advisor.selectors import active_set, active_weights, active_weights_version
from advisor.weights import DEFAULT_WEIGHTS

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The local-memory cache's clock, moved by hand."""
    clock = Clock()
    monkeypatch.setattr(locmem.time, "time", clock)
    return clock


def retire_behind_the_process_back(weight_set: WeightSet) -> WeightSet:
    """Another server activates v2: this process is not told (a queryset update does not call save())."""
    WeightSet.objects.filter(pk=weight_set.pk).update(status=WeightSet.Status.RETIRED)
    data = weights_to_data(DEFAULT_WEIGHTS)
    data["smm_from"] = 0.5
    new = WeightSet(version=weight_set.version + 1, status=WeightSet.Status.ACTIVE, data=data)
    WeightSet.objects.bulk_create([new])
    return new


def test_another_servers_activation_is_seen_once_the_refresh_time_has_passed(
    default_weight_set, clock, settings
):
    settings.WEIGHTS_REFRESH_SECONDS = 1.0
    assert active_weights_version() == default_weight_set.version
    retire_behind_the_process_back(default_weight_set)

    clock.now += 0.9
    before = active_weights_version()
    clock.now += 0.2
    after = active_weights()

    v = default_weight_set.version
    assert (before, after.version, after.smm_from) == (v, v + 1, 0.5)


def test_one_query_per_refresh_period_however_many_calls(
    default_weight_set, clock, settings, django_assert_num_queries
):
    settings.WEIGHTS_REFRESH_SECONDS = 1.0
    active_weights()

    with django_assert_num_queries(0):
        for _ in range(50):
            active_weights()
    clock.now += 1.0
    with django_assert_num_queries(1):
        active_weights()
        active_weights_version()


def test_a_save_in_this_process_takes_effect_once_committed(default_weight_set, clock, settings):
    settings.WEIGHTS_REFRESH_SECONDS = 60.0
    assert active_weights_version() == default_weight_set.version
    data = weights_to_data(DEFAULT_WEIGHTS)
    data["smo_below"] = -0.4

    default_weight_set.data = data
    default_weight_set.save()

    assert active_weights().smo_below == -0.4


@pytest.mark.django_db(transaction=True)
def test_inside_the_saving_transaction_nothing_is_remembered_until_it_commits(
    default_weight_set, clock, settings, django_assert_num_queries
):
    settings.WEIGHTS_REFRESH_SECONDS = 60.0
    data = weights_to_data(DEFAULT_WEIGHTS)
    data["smo_below"] = -0.4

    with transaction.atomic():
        default_weight_set.data = data
        default_weight_set.save()
        with django_assert_num_queries(2):
            inside = [active_weights().smo_below, active_weights().smo_below]
    with django_assert_num_queries(1):
        after = [active_weights().smo_below, active_weights().smo_below]

    assert (inside, after) == ([-0.4, -0.4], [-0.4, -0.4])


def test_zero_refresh_seconds_reads_the_database_every_time(
    default_weight_set, clock, settings, django_assert_num_queries
):
    settings.WEIGHTS_REFRESH_SECONDS = 0
    active_weights()

    with django_assert_num_queries(3):
        for _ in range(3):
            active_weights()


def activate_then_fail(weight_set: WeightSet) -> int | None:
    with transaction.atomic():
        WeightSet.objects.filter(pk=weight_set.pk).update(status=WeightSet.Status.RETIRED)
        WeightSet.objects.create(
            version=weight_set.version + 1, status=WeightSet.Status.ACTIVE, data=weight_set.data
        )
        seen_inside = active_weights_version()
        raise RuntimeError(f"the activation failed half-way (v{seen_inside} was active inside)")


def test_a_rolled_back_change_is_not_remembered(default_weight_set, clock, settings):
    settings.WEIGHTS_REFRESH_SECONDS = 60.0

    with pytest.raises(RuntimeError, match=rf"\(v{default_weight_set.version + 1} was active inside\)"):
        activate_then_fail(default_weight_set)

    assert active_weights_version() == default_weight_set.version


def test_with_no_active_set_the_built_in_defaults_stand_in(default_weight_set, clock):
    WeightSet.objects.all().delete()

    remembered = active_set()

    assert (remembered.weights, remembered.pk, remembered.version) == (DEFAULT_WEIGHTS, None, None)
