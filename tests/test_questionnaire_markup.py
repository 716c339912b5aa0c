"""The pages keep to the Content-Security-Policy: no inline scripts, no event-handler or style attributes."""

import json
import re
from http import HTTPStatus

import pytest
from django.test import Client

from advisor.domain import Answers
from questionnaire.services import store_response
from tests.markup import parse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def pages(client: Client) -> dict[str, str]:
    stored = store_response(
        Answers(stage="new", monthly_budget=50, horizon="weeks", experience="none", reach="global"), nonce="m"
    )
    client.post("/q/business/", {"stage": "new", "experience": "none"})
    client.post("/q/money-and-time/", {"monthly_budget": "50", "horizon": "weeks"})
    urls = [
        "/",
        "/glossary/",
        "/q/business/",
        "/q/money-and-time/",
        "/q/details/",
        f"/r/{stored.token}/",
        f"/r/{stored.token}/what-if/?stage=idea&monthly_budget=0&horizon=weeks&experience=none",
        "/r/unknown/",
        "/api/docs",
    ]
    found = {url: client.get(url) for url in urls}
    client.post("/q/details/", {"go": "skip"})
    found["/q/review/"] = client.get("/q/review/")
    found["step with errors"] = client.post("/q/money-and-time/", {"monthly_budget": "-1"})
    return {url: response.content.decode() for url, response in found.items()}


def test_no_page_needs_unsafe_inline(client: Client, default_weight_set) -> None:
    rendered = pages(client)

    for url, body in rendered.items():
        assert not INLINE_SCRIPT.search(body), url
        assert not EVENT_HANDLER.search(body), url
        assert not STYLE_ATTRIBUTE.search(body), url
        assert not STYLE_ELEMENT.search(body), url


def test_htmx_is_told_not_to_inject_its_indicator_styles(client: Client, default_weight_set) -> None:
    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    assert (
        json.loads(parse(response).one("meta[name=htmx-config]").get("content"))["includeIndicatorStyles"]
        is False
    )


def test_every_page_loads_only_our_own_assets(client: Client, default_weight_set) -> None:
    rendered = pages(client)

    for url, body in rendered.items():
        assert not re.search(r'(?:src|href)="(?:https?:)?//', body), url
