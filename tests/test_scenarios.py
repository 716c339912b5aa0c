"""Scenario checks: seeded from the seed rules, shown on every draft, and blocking a failing activation."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from advisor.models import Scenario, WeightSet
from advisor.scenarios import check_scenarios
from advisor.services import ActivationRefused, activate, duplicate
from advisor.weights import DEFAULT_WEIGHTS
from tests.markup import parse

PAID = "“Lead with paid social ads (SMM)”"
BLENDED = "“Blend organic work with paid ads”"
ORGANIC = "“Start with organic work (SMO)”"

pytestmark = pytest.mark.django_db


def test_the_seeded_scenarios_all_pass_with_the_default_weights():
    results = check_scenarios(DEFAULT_WEIGHTS)

    assert len(results) == 10
    assert [r.name for r in results if not r.passed] == []
    assert {r.verdict for r in results} == {"smo_first", "blended", "smm_first"}


def test_a_scenario_reports_the_verdict_and_score_it_got():
    scenario = Scenario.objects.get(name="Growing business, moderate budget, this quarter")

    (result,) = check_scenarios(DEFAULT_WEIGHTS, [scenario])

    assert (result.passed, result.verdict, result.score, result.problem) == (True, "blended", 0.25, "")


def test_must_not_be_fails_only_on_the_forbidden_verdict():
    scenario = Scenario(
        name="x",
        answers={
            "stage": "established",
            "monthly_budget": 5000,
            "horizon": "weeks",
            "experience": "advanced",
        },
        forbidden_verdict="smm_first",
    )

    (result,) = check_scenarios(DEFAULT_WEIGHTS, [scenario])

    assert (result.passed, result.verdict, result.problem) == (
        False,
        "smm_first",
        "gives “Lead with paid social ads (SMM)”, which it must not.",
    )


def test_activation_is_refused_while_a_scenario_fails_and_lists_the_failures(default_weight_set, admin_user):
    draft = duplicate(source=default_weight_set, user=admin_user)
    data = draft.data
    data["leans"]["stage"] = [-1.0, -0.6, 0.8, 0.8]
    draft.data = data
    draft.save()

    with pytest.raises(ActivationRefused) as refusal:
        activate(weight_set=draft, user=admin_user)

    assert refusal.value.reasons == [
        f"Scenario “Growing business, moderate budget, this quarter”: gives {PAID}, expected {BLENDED}."
    ]
    assert WeightSet.objects.get(status=WeightSet.Status.ACTIVE) == default_weight_set


def test_the_draft_page_shows_scenario_results_and_the_refusal(admin_client, default_weight_set, admin_user):
    draft = duplicate(source=default_weight_set, user=admin_user)
    data = draft.data
    data["leans"]["stage"] = [-1.0, -0.6, 0.8, 0.8]
    draft.data = data
    draft.save()
    change_url = reverse("admin:advisor_weightset_change", args=[draft.pk])

    page = admin_client.get(change_url)
    refused = admin_client.post(reverse("admin:advisor_weightset_activate", args=[draft.pk]), follow=True)

    html = parse(page)
    assert (
        html.one(".scenario-summary").text
        == "1 of 10 scenarios fail: this set cannot be activated until they pass."
    )
    assert html.texts(".scenario-results td .badge") == ["passes"] * 3 + ["FAILS"] + ["passes"] * 6
    assert [row.elements[5].text for row in html.all(".scenario-results tbody tr.fail")] == [
        f"gives {PAID}, expected {BLENDED}."
    ]
    messages = [str(m) for m in refused.context["messages"]]
    assert messages == [
        f"Weight set v{draft.version} was not activated. Scenario “Growing business, moderate budget, this quarter”: "
        f"gives {PAID}, expected {BLENDED}."
    ]
    draft.refresh_from_db()
    assert draft.status == WeightSet.Status.DRAFT


def test_admins_add_a_scenario_with_one_field_per_answer(admin_client):
    response = admin_client.post(
        reverse("admin:advisor_scenario_add"),
        {
            "name": "Local café, small budget",
            "expected_verdict": "",
            "forbidden_verdict": "smm_first",
            "note": "",
            "answer_stage": "new",
            "answer_monthly_budget": "80",
            "answer_horizon": "half_year",
            "answer_experience": "basic",
            "answer_profiles": "",
            "answer_goal": "",
            "answer_audience": "",
            "answer_reach": "local",
            "answer_weekly_hours": "",
        },
    )

    scenario = Scenario.objects.get(name="Local café, small budget")
    assert response["Location"] == reverse("admin:advisor_scenario_changelist")
    assert scenario.answers == {
        "stage": "new",
        "monthly_budget": 80.0,
        "horizon": "half_year",
        "experience": "basic",
        "reach": "local",
    }


def test_a_scenario_needs_an_expectation_and_valid_answers(admin_client):
    response = admin_client.post(
        reverse("admin:advisor_scenario_add"),
        {"name": "Bad", "answer_stage": "new", "answer_monthly_budget": "-5", "answer_horizon": "weeks"},
    )

    assert response.context["adminform"].form.errors == {
        "expected_verdict": ["Say which verdict is expected, or which one it must not be."],
        "answer_monthly_budget": ["Ensure this value is greater than or equal to 0."],
        "answer_experience": ["This field is required."],
    }
    assert not Scenario.objects.filter(name="Bad").exists()


def test_the_scenario_list_shows_results_with_a_constant_number_of_queries(
    admin_client, default_weight_set, django_assert_max_num_queries
):
    url = reverse("admin:advisor_scenario_changelist")
    admin_client.get(url)

    with django_assert_max_num_queries(7):
        response = admin_client.get(url)

    cells = parse(response).texts("#result_list td.field-result_with_active")
    assert [cell.split(": ")[0] for cell in cells] == ["Passes"] * Scenario.objects.count()
    assert len(cells) == 10


def test_staff_without_the_scenario_permission_cannot_change_scenarios(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_scenario"))
    client.force_login(user)
    scenario = Scenario.objects.first()
    url = reverse("admin:advisor_scenario_change", args=[scenario.pk])
    name = scenario.name

    page = client.get(url)
    post = client.post(url, {"name": "renamed"})

    assert page.status_code == HTTPStatus.OK
    assert parse(page).all("[name=answer_stage]") == []
    assert post.status_code == HTTPStatus.FORBIDDEN
    scenario.refresh_from_db()
    assert scenario.name == name


def test_the_workable_ad_spend_scenarios_refuse_a_set_that_lets_pocket_money_buy_ads(
    default_weight_set, admin_user
):
    draft = duplicate(source=default_weight_set, user=admin_user)
    data = draft.data
    data["min_ad_spend"] = {"local": 10, "regional": 10, "national": 10, "global": 10}
    draft.data = data
    draft.save()

    with pytest.raises(ActivationRefused) as refusal:
        activate(weight_set=draft, user=admin_user)

    assert refusal.value.reasons == [
        f"Scenario “Eager local shop whose budget cannot fund ads yet”: gives {BLENDED}, expected {ORGANIC}.",
        f"Scenario “National ambitions on a regional budget”: gives {PAID}, expected {BLENDED}.",
        f"Scenario “Tiny budget never gets paid-first advice”: gives {PAID}, which it must not.",
    ]
