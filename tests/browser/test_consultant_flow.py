"""The consultant's whole path in a real browser: sign up (verification mail from a real SMTP server),
branding, an invite, a client in a fresh browser (with and without JavaScript), the result and a note,
and another consultant shut out. axe runs on every consultant page; screenshots at 390 and 1280 px."""

import io
import re
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from consultants.models import Consultant, InvitedResult
from tests.browser.steps import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path("screenshots")


def check_page(page: Page, name: str, *, javascript: bool = True) -> None:
    """axe finds nothing, nothing scrolls sideways, and a screenshot is kept to look at. (axe and the width
    check run scripts in the page: a context without JavaScript only gets the screenshot; the same pages
    are scanned with JavaScript on.)"""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    if javascript:
        assert_accessible(page, name)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"consultant-{name}-{width}.png"), full_page=True)


def verification_link(smtp_server: Any, address: str) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for envelope in smtp_server.envelopes:
            message = message_from_bytes(envelope.content, policy=policy.default)
            if message["To"] == address:
                body = message.get_body(preferencelist=("plain",)).get_content()
                return re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)
        time.sleep(0.1)
    raise AssertionError(f"No verification mail to {address}")


def sign_up(page: Page, smtp_server: Any, address: str) -> None:
    page.goto("/accounts/signup/")
    check_page(page, "signup")
    page.get_by_label("Email:").fill(address)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    check_page(page, "verify-email-sent")
    page.goto(verification_link(smtp_server, address))
    check_page(page, "confirm-email")
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/consultants/$"))


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (31, 95, 74)).save(buffer, format="PNG")
    return buffer.getvalue()


def answer_everything(page: Page) -> None:
    page.get_by_label("Growing").check()
    page.get_by_label("A little").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("How much could you spend on social media each month?").fill("400")
    page.get_by_label("In 1–3 months").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Continue to review").click()
    expect(page).to_have_url(re.compile(r"/q/review/$"))
    page.get_by_role("button", name="Get my advice").click()
    expect(page.locator("#verdict-title")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_consultant_path_end_to_end(
    browser: Browser, live_server, default_weight_set, smtp_server: Any, settings, tmp_path, width: int
) -> None:
    settings.MEDIA_ROOT = tmp_path
    # A code typed as the 30-second window turns is still accepted (as a person's slow typing would need).
    settings.MFA_TOTP_TOLERANCE = 1
    viewport = {"width": width, "height": 900}
    consultant_context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = consultant_context.new_page()

    # Sign up, verify the address from the real mail, land on the dashboard.
    sign_up(page, smtp_server, "dana@northstar.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your clients")
    check_page(page, "dashboard-empty")

    # Branding: a failing colour is refused with a message, then a good one is saved with a logo.
    page.get_by_role("link", name="Profile and branding").click()
    check_page(page, "profile")
    page.get_by_label("Your name as clients see it").fill("Dana Reyes")
    page.get_by_label("Organisation").fill("North Star Marketing")
    page.get_by_label("Contact (phone, email or web address)").fill("https://northstar.example")
    page.get_by_label("Brand colour").fill("#f2c14e")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("White text on #f2c14e is too hard to read")).to_be_visible()
    check_page(page, "profile-colour-refused")
    page.get_by_label("Brand colour").fill("#1d4f91")
    page.get_by_label("Logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile and branding are saved.")).to_be_visible()
    expect(page.locator(".consultant-brand__band")).to_have_css("background-color", "rgb(29, 79, 145)")

    # Two-factor sign-in is offered (TOTP with an authenticator app).
    page.get_by_role("link", name="Two-factor sign-in").click()
    check_page(page, "two-factor")
    page.goto("/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm Access")
    check_page(page, "confirm-access")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Authenticator")
    check_page(page, "two-factor-activate")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code:").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")

    # Signing in again now asks for the authenticator code.
    page.goto("/consultants/")
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    check_page(page, "login")
    page.get_by_label("Email:").fill("dana@northstar.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    check_page(page, "two-factor-code")
    page.get_by_label("Code:").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/consultants/$"))

    # An invite for a client.
    page.goto("/consultants/")
    page.get_by_label("Client (for example the business name)").fill("Bloom Bakery")
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bloom Bakery")
    check_page(page, "client-new")
    invite_url = page.locator("#invite-link").input_value()

    # The client, in fresh browsers: with JavaScript, then without (a retake through the same link).
    for javascript in (True, False):
        client_context = browser.new_context(
            base_url=live_server.url, viewport=viewport, java_script_enabled=javascript
        )
        client_page = client_context.new_page()
        client_page.goto(invite_url)
        expect(client_page.locator(".consultant-brand")).to_contain_text(
            "Dana Reyes sent you this questionnaire and will see your answers and the advice"
        )
        expect(client_page.locator(".consultant-brand__logo")).to_be_visible()
        check_page(
            client_page, f"client-questionnaire-{'js' if javascript else 'nojs'}", javascript=javascript
        )
        answer_everything(client_page)
        expect(client_page.locator(".consultant-brand")).to_contain_text("Prepared for you with Dana Reyes")
        check_page(client_page, f"client-result-{'js' if javascript else 'nojs'}", javascript=javascript)
        client_context.close()
    consultant = Consultant.objects.get(user__email="dana@northstar.example")
    assert InvitedResult.objects.filter(invite__consultant=consultant).count() == 2

    # The consultant sees both results and the comparison, and adds a note (escaped).
    page.reload()
    expect(page.get_by_role("heading", name="Over time")).to_be_visible()
    first = page.locator(".result-card").first
    first.get_by_label("Private note").fill("<b>Call</b> before the spring sale")
    first.get_by_role("button", name="Save note").click()
    expect(first.locator(".notes__text")).to_have_text("<b>Call</b> before the spring sale")
    check_page(page, "client-with-results")
    client_url = page.url
    page.get_by_role("link", name="Clients", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Bloom Bakery"))).to_contain_text(
        "Blend organic work with paid ads"
    )
    check_page(page, "dashboard")

    # A second consultant gets 404 for the first one's client page.
    other_context = browser.new_context(base_url=live_server.url, viewport=viewport)
    other = other_context.new_page()
    sign_up(other, smtp_server, "sam@elsewhere.example")
    response = other.goto(client_url)
    assert response is not None
    assert response.status == 404
    other_context.close()
    consultant_context.close()


def test_login_page_and_revoked_link_are_accessible(page: Page, consultant_with_invite) -> None:
    page.goto("/accounts/login/")
    check_page(page, "login")
    page.goto("/accounts/password/reset/")
    check_page(page, "password-reset")
    page.goto(f"/i/{consultant_with_invite}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is closed")
    check_page(page, "revoked-link")


@pytest.fixture
def consultant_with_invite(db) -> str:
    from django.utils import timezone

    from tests.factories import InviteFactory

    return InviteFactory(revoked_at=timezone.now()).token
