"""The questionnaire in a real browser: with htmx, without JavaScript, back/forward, what-if and sharing."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from questionnaire.models import Response
from tests.browser.steps import answer_business, answer_details, answer_money, get_advice

pytestmark = pytest.mark.django_db(transaction=True)

ADVICE_URL = re.compile(r".*/r/[A-Za-z0-9_-]{43}/$")


def test_full_questionnaire_with_htmx_swaps_steps_without_reloading(page: Page, browser: Browser) -> None:
    page.goto("/")
    page.get_by_role("link", name="Start the questionnaire").click()
    expect(page).to_have_url(re.compile(r"/q/business/$"))
    page.evaluate("window.__sameDocument = true")

    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Money and time")
    expect(page.locator("#step-title")).to_be_focused()
    expect(page.locator("progress")).to_have_attribute("value", "2")
    expect(page).to_have_title(re.compile("Money and time"))

    answer_money(page)
    expect(page).to_have_url(re.compile(r"/q/details/$"))
    answer_details(page)
    expect(page).to_have_url(re.compile(r"/q/review/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert page.evaluate("window.__sameDocument") is True  # every step came in by htmx, no reload

    page.get_by_role("button", name="Get my advice").click()
    expect(page).to_have_url(ADVICE_URL)
    verdict = page.locator("#verdict-title").inner_text()
    assert verdict == "Blend organic work with paid ads"
    assert Response.objects.count() == 1

    share_url = page.locator("#share-link").input_value()
    assert share_url == page.url
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(share_url)
        expect(other.locator("#verdict-title")).to_have_text(verdict)
    finally:
        fresh.close()


def test_back_and_forward_keep_the_answers(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    answer_money(page, "750")
    expect(page).to_have_url(re.compile(r"/q/details/$"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    expect(page.locator("#id_monthly_budget")).to_have_value("750")
    expect(page.locator("#id_horizon_months")).to_be_checked()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/q/business/$"))
    expect(page.locator("#id_stage_growing")).to_be_checked()

    page.go_forward()
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    expect(page.locator("#id_monthly_budget")).to_have_value("750")

    page.reload()
    expect(page.locator("#id_monthly_budget")).to_have_value("750")


def test_back_button_keeps_unsent_answers_of_the_step(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    page.locator("#id_monthly_budget").fill("120")

    page.get_by_role("button", name="Back").click()
    expect(page).to_have_url(re.compile(r"/q/business/$"))
    expect(page.locator("#id_experience_basic")).to_be_checked()
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.locator("#id_monthly_budget")).to_have_value("120")


def test_live_leaning_moves_as_answers_come_in(page: Page) -> None:
    page.goto("/q/business/")
    expect(page.locator("#leaning-body")).to_contain_text("As you answer")

    page.get_by_label("Idea stage").check()
    expect(page.locator("#leaning-body")).to_contain_text("Start with organic work (SMO)")

    page.get_by_label("Established").check()
    page.get_by_label("A lot").check()
    expect(page.locator("#leaning-body")).to_contain_text("Lead with paid social ads (SMM)")
    expect(page.locator("#leaning-body")).to_contain_text("From 2 answers so far")


def test_quick_picks_fill_the_budget(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)

    page.get_by_role("button", name="1000", exact=True).click()

    expect(page.locator("#id_monthly_budget")).to_have_value("1000")


def test_errors_are_shown_and_focused_after_a_swap(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    page.locator("#id_monthly_budget").fill("-50")

    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_monthly_budget_error")).to_have_text("Error: Enter 0 or more.")
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))


def test_keyboard_alone_completes_a_step(page: Page) -> None:
    page.goto("/q/business/")
    page.locator("#id_stage_idea").focus()

    page.keyboard.press("ArrowDown")  # moves to and selects "New"
    page.keyboard.press("Tab")  # into the experience group
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    expect(page.locator("#step-title")).to_be_focused()


def test_skipping_the_optional_step(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    answer_money(page)

    page.get_by_role("button", name="Skip this step").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator(".review-list__skipped")).to_have_count(5)


def test_what_if_updates_in_place_and_is_not_saved(page: Page) -> None:
    get_advice(page)
    result_url = page.url

    status = page.locator("#what-if-status")
    panel = page.locator("#what-if-result")

    page.get_by_label("Business stage").select_option("idea")
    expect(status).to_have_text(
        re.compile(
            r"^What-if, not saved: Start with organic work \(SMO\), instead of Blend organic work with paid ads\."
        )
    )
    expect(panel).to_contain_text("not saved")
    expect(panel).to_contain_text("Not selling yet")  # the reasons follow the change
    expect(panel.locator(".what-if__verdict")).to_have_text("Start with organic work (SMO)")

    page.get_by_label("Business stage").select_option("established")
    page.get_by_label("Monthly budget").fill("5000")  # updates while typing, without leaving the field
    expect(status).to_have_text(
        re.compile(r"^What-if, not saved: Lead with paid social ads \(SMM\), instead of Blend")
    )
    expect(panel.locator(".what-if__verdict")).to_have_text("Lead with paid social ads (SMM)")

    assert page.url == result_url
    expect(page.locator("#verdict-title")).to_have_text("Blend organic work with paid ads")
    assert Response.objects.count() == 1

    page.get_by_role("button", name="Start again with these answers").click()
    expect(page).to_have_url(re.compile(r"/q/review/$"))
    expect(page.locator(".review-list")).to_contain_text("5,000 USD a month")


def test_the_whole_flow_without_javascript(page_without_js: Page, browser: Browser) -> None:
    page = page_without_js
    page.goto("/")
    page.get_by_role("link", name="Start the questionnaire").click()

    page.get_by_role("button", name="Continue", exact=True).click()  # nothing chosen
    expect(page.locator("#id_stage_error")).to_be_visible()
    expect(page.get_by_role("button", name="1000", exact=True)).to_be_hidden()

    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    answer_money(page)
    expect(page).to_have_url(re.compile(r"/q/details/$"))
    expect(page.locator("#leaning-body")).to_contain_text("From 4 answers so far")
    answer_details(page)
    expect(page).to_have_url(re.compile(r"/q/review/$"))
    page.get_by_role("button", name="Get my advice").click()

    expect(page).to_have_url(ADVICE_URL)
    expect(page.locator("#verdict-title")).to_have_text("Blend organic work with paid ads")
    expect(page.locator("#share-link")).to_have_value(page.url)
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()

    page.get_by_label("Monthly budget").fill("0")
    page.get_by_role("button", name="Show this what-if").click()
    expect(page.locator(".what-if__verdict")).to_have_text("Start with organic work (SMO)")
    expect(page.locator("#verdict-title")).to_have_text("Blend organic work with paid ads")
    assert Response.objects.count() == 1


def test_back_button_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/q/")
    answer_business(page)
    page.locator("#id_monthly_budget").fill("90")

    page.get_by_role("button", name="Back").click()

    expect(page).to_have_url(re.compile(r"/q/business/$"))
    page.goto("/q/money-and-time/")
    expect(page.locator("#id_monthly_budget")).to_have_value("90")


def test_unknown_result_link_shows_the_404_page(page: Page) -> None:
    response = page.goto("/r/this-token-does-not-exist/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")


def test_no_content_security_policy_violations(page: Page) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto("/")
    page.goto("/q/")
    answer_business(page)
    page.get_by_label("In 1–3 months").check()
    answer_money(page)
    answer_details(page)
    page.get_by_role("button", name="Get my advice").click()
    expect(page).to_have_url(ADVICE_URL)
    page.get_by_label("Business stage").select_option("idea")
    expect(page.locator("#what-if-result")).to_contain_text("not saved")

    assert violations == []


def test_the_result_prints_on_at_most_two_pages(page: Page) -> None:
    get_advice(page)

    pdf = page.pdf(format="A4")

    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2


def test_leaving_and_coming_back_resumes_where_the_person_stopped(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))

    page.goto("/glossary/")
    page.goto("/")
    page.get_by_role("link", name="Continue where you left off").click()

    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#id_stage_growing")).to_be_checked()


def test_a_refused_htmx_request_is_explained_not_silently_dropped(page: Page) -> None:
    page.goto("/q/")
    answer_business(page)
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
    page.context.clear_cookies()  # the CSRF cookie is gone, as after an expired session

    answer_money(page)

    expect(page.get_by_role("alert")).to_contain_text("Your session has expired")
    expect(page).to_have_url(re.compile(r"/q/money-and-time/$"))
