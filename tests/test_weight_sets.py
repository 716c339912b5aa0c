"""Versioned weight sets: duplicate, activate atomically, history with a per-field diff, permissions."""

import threading
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from advisor.models import WeightSet
from advisor.presenters import Change, diff
from advisor.selectors import active_weights
from advisor.services import ActivationRefused, activate, duplicate
from tests.markup import parse


@pytest.fixture
def draft(default_weight_set, admin_user) -> WeightSet:
    return duplicate(source=default_weight_set, user=admin_user)


def with_lean(weight_set: WeightSet, factor: str, index: int, value: float) -> WeightSet:
    data = weight_set.data
    data["leans"][factor][index] = value
    weight_set.data = data
    weight_set.save()
    return weight_set


@pytest.mark.django_db
def test_duplicate_makes_a_draft_with_the_next_version_and_the_same_numbers(default_weight_set, admin_user):
    copy = duplicate(source=default_weight_set, user=admin_user)

    assert (copy.version, copy.status, copy.based_on, copy.created_by) == (
        default_weight_set.version + 1,
        WeightSet.Status.DRAFT,
        default_weight_set,
        admin_user,
    )
    assert copy.data == default_weight_set.data


@pytest.mark.django_db
def test_activation_retires_the_previous_set_and_the_next_recommendation_uses_the_new_one(
    default_weight_set, draft, admin_user
):
    with_lean(draft, "goal", 3, 0.7)
    assert active_weights().version == default_weight_set.version
    updated_before = WeightSet.objects.get(pk=draft.pk).updated_at

    activate(weight_set=draft, user=admin_user)

    default_weight_set.refresh_from_db()
    draft.refresh_from_db()
    assert default_weight_set.status == WeightSet.Status.RETIRED
    assert (draft.status, draft.activated_by) == (WeightSet.Status.ACTIVE, admin_user)
    assert draft.activated_at is not None
    assert draft.updated_at > updated_before
    weights = active_weights()
    assert (weights.version, weights.leans["goal"][3]) == (draft.version, 0.7)


@pytest.mark.django_db
def test_only_a_draft_can_be_activated(default_weight_set, admin_user):
    with pytest.raises(ActivationRefused) as refusal:
        activate(weight_set=default_weight_set, user=admin_user)

    assert refusal.value.reasons == [f"v{default_weight_set.version} is active, not a draft."]


@pytest.mark.django_db
def test_the_database_refuses_two_active_sets(default_weight_set, draft):
    draft.status = WeightSet.Status.ACTIVE

    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


@pytest.mark.django_db(transaction=True)
def test_two_admins_activating_at_once_leave_exactly_one_active_set(default_weight_set, admin_user):
    first, second = (
        duplicate(source=default_weight_set, user=admin_user),
        duplicate(source=default_weight_set, user=admin_user),
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def run(weight_set: WeightSet) -> None:
        try:
            start.wait()
            activate(weight_set=weight_set, user=admin_user)
            outcomes.append("activated")
        except Exception as error:  # recorded and asserted below
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(ws,)) for ws in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = dict(WeightSet.objects.values_list("version", "status"))
    assert sorted(outcomes) == ["activated", "activated"]
    assert list(statuses.values()).count(WeightSet.Status.ACTIVE) == 1
    assert statuses[default_weight_set.version] == WeightSet.Status.RETIRED
    assert sorted([statuses[first.version], statuses[second.version]]) == [
        WeightSet.Status.ACTIVE,
        WeightSet.Status.RETIRED,
    ]


def test_diff_names_each_changed_number_in_admin_words(weights):
    before = weights.model_dump(mode="json", exclude={"version"})
    after = weights.model_dump(mode="json", exclude={"version"})
    after["leans"]["stage"][2] = 0.5
    after["importance"]["goal"] = 2.0
    after["smm_from"] = 0.4

    changes = diff(before, after)

    assert changes == [
        Change("importance.goal", "Main goal · Importance", "1", "2"),
        Change("leans.stage.2", "Business stage · Growing", "+0.30 · toward paid", "+0.50 · toward paid"),
        Change("smm_from", "Thresholds · Paid first from", "+0.30", "+0.40"),
    ]


@pytest.mark.django_db
def test_the_history_page_shows_the_diff_against_the_set_it_came_from(admin_client, draft):
    with_lean(draft, "stage", 2, 0.5)

    response = admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk]))

    table = parse(response).one("table.weights-diff")
    assert table.one("caption").text == f"1 number differ from v{draft.based_on.version}"
    assert table.texts("tbody tr") == ["Business stage · Growing +0.30 · toward paid +0.50 · toward paid"]


@pytest.mark.django_db
def test_duplicate_and_activate_buttons_work_through_the_admin(admin_client, default_weight_set):
    duplicate_url = reverse("admin:advisor_weightset_duplicate", args=[default_weight_set.pk])

    created = admin_client.post(duplicate_url)
    copy = WeightSet.objects.get(version=default_weight_set.version + 1)
    activated = admin_client.post(reverse("admin:advisor_weightset_activate", args=[copy.pk]))

    assert created.status_code == HTTPStatus.FOUND
    assert created["Location"] == reverse("admin:advisor_weightset_change", args=[copy.pk])
    assert activated["Location"] == reverse("admin:advisor_weightset_change", args=[copy.pk])
    assert WeightSet.objects.get(status=WeightSet.Status.ACTIVE) == copy


@pytest.mark.django_db
def test_get_does_not_activate(admin_client, draft):
    response = admin_client.get(reverse("admin:advisor_weightset_activate", args=[draft.pk]))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    draft.refresh_from_db()
    assert draft.status == WeightSet.Status.DRAFT


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_weightset"))
    return user


@pytest.mark.django_db
def test_staff_with_view_permission_only_see_read_only_pages_and_cannot_act(client, viewer, draft):
    client.force_login(viewer)
    change_url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    page = client.get(change_url)
    post = client.post(change_url, {"note": "sneaky"})
    duplicated = client.post(reverse("admin:advisor_weightset_duplicate", args=[draft.pk]))
    activated = client.post(reverse("admin:advisor_weightset_activate", args=[draft.pk]))

    html = parse(page)
    assert page.status_code == HTTPStatus.OK
    assert html.all("[name=lean_stage_0]") == []
    assert html.all("button[name=_activate]") == []
    assert html.all("form#weightset_form input[type=submit]") == []
    assert (post.status_code, duplicated.status_code, activated.status_code) == (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FORBIDDEN,
    )
    draft.refresh_from_db()
    assert (draft.status, draft.note) == (WeightSet.Status.DRAFT, f"Copy of v{draft.based_on.version}: ")
    assert not WeightSet.objects.filter(version__gt=draft.version).exists()


@pytest.mark.django_db
def test_editors_without_the_activate_permission_cannot_activate(client, viewer, draft):
    viewer.user_permissions.add(Permission.objects.get(codename="change_weightset"))
    client.force_login(viewer)

    page = client.get(reverse("admin:advisor_weightset_change", args=[draft.pk]))
    activated = client.post(reverse("admin:advisor_weightset_activate", args=[draft.pk]))

    assert parse(page).one("input[name=lean_stage_0]").get("value") == "-1.0"
    assert parse(page).all("button[name=_activate]") == []
    assert activated.status_code == HTTPStatus.FORBIDDEN
    draft.refresh_from_db()
    assert draft.status == WeightSet.Status.DRAFT


@pytest.mark.django_db
def test_staff_without_any_weight_permission_get_nothing(client, django_user_model, draft):
    user = django_user_model.objects.create_user("plain", password="pw-plain-123", is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:advisor_weightset_change", args=[draft.pk]))
    listing = client.get(reverse("admin:advisor_weightset_changelist"))

    assert (response.status_code, listing.status_code) == (HTTPStatus.FORBIDDEN, HTTPStatus.FORBIDDEN)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, draft):
    response = client.post(reverse("admin:advisor_weightset_activate", args=[draft.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == (
        f"{reverse('admin:login')}?next={reverse('admin:advisor_weightset_activate', args=[draft.pk])}"
    )
    draft.refresh_from_db()
    assert draft.status == WeightSet.Status.DRAFT


@pytest.mark.django_db
def test_a_version_number_taken_meanwhile_is_retried_not_an_error(
    default_weight_set, admin_user, monkeypatch
):
    real_next_version = WeightSet.next_version.__func__
    handed_out = iter([default_weight_set.version])  # first answer: a version another admin already holds
    before = list(WeightSet.objects.values_list("version", flat=True))

    def next_version(cls) -> int:
        return next(handed_out, None) or real_next_version(cls)

    monkeypatch.setattr(WeightSet, "next_version", classmethod(next_version))

    copy = duplicate(source=default_weight_set, user=admin_user)

    assert copy.version == default_weight_set.version + 1
    assert sorted(WeightSet.objects.values_list("version", flat=True)) == sorted([*before, copy.version])
