"""The admin for non-programmers: words not codes, Activate saves edits first, every message in one round,
"try these answers", the product's name, no "Save and add another", and who may see what."""

from http import HTTPStatus
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from advisor.forms import WeightSetForm
from advisor.models import WeightSet
from advisor.services import duplicate
from tests.factories import ResponseFactory, UserFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

PAID = "Lead with paid social ads (SMM)"
GROWING = {"stage": "growing", "monthly_budget": "500", "horizon": "months", "experience": "intermediate"}


def edited(weight_set: WeightSet, **changes: Any) -> dict[str, Any]:
    """The change form's data as the page shows it, with some numbers edited."""
    form = WeightSetForm(instance=weight_set)
    data = {name: form.initial.get(name) for name in form.fields}
    data["note"] = weight_set.note
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


@pytest.fixture
def draft(default_weight_set: WeightSet, admin_user) -> WeightSet:
    return duplicate(source=default_weight_set, user=admin_user)


@pytest.fixture
def editor():
    """Staff who may view and change weight sets, but not activate them."""
    user = UserFactory(username="editor")
    for codename in ("view_weightset", "change_weightset"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


# --- Activate carries the form ---------------------------------------------------------------------------


def test_activate_saves_the_unsaved_edits_first_then_makes_the_set_live(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, {**edited(draft, lean_goal_3="0.8"), "_activate": "1"}, follow=True)

    draft.refresh_from_db()
    assert (draft.status, draft.data["leans"]["goal"][3]) == (WeightSet.Status.ACTIVE, 0.8)
    assert [str(m) for m in response.context["messages"]] == [
        f"Weight set v{draft.version} is now active: the next recommendation uses it."
    ]


def test_activate_with_a_wrong_number_saves_nothing_and_activates_nothing(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    before = draft.data

    response = admin_client.post(url, {**edited(draft, lean_stage_2="-0.9"), "_activate": "1"})

    draft.refresh_from_db()
    assert (draft.status, draft.data) == (WeightSet.Status.DRAFT, before)
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["adminform"].form.errors) == ["lean_stage_2"]
    assert [str(m) for m in response.context["messages"]] == [
        f"Weight set v{draft.version} was not activated: fix the numbers marked below, then try again."
    ]


def test_activate_that_a_scenario_refuses_keeps_the_saved_edits_and_says_so(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, {**edited(draft, lean_stage_2="0.6"), "_activate": "1"}, follow=True)

    draft.refresh_from_db()
    assert (draft.status, draft.data["leans"]["stage"][2]) == (WeightSet.Status.DRAFT, 0.6)
    assert [str(m) for m in response.context["messages"]] == [
        f"Your edits were saved. Weight set v{draft.version} was not activated. Scenario “Growing business,"
        " moderate budget, this quarter”: gives “Lead with paid social ads (SMM)”, expected “Blend organic"
        " work with paid ads”."
    ]


def test_an_editor_without_the_activate_permission_cannot_save_and_activate(client, editor, draft):
    client.force_login(editor)
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    before = draft.data

    page = client.get(url)
    response = client.post(url, {**edited(draft, lean_goal_3="0.8"), "_activate": "1"})

    assert parse(page).all("button[name=_activate]") == []
    assert [
        field.get("name") for field in parse(page).all("#weightset_form .submit-row input[type=submit]")
    ] == [
        "_save",
        "_continue",
    ]
    assert response.status_code == HTTPStatus.FORBIDDEN
    draft.refresh_from_db()
    assert (draft.status, draft.data) == (WeightSet.Status.DRAFT, before)


def test_the_activate_button_submits_the_edit_form(admin_client, draft):
    page = parse(admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk])))

    button = page.one("button[name=_activate]")
    assert (button.attrs, button.text) == (
        {
            "type": "submit",
            "form": "weightset_form",
            "name": "_activate",
            "value": "1",
            "class": "object-tool-button activate",
        },
        f"Save and activate v{draft.version}",
    )
    assert page.one("form#weightset_form").get("method") == "post"


# --- one round of messages, names and buttons --------------------------------------------------------------


def test_range_and_rule_problems_are_all_reported_in_one_round(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])
    data = edited(draft, lean_goal_0="1.5", lean_stage_2="-0.9", smo_below="0.3", smm_from="0.32")

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors == {
        "lean_goal_0": ["Ensure this value is less than or equal to 1."],
        "lean_stage_2": [
            "'growing' must lean at least as far toward paid as 'new' (-0.60) — business stage may never push"
            " advice toward organic as it goes up."
        ],
        "smm_from": [
            "Must be at least 0.05 above the organic threshold (+0.30) to leave room for blended advice."
        ],
    }


def test_a_missing_number_does_not_hide_the_other_rules(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, edited(draft, lean_stage_1="", lean_horizon_3="0.9"))

    assert response.context["adminform"].form.errors == {
        "lean_stage_1": ["This field is required."],
        "lean_horizon_3": [
            "'long_term' must lean at least as far toward organic as 'half_year' (-0.30) — time to results may"
            " never push advice toward paid as it goes up."
        ],
    }


def test_the_admin_carries_the_product_name_and_weight_sets_have_no_save_and_add_another(admin_client, draft):
    index = parse(admin_client.get(reverse("admin:index")))
    change = parse(admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk])))
    add = parse(admin_client.get(reverse("admin:advisor_weightset_add")))

    assert index.one("#site-name").text == "SMO or SMM? — admin"
    assert index.one("head title").text == "Tune the advice and follow the responses | SMO or SMM? admin"
    assert "Django administration" not in index.text
    assert [field.get("name") for field in change.all("#weightset_form .submit-row input[type=submit]")] == [
        "_save",
        "_continue",
    ]
    assert [field.get("name") for field in add.all("#weightset_form .submit-row input[type=submit]")] == [
        "_save",
        "_continue",
    ]


def test_the_responses_list_shows_words_and_money(admin_client, default_weight_set):
    answers = {"stage": "growing", "monthly_budget": 1500, "horizon": "months", "experience": "advanced"}
    ResponseFactory(weight_set=default_weight_set, answer_values=answers)

    page = parse(admin_client.get(reverse("admin:questionnaire_response_changelist")))

    [row] = page.all("#result_list tbody tr")
    assert [(cell.get("class"), cell.text) for cell in row.elements][1:4] == [
        ("field-advice", "Lead with paid social ads (SMM)"),
        ("field-business_stage", "Growing"),
        ("field-budget", "1,500 USD"),
    ]


def test_the_scenario_list_says_passes_in_words(admin_client, default_weight_set):
    page = parse(admin_client.get(reverse("admin:advisor_scenario_changelist")))

    assert page.texts("#result_list td.field-result_with_active") == [
        "Passes: Start with organic work (SMO), strongly toward organic (−0.76)",
        "Passes: Start with organic work (SMO), slightly toward paid (+0.26)",
        "Passes: Lead with paid social ads (SMM), strongly toward paid (+0.78)",
        "Passes: Blend organic work with paid ads, slightly toward paid (+0.25)",
        "Passes: Start with organic work (SMO), strongly toward organic (−0.80)",
        "Passes: Blend organic work with paid ads, toward paid (+0.32)",
        "Passes: Start with organic work (SMO), slightly toward organic (−0.07)",
        "Passes: Start with organic work (SMO), slightly toward paid (+0.26)",
        "Passes: Lead with paid social ads (SMM), toward paid (+0.60)",
        "Passes: Start with organic work (SMO), toward paid (+0.39)",
    ]
    assert set(page.texts("#result_list td.field-expected_verdict")) == {
        "Start with organic work (SMO)",
        "Blend organic work with paid ads",
        "Lead with paid social ads (SMM)",
        "-",
    }


# --- try these answers -------------------------------------------------------------------------------------


def test_trying_answers_shows_the_advice_the_set_gives_in_words(admin_client, draft):
    url = reverse("admin:advisor_weightset_try", args=[draft.pk])

    response = admin_client.get(url, {**GROWING, "monthly_budget": "5000", "horizon": "weeks"})

    page = parse(response)
    assert response.status_code == HTTPStatus.OK
    assert page.one(".try-verdict").text == f"{PAID} — score strongly toward paid (+0.65)"
    assert page.texts(".try-result tr") == [
        "Ads 4,000 USD a month",
        "Time 2 h a week on organic work, 9 h on ads",
    ]


def test_trying_answers_with_a_missing_answer_shows_its_message(admin_client, draft):
    url = reverse("admin:advisor_weightset_try", args=[draft.pk])

    response = admin_client.get(url, {**GROWING, "stage": ""})

    assert response.context["try_form"].errors == {"stage": ["This field is required."]}
    assert parse(response).texts(".try-field .errorlist") == ["This field is required."]
    assert parse(response).all(".try-result") == []


def test_the_draft_page_has_the_try_box(admin_client, draft):
    page = parse(admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk])))

    try_url = reverse("admin:advisor_weightset_try", args=[draft.pk])
    assert page.one("#try-answers form").attrs == {
        "method": "get",
        "action": f"{try_url}#try-answers-title",
        "novalidate": "",
        "hx-get": try_url,
        "hx-select": "#try-answers",
        "hx-target": "#try-answers",
        "hx-swap": "outerHTML",
    }


def test_staff_without_the_view_permission_cannot_try_answers(client, draft):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:advisor_weightset_try", args=[draft.pk]), GROWING)

    assert response.status_code == HTTPStatus.FORBIDDEN


# --- the impact preview lives with the responses --------------------------------------------------------------


def test_the_impact_preview_needs_both_view_permissions(client, editor, django_user_model, draft):
    client.force_login(editor)
    url = reverse("admin:questionnaire_response_impact", args=[draft.pk])

    without = client.get(url)
    editor.user_permissions.add(Permission.objects.get(codename="view_response"))
    editor = django_user_model.objects.get(pk=editor.pk)  # permissions are cached per user object
    client.force_login(editor)
    with_both = client.get(url)

    assert (without.status_code, with_both.status_code) == (HTTPStatus.FORBIDDEN, HTTPStatus.OK)


def test_the_weight_set_page_links_to_the_impact_preview(admin_client, draft):
    page = parse(admin_client.get(reverse("admin:advisor_weightset_change", args=[draft.pk])))

    impact_url = reverse("admin:questionnaire_response_impact", args=[draft.pk])
    assert [(link.get("href"), link.text) for link in page.all(".object-tools a")] == [
        (impact_url, "Impact preview"),
        (reverse("admin:advisor_weightset_history", args=[draft.pk]), "History"),
    ]


def test_a_budget_lean_problem_lands_on_its_field_when_the_bands_change_in_the_same_post(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, edited(draft, budget_band_1="150", lean_monthly_budget_2="-0.9"))

    assert response.context["adminform"].form.errors == {
        "lean_monthly_budget_2": [
            "'150–300' must lean at least as far toward paid as '0–150' (-0.85) — monthly budget may never"
            " push advice toward organic as it goes up."
        ]
    }


def test_duplicating_a_draft_saves_its_unsaved_edits_first(admin_client, draft):
    url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    response = admin_client.post(url, {**edited(draft, lean_goal_3="0.8"), "_duplicate": "1"})

    copy = WeightSet.objects.get(version=draft.version + 1)
    draft.refresh_from_db()
    assert response["Location"] == reverse("admin:advisor_weightset_change", args=[copy.pk])
    assert (draft.data["leans"]["goal"][3], copy.data["leans"]["goal"][3]) == (0.8, 0.8)
    assert copy.based_on == draft


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"stage": "bogus", "monthly_budget": "500", "horizon": "months", "experience": "basic"},
            {"stage": ["Select a valid choice. bogus is not one of the available choices."]},
        ),
        (
            {"stage": "new", "monthly_budget": "1e400", "horizon": "months", "experience": "basic"},
            {"monthly_budget": ["Enter a number."]},
        ),
        (
            {
                "stage": "new",
                "monthly_budget": "-1",
                "horizon": "months",
                "experience": "basic",
                "weekly_hours": "x",
            },
            {
                "monthly_budget": ["Ensure this value is greater than or equal to 0."],
                "weekly_hours": ["Enter a number."],
            },
        ),
        (
            {"stage": ["new", "idea"], "monthly_budget": "nan"},
            {
                "monthly_budget": ["Enter a number."],
                "horizon": ["This field is required."],
                "experience": ["This field is required."],
            },
        ),
    ],
)
def test_trying_answers_with_bad_input_shows_messages_not_an_error(admin_client, draft, query, errors):
    response = admin_client.get(reverse("admin:advisor_weightset_try", args=[draft.pk]), query)

    assert response.status_code == HTTPStatus.OK
    assert response.context["try_form"].errors == errors
    assert parse(response).texts(".try-field .errorlist") == [
        message for messages in errors.values() for message in messages
    ]
    assert parse(response).all(".try-result") == []
