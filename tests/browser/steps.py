"""Answering the questionnaire's steps in a real browser, and checking a page with axe, shared by the
browser tests."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

# A phone's screen, for the tests that check what fits on it.
PHONE = {"width": 390, "height": 844}
# WCAG 2.2 A and AA, and axe's best practices: every page passes them with no violation.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
AXE = Axe()


def assert_no_axe_violations(page: Page, name: str) -> None:
    """axe (a script run in the page, so with JavaScript on) finds nothing; its report is the message."""
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def assert_accessible(page: Page, name: str) -> None:
    """No axe violation, and nothing wider than the screen (WCAG 1.4.10, reflow: no sideways scrolling)."""
    assert_no_axe_violations(page, name)
    width = page.viewport_size["width"] if page.viewport_size else 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"


def answer_business(page: Page) -> None:
    page.get_by_label("Growing").check()
    page.get_by_label("A little").check()
    page.get_by_role("button", name="Continue", exact=True).click()


def answer_money(page: Page, budget: str = "400") -> None:
    page.get_by_label("How much could you spend on social media each month?").fill(budget)
    page.get_by_label("In 1–3 months").check()
    page.get_by_role("button", name="Continue", exact=True).click()


def answer_details(page: Page) -> None:
    page.locator("#id_profiles_partial").check()
    page.locator("#id_reach_national").check()
    page.get_by_label("How many hours a week can you give to posts and replies?").fill("4")
    page.get_by_role("button", name="Continue to review").click()


def get_advice(page: Page) -> None:
    """The whole questionnaire, from its start to the result page, answered by the three steps above."""
    page.goto("/q/")
    answer_business(page)
    answer_money(page)
    answer_details(page)
    page.get_by_role("button", name="Get my advice").click()
    expect(page).to_have_url(re.compile(r".*/r/[A-Za-z0-9_-]{43}/$"))


def answer_the_required_steps(page: Page) -> None:
    """From the start of the questionnaire to its optional step: a growing business with some experience,
    500 a month, results in 1–3 months, clicking the options' texts as a person does."""
    page.goto("/q/")
    page.get_by_text("Growing", exact=True).click()
    page.get_by_text("Some", exact=True).click()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("How much could you spend").fill("500")
    page.get_by_text("In 1–3 months", exact=True).click()
    page.get_by_role("button", name="Continue", exact=True).click()
