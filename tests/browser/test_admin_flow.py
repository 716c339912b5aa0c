"""An admin tunes the scoring in a real browser: duplicate, edit, validation, scenarios, impact, activate."""

import importlib
import re

import pytest
from playwright.sync_api import Page, expect

from advisor.models import Scenario, WeightSet
from tests.factories import SMO_ANSWERS, ResponseFactory

SEED = importlib.import_module("advisor.migrations.0004_seed_scenarios")
WORKABLE = importlib.import_module("advisor.migrations.0006_scenarios_workable_ads")
GROWING_SALES = {
    "stage": "growing",
    "monthly_budget": 500,
    "horizon": "months",
    "experience": "intermediate",
    "goal": "sales",
}


@pytest.fixture
def seeded_scenarios(db) -> None:
    # Transactional tests (live_server) flush the rows the data migration created; put them back.
    for scenario in [*SEED.SEED_SCENARIOS, *WORKABLE.WORKABLE_SCENARIOS]:
        Scenario.objects.get_or_create(name=scenario["name"], defaults=scenario)


@pytest.fixture
def admin_page(page: Page, django_user_model, seeded_scenarios) -> Page:
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-admin-password")
    page.goto("/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-admin-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


def recommend(page: Page, answers: dict) -> dict:
    response = page.request.post("/api/recommend", data=answers, headers={"Content-Type": "application/json"})
    assert response.ok, response.text()
    return response.json()


def test_an_admin_tunes_a_draft_and_the_next_recommendation_uses_it(admin_page: Page, default_weight_set):
    page = admin_page
    ResponseFactory(weight_set=default_weight_set, answer_values=GROWING_SALES)
    ResponseFactory(weight_set=default_weight_set, answer_values=SMO_ANSWERS)
    live, new = default_weight_set.version, default_weight_set.version + 1
    before = recommend(page, GROWING_SALES)
    assert (before["weights_version"], before["verdict"]) == (live, "blended")

    # Duplicate the live set as a new draft.
    page.goto(f"/admin/advisor/weightset/{default_weight_set.pk}/change/")
    expect(page.get_by_text(f"v{live} is live.")).to_be_visible()
    page.get_by_role("button", name="Duplicate as new draft").click()
    expect(page.get_by_text(f"Weight set v{new} is a new draft copied from v{live}.")).to_be_visible()
    expect(page.get_by_text("Where is your business today?")).to_be_visible()

    # A weight that breaks the rules is refused, with the message next to the number.
    page.fill("#id_lean_stage_2", "-0.9")
    page.click("input[name=_continue]")
    error = page.locator(".form-row.field-lean_stage_2 .errorlist")
    expect(error).to_contain_text("'growing' must lean at least as far toward paid as 'new'")

    # A valid weight that breaks a scenario is saved, shown failing, and cannot be activated.
    page.fill("#id_lean_stage_2", "0.6")
    page.click("input[name=_continue]")
    expect(page.get_by_text("1 of 10 scenarios fail")).to_be_visible()
    expect(page.locator("tr.fail")).to_contain_text("Growing business, moderate budget, this quarter")
    page.get_by_role("button", name=f"Save and activate v{new}").click()
    expect(page.locator(".messagelist .error")).to_contain_text(f"Weight set v{new} was not activated")
    assert WeightSet.objects.get(status=WeightSet.Status.ACTIVE).version == live

    # Fix it: put stage back, make a sales goal lean harder toward paid.
    page.fill("#id_lean_stage_2", "0.3")
    page.fill("#id_lean_goal_3", "1")
    page.fill("#id_note", "Sales goals lean harder toward paid ads")
    page.click("input[name=_continue]")
    expect(page.get_by_text("All 10 scenarios pass.")).to_be_visible()
    expect(page.locator(".weights-diff")).to_contain_text("Main goal · Sales")

    # Try answers on the draft: the advice it would give, in words, shown in place (htmx).
    page.locator("#try-stage").select_option("growing")
    page.locator("#try-monthly_budget").fill("500")
    page.locator("#try-horizon").select_option("months")
    page.locator("#try-experience").select_option("intermediate")
    page.locator("#try-goal").select_option("sales")
    page.get_by_role("button", name="Show the advice").click()
    expect(page.locator(".try-verdict")).to_contain_text("Lead with paid social ads (SMM)")  # in place

    # The impact preview shows which stored responses would change.
    page.get_by_role("link", name="Impact preview").click()
    expect(page.get_by_text("2 responses re-scored")).to_be_visible()
    moved = page.locator(".impact-table td.moved")
    expect(moved).to_have_count(1)
    expect(moved).to_contain_text("Blend organic work with paid ads → Lead with paid social ads (SMM)")
    page.get_by_role("link", name=re.compile(f"Back to v{new}")).click()

    # Activate with an unsaved edit: it is saved first, then the very next recommendation uses the new set.
    page.fill("#id_note", "Sales goals lean harder toward paid ads (checked the impact)")
    page.get_by_role("button", name=f"Save and activate v{new}").click()
    expect(page.get_by_text(f"Weight set v{new} is now active")).to_be_visible()
    assert (
        WeightSet.objects.get(version=new).note
        == "Sales goals lean harder toward paid ads (checked the impact)"
    )
    after = recommend(page, GROWING_SALES)
    assert (after["weights_version"], after["verdict"]) == (new, "smm_first")
    statuses = dict(WeightSet.objects.values_list("version", "status"))
    assert (statuses[live], statuses[new]) == (WeightSet.Status.RETIRED, WeightSet.Status.ACTIVE)
    assert list(statuses.values()).count(WeightSet.Status.ACTIVE) == 1
