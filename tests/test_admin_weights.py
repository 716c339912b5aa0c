"""The weight-set admin: a form with one number per factor and option, validated by the engine's rules."""

from http import HTTPStatus
from typing import Any

import pytest
from django.urls import reverse

from advisor.forms import WeightSetForm
from advisor.models import WeightSet
from advisor.services import duplicate
from advisor.vocabulary import QUESTIONS, Factor
from tests.markup import parse

pytestmark = pytest.mark.django_db


def form_data(weight_set: WeightSet, **changes: Any) -> dict[str, Any]:
    form = WeightSetForm(instance=weight_set)
    data = {name: form.initial.get(name) for name in form.fields}
    data["note"] = weight_set.note
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


STAGE_PROBLEM = (
    "'growing' must lean at least as far toward paid as 'new' (-0.60) — business stage may never push "
    "advice toward organic as it goes up."
)
NUMBER_FIELDS = [
    *("importance_stage", *(f"lean_stage_{n}" for n in range(4))),
    *("importance_monthly_budget", *(f"lean_monthly_budget_{n}" for n in range(6))),
    *("importance_horizon", *(f"lean_horizon_{n}" for n in range(4))),
    *("importance_experience", *(f"lean_experience_{n}" for n in range(4))),
    *("importance_profiles", *(f"lean_profiles_{n}" for n in range(3))),
    *("importance_goal", *(f"lean_goal_{n}" for n in range(4))),
    *("importance_audience", *(f"lean_audience_{n}" for n in range(3))),
    *("importance_reach", *(f"lean_reach_{n}" for n in range(4))),
    *("importance_weekly_hours", *(f"lean_weekly_hours_{n}" for n in range(5))),
    *(f"budget_band_{n}" for n in range(5)),
    *(f"hour_band_{n}" for n in range(4)),
    "smo_below",
    "smm_from",
    "min_ad_spend_local",
    "min_ad_spend_regional",
    "min_ad_spend_national",
    "min_ad_spend_global",
    "ad_hours_per_1000",
    "help_hourly_rate",
]


@pytest.fixture
def draft(default_weight_set: WeightSet, admin_user) -> WeightSet:
    return duplicate(source=default_weight_set, user=admin_user)


def test_the_form_has_one_labelled_number_per_factor_and_option_and_no_json_box(admin_client, draft):
    response = admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk]))

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.all("[name=data]") == []
    # One section a factor, headed by its question as the owner reads it.
    assert [heading.split(" — ")[1] for heading in page.texts("fieldset h2")[1:10]] == [
        f"“{QUESTIONS[factor].text}”" for factor in Factor
    ]
    assert [field.get("name") for field in page.all("#weightset_form input[type=number]")] == NUMBER_FIELDS
    assert [(label.get("for"), label.text) for label in page.all("#weightset_form label")][8:13] == [
        ("id_importance_stage", "Importance:"),
        ("id_lean_stage_0", "Idea stage:"),
        ("id_lean_stage_1", "New:"),
        ("id_lean_stage_2", "Growing:"),
        ("id_lean_stage_3", "Established:"),
    ]


def test_saving_a_valid_change_stores_it(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, lean_stage_2="0.5", note="Growing leans more"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:advisor_weightset_changelist")
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
    assert form.errors == {"lean_stage_2": [STAGE_PROBLEM]}
    assert parse(response).texts(".field-lean_stage_2 .errorlist li") == [STAGE_PROBLEM]
    draft.refresh_from_db()
    assert draft.data == before


def test_threshold_and_band_problems_land_on_their_fields(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, smo_below="0.3", smm_from="0.32", budget_band_2="50"))

    errors = response.context["adminform"].form.errors
    assert errors == {
        "smm_from": [
            "Must be at least 0.05 above the organic threshold (+0.30) to leave room for blended advice."
        ],
        "budget_band_2": ["Boundaries must go up: 50 comes after 100."],
    }


def test_an_out_of_range_number_is_refused_by_its_own_field(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, form_data(draft, lean_goal_0="1.5", importance_reach=""))

    errors = response.context["adminform"].form.errors
    assert errors == {
        "lean_goal_0": ["Ensure this value is less than or equal to 1."],
        "importance_reach": ["This field is required."],
    }


def test_all_zero_required_importance_is_a_form_error(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    zeros = {f"importance_{factor}": "0" for factor in ("stage", "monthly_budget", "horizon", "experience")}

    response = admin_client.post(url, form_data(draft, **zeros))

    form = response.context["adminform"].form
    assert form.non_field_errors() == [
        "importance: At least one of the four required questions (stage, budget, horizon, experience) must"
        " have an importance above 0, or the advice would rest on skippable questions."
    ]
    assert list(form.errors) == ["__all__"]


def test_the_active_set_is_read_only(admin_client, default_weight_set):
    url = reverse("admin:advisor_weightset_change", args=[default_weight_set.pk])
    before = default_weight_set.data

    page = admin_client.get(url)
    post = admin_client.post(url, form_data(default_weight_set, lean_stage_2="0.5"))

    html = parse(page)
    assert page.status_code == HTTPStatus.OK
    assert html.all("[name=lean_stage_2]") == []
    assert html.texts("#content p")[0] == (
        f"v{default_weight_set.version} is live. Live and retired sets are never edited:"
        " use “Duplicate as new draft” to change it."
    )
    assert post.status_code == HTTPStatus.FORBIDDEN
    default_weight_set.refresh_from_db()
    assert default_weight_set.data == before


def test_adding_a_set_starts_from_the_active_numbers(admin_client, default_weight_set, admin_user):
    url = reverse("admin:advisor_weightset_add")
    page = admin_client.get(url)
    data = form_data(default_weight_set, lean_goal_3="0.7", note="New from scratch")

    response = admin_client.post(url, data)

    created = WeightSet.objects.get(note="New from scratch")
    assert page.status_code == HTTPStatus.OK
    assert [field.get("value") for field in parse(page).all("#weightset_form input[type=number]")][:5] == [
        "3.0",
        "-1.0",
        "-0.6",
        "0.3",
        "0.8",
    ]
    assert response["Location"] == reverse("admin:advisor_weightset_changelist")
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
    assert (
        parse(response).texts("#result_list tbody td.field-short_note")[:5]
        == [f"Copy of v{default_weight_set.version}:"] * 5
    )


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
    assert [(link.get("href"), link.text) for link in parse(response).all(".weight-error-summary a")] == [
        ("#id_lean_stage_2", "Business stage · Growing"),
        ("#id_budget_band_2", "Budget bands · Band 3 ends at"),
    ]


def test_adding_a_set_with_a_problem_shows_it_instead_of_failing(admin_client, default_weight_set):
    url = reverse("admin:advisor_weightset_add")

    before = list(WeightSet.objects.order_by("pk").values_list("pk", "version", "data"))

    response = admin_client.post(url, form_data(default_weight_set, lean_stage_2="-0.9", note="broken"))

    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors == {"lean_stage_2": [STAGE_PROBLEM]}
    assert list(WeightSet.objects.order_by("pk").values_list("pk", "version", "data")) == before


def test_the_plan_numbers_are_edited_and_checked_like_the_others(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    refused = admin_client.post(url, form_data(draft, help_hourly_rate="0"))
    saved = admin_client.post(url, form_data(draft, ad_hours_per_1000="3.5", help_hourly_rate="55"))

    assert refused.status_code == HTTPStatus.OK
    assert refused.context["adminform"].form.errors == {
        "help_hourly_rate": ["Ensure this value is greater than or equal to 1."]
    }
    assert saved["Location"] == reverse("admin:advisor_weightset_changelist")
    draft.refresh_from_db()
    assert (draft.data["ad_hours_per_1000"], draft.data["help_hourly_rate"]) == (3.5, 55.0)
