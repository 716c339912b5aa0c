"""Amounts are read by the site's locale (SITE_LOCALE, Babel); an ambiguous amount gets a message."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from babel.numbers import format_decimal
from django.core import signing
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from questionnaire.forms import read_amount
from questionnaire.progress import PROGRESS_COOKIE, PROGRESS_SALT
from tests.markup import parse

LOCALES = ["en_US", "de_DE", "fr_FR", "en_IN", "de_CH"]


@given(
    cents=st.integers(min_value=0, max_value=10_000_000 * 100),
    locale=st.sampled_from(LOCALES),
)
def test_an_amount_written_the_local_way_reads_back_exactly(cents: int, locale: str) -> None:
    amount = Decimal(cents) / 100
    written = format_decimal(amount, locale=locale)

    assert read_amount(written, locale) == amount


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("1.000", "de_DE", Decimal(1000)),
        ("1.000,50", "de_DE", Decimal("1000.50")),
        ("1,000", "en_US", Decimal(1000)),
        ("1,000.50", "en_US", Decimal("1000.50")),
        ("€ 1 200", "fr_FR", Decimal(1200)),
        ("$250", "en_US", Decimal(250)),
        ("250 USD", "en_US", Decimal(250)),
    ],
)
def test_local_amounts(text: str, locale: str, expected: Decimal) -> None:
    assert read_amount(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "locale", "message"),
    [
        ("1.000", "en_US", "“1.000” could mean 1000 or 1: write it without the “.”, like 1000."),
        ("1,000", "de_DE", "“1,000” could mean 1000 or 1: write it without the “,”, like 1000."),
        (
            "1.000,50",
            "en_US",
            "“1.000,50” is not written the way amounts are read here: “.” before decimals and “,” (or nothing)"
            " between thousands, like 1,234.5.",
        ),
    ],
)
def test_ambiguous_or_foreign_amounts_get_a_message(text: str, locale: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^“") as raised:
        read_amount(text, locale)

    assert str(raised.value) == message


@pytest.fixture
def started(client: Client, default_weight_set) -> Client:
    client.post("/q/business/", {"stage": "growing", "experience": "intermediate"})
    return client


def test_the_step_asks_about_an_ambiguous_amount_instead_of_reading_1(started: Client) -> None:
    response = started.post("/q/money-and-time/", {"monthly_budget": "1.000", "horizon": "months"})

    page = parse(response)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert page.one("#id_monthly_budget_error").text == (
        "Error: “1.000” could mean 1000 or 1: write it without the “.”, like 1000."
    )
    assert page.one("input[name=monthly_budget]").get("value") == "1.000"


def test_a_german_site_reads_1_000_as_a_thousand(started: Client, settings) -> None:
    settings.SITE_LOCALE = "de_DE"

    response = started.post("/q/money-and-time/", {"monthly_budget": "1.000", "horizon": "months"})

    progress = signing.loads(started.cookies[PROGRESS_COOKIE].value, salt=PROGRESS_SALT)
    assert response["Location"] == "/q/details/"
    assert progress["answers"] == {
        "stage": "growing",
        "experience": "intermediate",
        "monthly_budget": 1000,
        "horizon": "months",
    }
