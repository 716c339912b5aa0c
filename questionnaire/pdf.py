"""A result as a PDF, drawn by WeasyPrint from HTML and a print stylesheet.

WeasyPrint needs Pango from the operating system. Without it ``available()`` is False: the result page
says the PDF is unavailable and the email goes without attachment, instead of failing.
"""

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from advisor.domain import Recommendation
from questionnaire import presenters
from questionnaire.models import Response
from questionnaire.signals import branding_for, safe_colour

# Documents are rendered against this made-up address: the only URLs the fetcher serves are our own static
# files under it and the uploaded files (a consultant's logo) the document names itself, read from the
# default storage. Nothing is fetched from the network, whatever a template or stylesheet names.
PDF_BASE_URL = "https://pdf.invalid/"
INSTALL_HINT = "PDFs need Pango: install it with 'apt-get install libpango-1.0-0 libpangoft2-1.0-0'."


def available() -> bool:
    """Whether WeasyPrint can be loaded (it raises OSError when Pango is missing)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def static_file(url: str) -> bytes | None:
    """The bytes of one of our static files named by ``url``, or None for anything else."""
    prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not name or ".." in name.split("/"):
        return None
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    return None


def safe_media_name(name: str) -> bool:
    """Whether ``name`` is a plain storage path: relative, no ``..``, no empty or odd parts."""
    parts = name.split("/")
    return bool(name) and "\\" not in name and all(part not in ("", ".", "..") for part in parts)


def media_bytes(name: str) -> bytes | None:
    """The bytes of an uploaded file in the default storage, or None when it is missing or the name is odd."""
    if not safe_media_name(name) or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def media_url(name: str) -> str:
    """The address a document uses for an uploaded file (only the fetcher below can read it)."""
    return PDF_BASE_URL.rstrip("/") + settings.MEDIA_URL + name


def media_file(url: str, allowed: frozenset[str]) -> bytes | None:
    """The bytes of an uploaded file named by ``url`` under MEDIA_URL, only when it is one of ``allowed``
    (the files this document shows): other uploads are never read, whatever a template names."""
    prefix = PDF_BASE_URL.rstrip("/") + settings.MEDIA_URL
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if name not in allowed:
        return None
    return media_bytes(name)


def url_fetcher(media: frozenset[str] = frozenset()) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            body = static_file(url)
            if body is None:
                body = media_file(url, media)
            if body is None:
                raise ValueError(f"Not one of our static files: {url}")
            content_type = mimetypes.guess_type(url.split("?", 1)[0])[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher(allowed_protocols=("https",))


def document_branding(stored: Response) -> dict[str, Any]:
    """The result's branding with the logo addressed to the fetcher (the site's logo view is out of reach
    for WeasyPrint: it fetches nothing over the network)."""
    branding = branding_for(stored)
    if not branding:
        return {}
    # The colour goes into the document's own style (the fetcher reads no stylesheet from the site).
    branding = {**branding, "colour": safe_colour(branding.get("colour", ""))}
    if branding.get("logo_name") and safe_media_name(branding["logo_name"]):
        return {**branding, "logo_url": media_url(branding["logo_name"])}
    return {**branding, "logo_url": ""}


def document_context(stored: Response, share_url: str) -> dict[str, Any]:
    recommendation = Recommendation.model_validate(stored.recommendation)
    return {
        "response": stored,
        "share_url": share_url,
        "printed_on": timezone.now(),
        "branding": document_branding(stored),
        "SITE_CURRENCY": settings.SITE_CURRENCY,
        **presenters.advice_context(recommendation),
    }


def render_result(stored: Response, share_url: str) -> bytes:
    from weasyprint import HTML

    context = document_context(stored, share_url)
    logo_name = context["branding"].get("logo_name", "") if context["branding"].get("logo_url") else ""
    html = render_to_string("questionnaire/result_pdf.html", context)
    fetcher = url_fetcher(frozenset({logo_name} - {""}))
    return bytes(HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf())


def filename(stored: Response) -> str:
    return f"social-media-advice-{stored.created_at:%Y-%m-%d}.pdf"
