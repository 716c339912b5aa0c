"""The changed admin pages at phone and desktop width: axe finds nothing, and wide tables scroll inside
their own box instead of pushing the page sideways."""

import pytest
from playwright.sync_api import Page, expect

from advisor.models import WeightSet
from advisor.services import duplicate
from questionnaire import funnel
from tests.browser.steps import assert_accessible, assert_no_axe_violations
from tests.factories import BLENDED_ANSWERS, SMO_ANSWERS, ResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The element that sticks out furthest on the right, for the failure message.
WIDEST = """[...document.querySelectorAll('body *')].map(e => [e.getBoundingClientRect().right, e.tagName + '.' +
e.className]).sort((a, b) => b[0] - a[0]).slice(0, 3)"""


@pytest.fixture
def signed_in(page: Page, django_user_model) -> Page:
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-admin-password")
    page.goto("/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-admin-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("SMO or SMM?")
    return page


@pytest.fixture
def draft(default_weight_set: WeightSet) -> WeightSet:
    ResponseFactory(weight_set=default_weight_set, answer_values=BLENDED_ANSWERS)
    ResponseFactory(weight_set=default_weight_set, answer_values=SMO_ANSWERS)
    for point in ("started", "started", "business", "money-and-time", "finished"):
        funnel.record(step=point)
    return duplicate(source=default_weight_set, user=None)


def admin_pages(draft: WeightSet) -> list[tuple[str, str]]:
    return [
        (f"/admin/advisor/weightset/{draft.pk}/change/", "draft"),
        (
            f"/admin/advisor/weightset/{draft.pk}/try/?stage=growing&monthly_budget=500&horizon=months"
            "&experience=intermediate#try-answers-title",
            "try answers",
        ),
        (f"/admin/questionnaire/response/impact/{draft.pk}/", "impact preview"),
        ("/admin/questionnaire/response/analytics/", "analytics"),
        ("/admin/questionnaire/response/", "responses"),
        ("/admin/advisor/scenario/", "scenarios"),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_changed_admin_pages_have_no_axe_violations_and_no_sideways_scroll(
    signed_in: Page, draft: WeightSet, width: int
) -> None:
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    for url, name in admin_pages(draft):
        page.goto(url)

        assert_no_axe_violations(page, f"{name} at {width}px")

        overflow = page.evaluate("document.documentElement.scrollWidth")
        widest = page.evaluate(WIDEST)
        assert overflow <= width, f"{name} at {width}px is {overflow}px wide: {widest}"


def test_on_a_phone_without_javascript_save_and_activate_keeps_the_edit_and_try_answers_works(
    page_without_js: Page, django_user_model, draft: WeightSet
) -> None:
    page = page_without_js
    page.set_viewport_size({"width": 390, "height": 844})
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-admin-password")
    page.goto("/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-admin-password")
    page.click("input[type=submit]")
    page.goto(f"/admin/advisor/weightset/{draft.pk}/change/")

    page.locator("#try-stage").select_option("established")
    page.locator("#try-monthly_budget").fill("5000")
    page.locator("#try-horizon").select_option("weeks")
    page.locator("#try-experience").select_option("advanced")
    page.get_by_role("button", name="Show the advice").click()
    expect(page.locator(".try-verdict")).to_contain_text("Lead with paid social ads (SMM)")
    page.get_by_role("link", name=f"Back to v{draft.version}").click()
    page.fill("#id_lean_goal_3", "0.7")
    page.get_by_role("button", name=f"Save and activate v{draft.version}").click()

    expect(page.get_by_text(f"Weight set v{draft.version} is now active")).to_be_visible()
    draft.refresh_from_db()
    assert (draft.status, draft.data["leans"]["goal"][3]) == (WeightSet.Status.ACTIVE, 0.7)


def test_with_javascript_trying_answers_keeps_the_unsaved_edits_on_the_page(
    signed_in: Page, draft: WeightSet
) -> None:
    page = signed_in
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/admin/advisor/weightset/{draft.pk}/change/")
    page.fill("#id_lean_goal_3", "0.7")

    page.locator("#try-stage").select_option("idea")
    page.locator("#try-monthly_budget").fill("0")
    page.locator("#try-horizon").select_option("long_term")
    page.locator("#try-experience").select_option("none")
    page.get_by_role("button", name="Show the advice").click()

    expect(page.locator(".try-verdict")).to_contain_text("Start with organic work (SMO)")
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/advisor/weightset/{draft.pk}/change/")
    expect(page.locator("#id_lean_goal_3")).to_have_value("0.7")
    assert violations == []


def test_the_draft_page_with_problems_and_a_tried_answer_has_no_axe_violations(
    signed_in: Page, draft: WeightSet
) -> None:
    page = signed_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/admin/advisor/weightset/{draft.pk}/change/")
    page.fill("#id_lean_stage_2", "-0.9")
    page.fill("#id_lean_goal_0", "1.5")
    page.click("input[name=_continue]")
    expect(page.locator(".weight-error-summary li")).to_have_count(2)
    page.locator("#try-stage").select_option("idea")
    page.locator("#try-monthly_budget").fill("0")
    page.locator("#try-horizon").select_option("long_term")
    page.locator("#try-experience").select_option("none")
    page.get_by_role("button", name="Show the advice").click()
    expect(page.locator(".try-verdict")).to_be_visible()

    assert_accessible(page, "the draft page with problems and a tried answer")
