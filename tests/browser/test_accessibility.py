"""axe-core scans of every page (WCAG 2.2 A/AA and best practices): zero violations allowed."""

import re

import pytest
from playwright.sync_api import Page, expect

from advisor.models import WeightSet, weights_to_data
from advisor.weights import DEFAULT_WEIGHTS
from tests.browser.steps import answer_business, answer_details, answer_money, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def activate_stricter_weights() -> None:
    WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).update(status=WeightSet.Status.RETIRED)
    data = {**weights_to_data(DEFAULT_WEIGHTS), "smo_below": 0.2, "smm_from": 0.5}
    WeightSet.objects.create(version=WeightSet.next_version(), status=WeightSet.Status.ACTIVE, data=data)


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_has_no_axe_violations(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for url, name in [("/", "landing"), ("/glossary/", "glossary"), ("/api/docs", "API docs")]:
        page.goto(url)
        assert_accessible(page, name)

    page.goto("/q/")
    assert_accessible(page, "step 1")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "step 1 with errors")
    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    assert_accessible(page, "step 2")
    answer_money(page)
    expect(page).to_have_url(re.compile(r"/q/details/$"))
    assert_accessible(page, "step 3")
    answer_details(page)
    expect(page).to_have_url(re.compile(r"/q/review/$"))
    assert_accessible(page, "review")

    page.get_by_role("button", name="Get my advice").click()
    expect(page.locator("#verdict-title")).to_be_visible()
    assert_accessible(page, "result")
    page.get_by_label("Business stage").select_option("idea")
    expect(page.locator("#what-if-result")).to_contain_text("not saved")
    assert_accessible(page, "result with what-if")
    page.get_by_label("Monthly budget").fill("-4")
    page.get_by_role("button", name="Show this what-if").click()
    expect(page.locator("#what-if-result")).to_contain_text("not valid")
    assert_accessible(page, "result with an invalid what-if")

    activate_stricter_weights()
    page.reload()
    expect(page.locator("#rescored-title")).to_be_visible()
    assert_accessible(page, "result with a re-scored view")

    page.goto("/r/no-such-token/")
    assert_accessible(page, "404")


def test_pages_without_our_scripts_have_no_axe_violations(page: Page) -> None:
    # axe needs JavaScript to run, so "without JavaScript" here means without htmx and site.js: the
    # plain-HTML pages with their no-JS fallbacks (full page posts, hidden copy and quick-pick buttons).
    page.route(re.compile(r".*\.js$"), lambda route: route.abort())
    page.goto("/q/")
    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    assert_accessible(page, "step 2 without scripts")
    answer_money(page)
    answer_details(page)
    page.get_by_role("button", name="Get my advice").click()
    expect(page.locator("#verdict-title")).to_be_visible()
    page.get_by_label("Business stage").select_option("idea")
    page.get_by_role("button", name="Show this what-if").click()
    expect(page.locator("#what-if-result")).to_contain_text("not saved")

    assert_accessible(page, "result with what-if, without scripts")
