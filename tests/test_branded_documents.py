"""The PDF and the email of a consultant's client: branded without fetching the site's stylesheet, and with
the logo in its own proportions."""

import logging
import re

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static

from questionnaire import mail, pdf
from tests.factories import ResultEmailFactory

pytestmark = pytest.mark.django_db


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_the_branded_pdf_fetches_no_stylesheet_and_logs_no_error(branded_result, caplog) -> None:
    context = pdf.document_context(branded_result, "https://example.com/r/x/")

    with caplog.at_level(logging.WARNING):
        content = pdf.render_result(branded_result, "https://example.com/r/x/")

    assert content.startswith(b"%PDF")
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert context["branding"]["colour"] == "#1d4f91"


def test_the_branded_pdf_sets_the_brand_colour_in_its_own_style(branded_result) -> None:
    html = render_to_string(
        "questionnaire/result_pdf.html", pdf.document_context(branded_result, "https://example.com/r/x/")
    )

    assert re.findall(r"<link [^>]*>", html) == [f'<link rel="stylesheet" href="{static("css/pdf.css")}">']
    assert "<style>.consultant-brand { border-left: 2mm solid #1d4f91; padding-left: 3mm; }</style>" in html


def test_the_branded_email_links_no_stylesheet_and_keeps_the_logo_proportions(branded_result) -> None:
    email = ResultEmailFactory(response=branded_result, address="owner@example.com")

    message = mail.result_message(email)

    (html, _), *_ = message.alternatives
    assert re.findall(r"<link [^>]*>", html) == []
    assert img_tags(html) == [
        '<img class="consultant-brand__logo" src="cid:consultant-logo@smo-smm-advisor" alt="Dana Reyes logo" width="48">'
    ]
