"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Without Chromium the tests are skipped, and the run says so in its header and summary (never silently).
"""

import os
from collections.abc import Iterator

import pytest

from tests.browser.steps import PHONE
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test itself are
# still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Generous waits: on a busy 2-core machine a page can take seconds; a passing test never waits this long.
BROWSER_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:  # noqa: F821
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, default_weight_set) -> Iterator["Page"]:  # noqa: F821
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, default_weight_set) -> Iterator["Page"]:  # noqa: F821
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def phone_page(request: pytest.FixtureRequest, js: bool) -> "Page":  # noqa: F821
    """A page at phone width, with JavaScript or without it as the test's `js` parameter says."""
    browser_page = request.getfixturevalue("page" if js else "page_without_js")
    browser_page.set_viewport_size(PHONE)
    return browser_page
