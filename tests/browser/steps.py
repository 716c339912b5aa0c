"""Answering the questionnaire's steps in a real browser, shared by the browser tests."""

from playwright.sync_api import Page

# A phone's screen, for the tests that check what fits on it.
PHONE = {"width": 390, "height": 844}


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
