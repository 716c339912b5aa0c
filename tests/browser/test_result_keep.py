"""The result people keep, in a real browser at phone width, with and without JavaScript:
answer first, a what-if that answers, PDF and email, a new assessment, and no traps in the questionnaire."""

import re

import pytest
from playwright.sync_api import Page, expect

from questionnaire.models import Response, ResultEmail
from tests.browser.steps import PHONE, answer_the_required_steps, assert_accessible
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stored(default_weight_set) -> Response:
    return ResponseFactory(
        weight_set=default_weight_set,
        answer_values={
            "stage": "growing",
            "monthly_budget": 500,
            "horizon": "months",
            "experience": "intermediate",
        },
    )


def in_first_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.parametrize("js", [True, False])
def test_the_first_phone_screen_holds_verdict_money_hours_and_first_actions(
    phone_page: Page, stored: Response, js: bool
) -> None:
    browser_page = phone_page

    browser_page.goto(f"/r/{stored.token}/")

    for selector in ("#verdict-title", ".figures", ".first-steps__list li:nth-child(3)"):
        assert in_first_screen(browser_page, selector), selector
    ads = stored.recommendation["split"]["monthly_ad_spend"]
    expect(browser_page.locator(".figures")).to_contain_text(f"On ads{ads:,.0f} USD a month")
    expect(browser_page.locator(".more-reasons")).not_to_have_attribute("open", "")
    browser_page.locator(".more-reasons summary").click()  # a disclosure that needs no JavaScript
    expect(browser_page.locator(".more-reasons .factor").first).to_be_visible()
    if js:
        assert_accessible(browser_page, "result")


def test_the_what_if_change_is_shown_and_announced_on_a_phone(page: Page, stored: Response) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/r/{stored.token}/")

    page.get_by_label("Monthly budget").fill("0")

    bar = page.locator("#what-if-status")
    expect(bar).to_have_text(
        re.compile(r"^What-if, not saved: Start with organic work \(SMO\), instead of Blend")
    )
    expect(bar).to_contain_text(
        f"Ads: {stored.recommendation['split']['monthly_ad_spend']:,.0f} USD a month less."
    )
    expect(bar).to_have_attribute("aria-live", "polite")
    expect(bar).to_be_in_viewport()
    expect(page.get_by_label("Monthly budget")).to_be_in_viewport()
    expect(page.locator(".compare")).to_contain_text("Nothing for now")
    assert_accessible(page, "result with a what-if")


def test_the_what_if_without_javascript_is_a_plain_get(
    page_without_js: Page, page: Page, stored: Response
) -> None:
    page_without_js.set_viewport_size(PHONE)
    page_without_js.goto(f"/r/{stored.token}/")

    page_without_js.get_by_label("Monthly budget").fill("0")
    page_without_js.get_by_role("button", name="Show this what-if").click()

    expect(page_without_js).to_have_url(re.compile(r"/what-if/\?.*monthly_budget=0.*#what-if-result$"))
    expect(page_without_js.locator(".what-if__verdict")).to_have_text("Start with organic work (SMO)")
    expect(page_without_js.locator(".compare")).to_be_in_viewport()
    page.set_viewport_size(PHONE)
    page.goto(page_without_js.url)
    assert_accessible(page, "the what-if page")


@pytest.mark.parametrize("js", [True, False])
def test_the_pdf_downloads(phone_page: Page, stored: Response, js: bool) -> None:
    browser_page = phone_page
    browser_page.goto(f"/r/{stored.token}/")

    response = browser_page.request.get(
        browser_page.get_by_role("link", name="Download PDF").get_attribute("href")
    )

    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_email_me_this_result_with_javascript(page: Page, stored: Response) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/r/{stored.token}/")

    page.get_by_role("link", name="Email me this result").click()
    address = page.get_by_label("Your email address")
    expect(address).to_be_focused()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#id_address_error")).to_contain_text("Enter the email address")
    assert_accessible(page, "result with the email form and its error")
    address.fill("owner@example.com")
    page.get_by_role("button", name="Send").click()

    expect(page.locator("#email-form")).to_contain_text("The email is on its way.")
    assert page.url.endswith(f"/r/{stored.token}/")
    assert ResultEmail.objects.get().address == "owner@example.com"


def test_email_me_this_result_without_javascript(page_without_js: Page, stored: Response) -> None:
    page_without_js.set_viewport_size(PHONE)
    page_without_js.goto(f"/r/{stored.token}/")

    page_without_js.get_by_role("link", name="Email me this result").click()
    page_without_js.get_by_role("button", name="Send").click()
    expect(page_without_js.locator("#id_address_error")).to_contain_text("Enter the email address")
    page_without_js.get_by_label("Your email address").fill("owner@example.com")
    page_without_js.get_by_role("button", name="Send").click()

    expect(page_without_js.locator("#email-form")).to_contain_text("The email is on its way.")
    assert ResultEmail.objects.count() == 1


@pytest.mark.parametrize("js", [True, False])
def test_a_second_assessment_starts_clean(phone_page: Page, default_weight_set, js: bool) -> None:
    browser_page = phone_page
    answer_the_required_steps(browser_page)
    browser_page.get_by_role("button", name="Skip this step").click()
    browser_page.get_by_role("button", name="Get my advice").click()
    expect(browser_page).to_have_url(re.compile(r"/r/[\w-]+/$"))

    browser_page.get_by_role("link", name="Start a new assessment").click()
    if js:
        assert_accessible(browser_page, "new assessment")
    browser_page.get_by_role("button", name="Start a new assessment").click()

    expect(browser_page).to_have_url(re.compile(r"/q/business/$"))
    expect(browser_page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(browser_page.get_by_role("link", name="New assessment")).to_have_count(0)


@pytest.mark.parametrize("js", [True, False])
def test_skip_asks_before_clearing_and_change_returns_to_the_review(
    phone_page: Page, default_weight_set, js: bool
) -> None:
    browser_page = phone_page
    answer_the_required_steps(browser_page)
    expect(browser_page.locator("#leaning-bar")).to_be_in_viewport()
    browser_page.get_by_text("Partly done", exact=True).click()

    browser_page.get_by_role("button", name="Skip this step").click()
    expect(browser_page.locator("#confirm-skip")).to_contain_text("You have answers on this step")
    if js:
        assert_accessible(browser_page, "skip confirmation")
    browser_page.get_by_role("button", name="Keep my answers and continue").click()
    expect(browser_page.locator(".review-list")).to_contain_text("Partly done")

    browser_page.get_by_role("link", name="Change monthly budget").click()
    expect(browser_page.get_by_label("How much could you spend")).to_be_focused()
    browser_page.get_by_label("How much could you spend").fill("800")
    browser_page.get_by_role("button", name="Save and back to the review").click()

    expect(browser_page).to_have_url(re.compile(r"/q/review/$"))
    expect(browser_page.locator(".review-list")).to_contain_text("800 USD a month")


def test_a_fixed_answer_clears_its_error(page: Page, default_weight_set) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/q/")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.locator("#id_stage_error")).to_be_visible()

    page.get_by_text("Growing", exact=True).click()

    expect(page.locator("#id_stage_error")).to_have_count(0)
    expect(page.locator("#q-stage")).not_to_have_class(re.compile("question--error"))
    expect(page.locator("#id_experience_error")).to_be_visible()
