"""Page weight: the landing page and the first questionnaire step, with everything they load, stay within
60 KB compressed in total, and load nothing from another host.

Assets are counted once (the browser caches them between the two pages), gzip-compressed at level 9 as
whitenoise serves them; CSS `url(...)` references are followed too.
"""

import gzip
import re
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024
HOST = "testserver"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
# Attributes that make the browser fetch something (links to other pages are not loads).
LOADING = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "prefetch",
}


class ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and set(values.get("rel", "").lower().split()) & LOADING_LINK_RELS:
            self.urls.append(values.get("href", ""))
        for name, value in values.items():
            if (tag, name) in LOADING and value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
        if "style" in values:
            self.urls.extend(CSS_URL.findall(values["style"]))


def resources(html: str) -> list[str]:
    parser = ResourceParser()
    parser.feed(html)
    inline_styles = re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S)
    return [url for url in parser.urls if url] + [
        url for css in inline_styles for url in CSS_URL.findall(css)
    ]


def is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", ""):
        return bool(parts.netloc) and parts.netloc != HOST
    return parts.scheme not in ("http", "https") or parts.netloc != HOST


def static_bytes(url: str) -> bytes:
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is referenced but does not exist"
    with open(found, "rb") as handle:
        return handle.read()


# What the landing page and the first step load: the two pages and each asset once.
PAGES_AND_ASSETS = [
    "/static/css/site.css",
    "/static/img/favicon.svg",
    "/static/js/site.js",
    "/static/vendor/htmx-2.0.11.min.js",
    "page /",
    "page /q/business/",
]


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def first_step(client: Client) -> tuple[str, str]:
    start = client.get("/q/")
    assert start.status_code in (HTTPStatus.FOUND, HTTPStatus.SEE_OTHER)
    page = client.get(start.headers["Location"])
    assert page.status_code == HTTPStatus.OK
    return start.headers["Location"], page.content.decode()


def page_weight(client: Client, pages: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Compressed bytes per page and per asset (each once), and every third-party reference found."""
    sizes: dict[str, int] = {}
    third_party: list[str] = []
    queue: list[tuple[str, str]] = []
    for path, html in pages.items():
        sizes[f"page {path}"] = compressed(html.encode())
        queue.extend((path, url) for url in resources(html))
    while queue:
        base, url = queue.pop()
        absolute = urljoin(f"http://{HOST}{base}", url)
        if is_third_party(absolute):
            third_party.append(url)
            continue
        path = urlsplit(absolute).path
        if urlsplit(absolute).scheme == "data" or not path.startswith(settings.STATIC_URL) or path in sizes:
            continue
        data = static_bytes(path)
        sizes[path] = compressed(data)
        if path.endswith(".css"):
            queue.extend((path, found) for found in CSS_URL.findall(data.decode("utf-8", errors="replace")))
    return sizes, third_party


def test_landing_and_first_step_weigh_at_most_60_kb_compressed(
    client: Client, default_weight_set: object
) -> None:
    landing = client.get("/")
    step_path, step_html = first_step(client)

    sizes, _ = page_weight(client, {"/": landing.content.decode(), step_path: step_html})

    total = sum(sizes.values())
    assert sorted(sizes) == PAGES_AND_ASSETS  # the count really includes the assets
    assert total <= BUDGET_BYTES, f"{total:,} bytes compressed: {sizes}"


def test_landing_and_first_step_load_nothing_from_another_host(
    client: Client, default_weight_set: object
) -> None:
    landing = client.get("/")
    step_path, step_html = first_step(client)

    sizes, third_party = page_weight(client, {"/": landing.content.decode(), step_path: step_html})

    assert third_party == []
    assert sorted(sizes) == PAGES_AND_ASSETS  # every reference was followed, so none was missed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://testserver/static/css/site.css", False),
        ("data:image/svg+xml;base64,AAAA", False),
        ("https://cdn.example.com/htmx.js", True),
        ("//fonts.example.net/font.woff2", True),
        ("http://testserver.example.com/x.js", True),
    ],
)
def test_third_party_detection(url: str, expected: bool) -> None:
    assert is_third_party(urljoin("http://testserver/", url)) is expected


def test_resources_finds_scripts_styles_icons_and_css_urls() -> None:
    html = (
        '<link rel="stylesheet" href="/static/a.css"><link rel="icon" href="/static/i.svg">'
        '<a href="https://elsewhere.example/">a link, not a load</a><script src="/static/a.js"></script>'
        '<img src="/static/p.png" srcset="/static/p2.png 2x, /static/p3.png 3x"><form action="/q/x/"></form>'
        "<style>body { background: url('/static/bg.png') }</style>"
    )

    assert sorted(resources(html)) == sorted(
        [
            "/static/a.css",
            "/static/i.svg",
            "/static/a.js",
            "/static/p.png",
            "/static/p2.png",
            "/static/p3.png",
            "/q/x/",
            "/static/bg.png",
        ]
    )
