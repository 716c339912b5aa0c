"""The PDF of a result: real WeasyPrint output, read back as text."""

import io
from http import HTTPStatus

import pytest
from django.test import Client
from pypdf import PdfReader

from questionnaire import pdf
from tests.factories import ResponseFactory
from tests.markup import parse

pytestmark = pytest.mark.django_db

SMALL_ORGANIC = {"stage": "new", "monthly_budget": 0, "horizon": "long_term", "experience": "none"}


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_verdict_the_amounts_the_date_and_the_link(
    client: Client, default_weight_set
) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.get(f"/r/{stored.token}/pdf")

    pages, text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'inline; filename="social-media-advice-{stored.created_at:%Y-%m-%d}.pdf"'
    )
    assert pages in (1, 2)
    assert "SMO or SMM?" in flat
    assert "Blend organic work with paid ads" in flat
    assert f"On ads {stored.recommendation['split']['monthly_ad_spend']:,.0f} USD a month" in flat
    assert f"Advice saved {stored.created_at:%-d %B %Y}" in flat
    assert f"http://testserver/r/{stored.token}/".replace("/", "") in flat.replace("/", "").replace(" ", "")
    assert "What if" not in flat.replace("“what if”", "")  # no controls, only the invitation in words


def test_an_organic_first_pdf_shows_no_ad_money(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set, answer_values=SMALL_ORGANIC)

    _, text = pdf_text(client.get(f"/r/{stored.token}/pdf").content)

    flat = " ".join(text.split())
    assert "Start with organic work (SMO)" in flat
    assert "On ads Nothing for now" in flat
    assert "On ads 0" not in flat
    assert "Running the ads" not in flat


def test_unknown_token_gives_404(client: Client, default_weight_set) -> None:
    response = client.get("/r/not-a-token/pdf")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_without_pango_the_pdf_says_it_is_unavailable(
    client: Client, default_weight_set, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)
    monkeypatch.setattr(pdf, "available", lambda: False)

    response = client.get(f"/r/{stored.token}/pdf")
    page = parse(client.get(f"/r/{stored.token}/"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert parse(response).one("h1").text == "The PDF is unavailable"
    assert page.one(".keep__unavailable").text == "The PDF is unavailable on this server."
    assert page.hrefs(".keep a") == [f"/r/{stored.token}/email/", "/q/new/"]


def test_the_url_fetcher_serves_our_static_files_and_nothing_else() -> None:
    fetcher = pdf.url_fetcher()

    css = fetcher.fetch(f"{pdf.PDF_BASE_URL}static/css/pdf.css")

    assert css.read().startswith(b"/* The PDF of a result")
    for url in (
        "https://example.com/tracker.png",
        "http://127.0.0.1:8000/static/css/pdf.css",
        f"{pdf.PDF_BASE_URL}static/../config/settings.py",
        f"{pdf.PDF_BASE_URL}admin/",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match=r"Not one of our static files|disallowed protocol"):
            fetcher.fetch(url)


def test_a_document_naming_a_remote_image_renders_without_fetching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML

    asked: list[str] = []
    original = pdf.static_file
    monkeypatch.setattr(pdf, "static_file", lambda url: asked.append(url) or original(url))

    content = HTML(
        string='<p>Hello</p><img src="https://example.com/x.png" alt="">',
        base_url=pdf.PDF_BASE_URL,
        url_fetcher=pdf.url_fetcher(),
    ).write_pdf()

    assert content.startswith(b"%PDF")
    assert asked == ["https://example.com/x.png"]


def page_images(content: bytes) -> set[str]:
    """The names of the image XObjects the PDF's pages carry (pages may share one resource dictionary)."""
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for name, xobject in xobjects.get_object().items():
            if xobject.get_object()["/Subtype"] == "/Image":
                names.add(name)
    return names


def test_a_branded_pdf_shows_the_consultants_logo_and_name(client: Client, branded_result) -> None:
    response = client.get(f"/r/{branded_result.token}/pdf")

    _, text = pdf_text(response.content)
    assert response.status_code == HTTPStatus.OK
    assert len(page_images(response.content)) == 1
    assert "Dana Reyes · North Star Marketing" in " ".join(text.split())


def test_an_anonymous_pdf_has_no_image(client: Client, default_weight_set) -> None:
    stored = ResponseFactory(weight_set=default_weight_set)

    response = client.get(f"/r/{stored.token}/pdf")

    assert response["Content-Type"] == "application/pdf"
    assert page_images(response.content) == set()


def test_the_url_fetcher_reads_only_the_uploads_the_document_names(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "consultant-logos").mkdir()
    (tmp_path / "consultant-logos" / "a.png").write_bytes(b"logo a")
    (tmp_path / "consultant-logos" / "b.png").write_bytes(b"logo b")
    (tmp_path / "secret.txt").write_bytes(b"secret")
    fetcher = pdf.url_fetcher(frozenset({"consultant-logos/a.png", "consultant-logos/../secret.txt"}))

    logo = fetcher.fetch(f"{pdf.PDF_BASE_URL}media/consultant-logos/a.png")

    assert logo.read() == b"logo a"
    for url in (
        f"{pdf.PDF_BASE_URL}media/consultant-logos/b.png",
        f"{pdf.PDF_BASE_URL}media/consultant-logos/../secret.txt",
        f"{pdf.PDF_BASE_URL}media/secret.txt",
        "https://example.com/media/consultant-logos/a.png",
    ):
        with pytest.raises(ValueError, match="Not one of our static files"):
            fetcher.fetch(url)
