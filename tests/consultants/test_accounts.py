"""Consultant accounts with allauth: sign-up with a verified email, throttled logins, deactivation."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client

from consultants.models import Consultant
from tests.factories import PASSWORD, ConsultantFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"http://testserver/accounts/password/reset/key/[\w-]+/")


def test_sign_up_sends_a_verification_mail_and_the_link_opens_the_dashboard(
    client: Client, mailoutbox
) -> None:
    signed_up = client.post(
        "/accounts/signup/",
        {"email": "dana@northstar.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert signed_up.status_code == HTTPStatus.FOUND
    assert signed_up["Location"] == "/accounts/confirm-email/"
    assert Consultant.objects.get().user.email == "dana@northstar.example"
    # not signed in before verifying
    assert client.get("/consultants/")["Location"] == "/accounts/login/?next=/consultants/"
    [message] = mailoutbox
    assert message.to == ["dana@northstar.example"]
    link = CONFIRM_LINK.search(message.body).group(1)
    confirmed = client.post(link)
    assert confirmed["Location"] == "/consultants/"
    assert parse(client.get("/consultants/")).one("h1").text == "Your clients"


def test_sign_in_with_email_and_password(client: Client, consultant: Consultant) -> None:
    consultant.user.emailaddress_set.create(email=consultant.user.email, verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": consultant.user.email, "password": PASSWORD})

    assert response["Location"] == "/consultants/"
    assert client.get("/consultants/").status_code == HTTPStatus.OK


def test_failed_logins_are_throttled_per_address(client: Client, consultant: Consultant) -> None:
    consultant.user.emailaddress_set.create(email=consultant.user.email, verified=True, primary=True)
    wrong = {"login": consultant.user.email, "password": "wrong password"}
    attempts = [client.post("/accounts/login/", wrong).status_code for _ in range(5)]

    throttled = client.post("/accounts/login/", {"login": consultant.user.email, "password": PASSWORD})

    assert attempts == [HTTPStatus.OK] * 5
    assert throttled.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert client.get("/consultants/")["Location"] == "/accounts/login/?next=/consultants/"


def test_login_attempts_from_one_address_are_limited_per_minute(client: Client, settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    statuses = [
        client.post("/accounts/login/", {"login": f"n{n}@example.com", "password": "x"}).status_code
        for n in range(4)
    ]

    assert statuses == [HTTPStatus.OK] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_a_deactivated_consultant_cannot_sign_in(client: Client) -> None:
    consultant = ConsultantFactory(user__is_active=False)
    consultant.user.emailaddress_set.create(email=consultant.user.email, verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": consultant.user.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/consultants/")["Location"] == "/accounts/login/?next=/consultants/"


def test_password_reset_mails_a_link(client: Client, consultant: Consultant, mailoutbox) -> None:
    consultant.user.emailaddress_set.create(email=consultant.user.email, verified=True, primary=True)

    response = client.post("/accounts/password/reset/", {"email": consultant.user.email})

    assert response["Location"] == "/accounts/password/reset/done/"
    assert [message.to for message in mailoutbox] == [[consultant.user.email]]
    links = [line for line in mailoutbox[0].body.splitlines() if line.startswith("http")]
    assert [RESET_LINK.fullmatch(link) is not None for link in links] == [True]


def test_two_factor_setup_page_is_offered(consultant_client: Client, consultant: Consultant) -> None:
    consultant.user.emailaddress_set.create(email=consultant.user.email, verified=True, primary=True)

    page = consultant_client.get("/accounts/2fa/")

    assert page.status_code == HTTPStatus.OK
    assert parse(page).one("h1").text == "Two-Factor Authentication"
    assert parse(page).texts("h2") == ["Authenticator App", "Recovery Codes"]


def test_sign_up_with_the_mail_server_down_is_no_server_error(client: Client, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port

    response = client.post(
        "/accounts/signup/",
        {"email": "dana@northstar.example", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain == [("/accounts/confirm-email/", HTTPStatus.FOUND)]
    page = parse(response)
    # Only the failure: no "Confirmation email sent" beside it, and the page does not claim a mail went out.
    assert page.texts(".consultant-message") == [
        "We could not send you a mail just now. Please try again in a few minutes."
    ]
    assert page.one("h1").text == "Verify your email address"
    assert page.texts(".verification p") == [
        "Your account is saved, but the mail with your confirmation link could not be sent just now.",
        "In a few minutes, sign in with your email address and password: the link is sent again then, and "
        "this page says so.",
    ]
    assert page.hrefs(".verification a") == ["/accounts/login/"]
    assert Consultant.objects.get().user.email == "dana@northstar.example"


def test_sign_up_with_a_known_address_and_the_mail_server_down_looks_like_any_other(
    client: Client, settings, consultant: Consultant
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port

    response = client.post(
        "/accounts/signup/",
        {"email": consultant.user.email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    # allauth mails "you already have an account" instead (the page must not tell who has one); it failed.
    assert response.redirect_chain == [("/accounts/confirm-email/", HTTPStatus.FOUND)]
    page = parse(response)
    assert page.texts(".consultant-message") == [
        "We could not send you a mail just now. Please try again in a few minutes."
    ]
    assert page.texts(".verification p") == [
        "Your account is saved, but the mail with your confirmation link could not be sent just now.",
        "In a few minutes, sign in with your email address and password: the link is sent again then, and "
        "this page says so.",
    ]


def test_signing_in_after_a_failed_confirmation_mail_sends_it(client: Client, settings, mailoutbox) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    client.post(
        "/accounts/signup/",
        {"email": "dana@northstar.example", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    cache.clear()  # and the few minutes of allauth's limit on confirmation mails have passed

    response = client.post(
        "/accounts/login/", {"login": "dana@northstar.example", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/accounts/confirm-email/", HTTPStatus.FOUND)]
    page = parse(response)
    assert page.texts(".consultant-message") == ["Confirmation email sent to dana@northstar.example."]
    assert page.texts(".verification p") == [
        "We have sent you an email with a link to confirm your address. Follow it to finish signing up. If "
        "it is not in your inbox within a few minutes, look in your spam folder."
    ]
    [message] = mailoutbox
    assert message.to == ["dana@northstar.example"]
    assert CONFIRM_LINK.search(message.body) is not None
