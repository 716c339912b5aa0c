"""The weight-set admin: a form with one number per factor and option, validated by the engine's rules."""

from http import HTTPStatus
from typing import Any

import pytest
from django.urls import reverse

from advisor.forms import WeightSetForm
from advisor.models import WeightSet
from advisor.services import duplicate
from advisor.vocabulary import QUESTIONS, Factor

pytestmark = pytest.mark.django_db


def form_data(weight_set: WeightSet, **changes: Any) -> dict[str, Any]:
    form = WeightSetForm(instance=weight_set)
    data = {name: form.initial.get(name) for name in form.fields}
    data["note"] = weight_set.note
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


@pytest.fixture
def draft(default_weight_set: WeightSet, admin_user) -> WeightSet:
    return duplicate(source=default_weight_set, user=admin_user)


def test_the_form_has_one_labelled_number_per_factor_and_option_and_no_json_box(admin_client, draft):
    response = admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk]))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'name="data"' not in html
    for factor in Factor:
        assert QUESTIONS[factor].text.replace("’", "&#x27;").replace("'", "&#x27;") in html or (
            QUESTIONS[factor].text in html
        )
        assert f'name="importance_{factor}"' in html
    assert 'name="lean_stage_0"' in html
    assert 'name="lean_stage_3"' in html
    assert 'name="lean_monthly_budget_5"' in html
    assert 'name="budget_band_4"' in html
    assert 'name="smo_below"' in html
    assert 'name="min_ad_spend_global"' in html
    assert "Growing" in html


def test_saving_a_valid_change_stores_it(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, lean_stage_2="0.5", note="Growing leans more"))

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.data["leans"]["stage"] == [-1.0, -0.6, 0.5, 0.8]
    assert draft.note == "Growing leans more"
    assert draft.status == WeightSet.Status.DRAFT


def test_a_monotonicity_problem_is_shown_next_to_its_field_and_nothing_is_saved(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    before = draft.data

    response = admin_client.post(url, form_data(draft, lean_stage_2="-0.9"))

    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert list(form.errors) == ["lean_stage_2"]
    assert form.errors["lean_stage_2"][0].startswith(
        "'growing' must lean at least as far toward paid as 'new' (-0.60)"
    )
    draft.refresh_from_db()
    assert draft.data == before


def test_threshold_and_band_problems_land_on_their_fields(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, smo_below="0.3", smm_from="0.32", budget_band_2="50"))

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"smm_from", "budget_band_2"}
    assert "room for blended advice" in errors["smm_from"][0]
    assert errors["budget_band_2"] == ["Boundaries must go up: 50 comes after 100."]


def test_an_out_of_range_number_is_refused_by_its_own_field(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, lean_goal_0="1.5", importance_reach=""))

    errors = response.context["adminform"].form.errors
    assert errors["lean_goal_0"] == ["Ensure this value is less than or equal to 1."]
    assert errors["importance_reach"] == ["This field is required."]


def test_all_zero_required_importance_is_a_form_error(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    zeros = {f"importance_{factor}": "0" for factor in ("stage", "monthly_budget", "horizon", "experience")}

    response = admin_client.post(url, form_data(draft, **zeros))

    form = response.context["adminform"].form
    assert form.non_field_errors()[0].startswith("importance: At least one of the four required questions")


def test_the_active_set_is_read_only(admin_client, default_weight_set):
    url = reverse("admin:advisor_weightset_change", args=[default_weight_set.pk])
    before = default_weight_set.data

    page = admin_client.get(url)
    post = admin_client.post(url, form_data(default_weight_set, lean_stage_2="0.5"))

    assert page.status_code == HTTPStatus.OK
    assert 'name="lean_stage_2"' not in page.content.decode()
    assert "is live" in page.content.decode()
    assert post.status_code == HTTPStatus.FORBIDDEN
    default_weight_set.refresh_from_db()
    assert default_weight_set.data == before


def test_adding_a_set_starts_from_the_active_numbers(admin_client, default_weight_set, admin_user):
    url = reverse("admin:advisor_weightset_add")
    page = admin_client.get(url)
    data = form_data(default_weight_set, lean_goal_3="0.7", note="New from scratch")

    response = admin_client.post(url, data)

    assert page.status_code == HTTPStatus.OK
    assert response.status_code == HTTPStatus.FOUND
    created = WeightSet.objects.get(note="New from scratch")
    assert (created.version, created.status, created.based_on, created.created_by) == (
        default_weight_set.version + 1,
        WeightSet.Status.DRAFT,
        default_weight_set,
        admin_user,
    )
    assert created.data["leans"]["goal"] == [-0.3, -0.1, 0.3, 0.7]


def test_the_weight_set_list_is_a_constant_number_of_queries(
    admin_client, default_weight_set, admin_user, django_assert_max_num_queries
):
    for _ in range(5):
        duplicate(source=default_weight_set, user=admin_user)
    url = reverse("admin:advisor_weightset_changelist")
    admin_client.get(url)  # warm the session

    with django_assert_max_num_queries(8):
        response = admin_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count(f"Copy of v{default_weight_set.version}") == 5


def test_the_page_lists_every_problem_at_the_top_with_a_link_to_its_field(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, lean_stage_2="-0.9", budget_band_2="50"))

    assert response.context["adminform"].form.error_summary() == [
        (
            "id_lean_stage_2",
            "Business stage · Growing",
            "'growing' must lean at least as far toward paid as 'new' (-0.60) — business stage may never push "
            "advice toward organic as it goes up.",
        ),
        ("id_budget_band_2", "Budget bands · Band 3 ends at", "Boundaries must go up: 50 comes after 100."),
    ]
    assert '<a href="#id_lean_stage_2">Business stage · Growing</a>' in response.content.decode()


def test_adding_a_set_with_a_problem_shows_it_instead_of_failing(admin_client, default_weight_set):
    url = reverse("admin:advisor_weightset_add")

    response = admin_client.post(url, form_data(default_weight_set, lean_stage_2="-0.9", note="broken"))

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["adminform"].form.errors) == ["lean_stage_2"]
    assert not WeightSet.objects.filter(note="broken").exists()


def test_the_plan_numbers_are_edited_and_checked_like_the_others(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    refused = admin_client.post(url, form_data(draft, help_hourly_rate="0"))
    saved = admin_client.post(url, form_data(draft, ad_hours_per_1000="3.5", help_hourly_rate="55"))

    assert refused.status_code == HTTPStatus.OK
    assert "help_hourly_rate" in refused.context["adminform"].form.errors
    assert saved.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert (draft.data["ad_hours_per_1000"], draft.data["help_hourly_rate"]) == (3.5, 55.0)
