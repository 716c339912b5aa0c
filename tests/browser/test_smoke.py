from playwright.sync_api import Page, expect


def test_home_page_renders_in_chromium(page: Page) -> None:
    page.goto("/")

    expect(page.locator("h1")).to_be_visible()
