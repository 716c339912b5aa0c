"""Answering the questionnaire's steps in a real browser, shared by the browser tests."""

from playwright.sync_api import Page


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
