"""The email of a result: plain text and HTML, the PDF attached when PDFs are available.

A branded result carries the consultant's logo as an inline part (``cid:``), not as a link: mail clients
block remote images, and the site's logo URL is relative anyway."""

from email.mime.image import MIMEImage
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from advisor.domain import Recommendation
from questionnaire import pdf, presenters
from questionnaire.models import ResultEmail
from questionnaire.signals import branding_for, safe_colour

LOGO_CID = "consultant-logo@smo-smm-advisor"


class RelatedEmail(EmailMultiAlternatives):
    """A message whose parts are "related": the inline logo belongs to the HTML that shows it (the PDF still
    reads as an attachment, by its Content-Disposition)."""

    mixed_subtype = "related"


def logo_part(branding: dict[str, Any]) -> MIMEImage | None:
    """The branding's logo as an inline image part, or None without a (readable) logo."""
    body = pdf.media_bytes(branding.get("logo_name", ""))
    if body is None:
        return None
    part = MIMEImage(body, "png")  # logos are re-encoded to PNG when uploaded
    part.add_header("Content-ID", f"<{LOGO_CID}>")
    part.add_header("Content-Disposition", "inline", filename="logo.png")
    return part


def result_message(email: ResultEmail) -> EmailMultiAlternatives:
    stored = email.response
    recommendation = Recommendation.model_validate(stored.recommendation)
    branding = branding_for(stored)
    logo = logo_part(branding) if branding else None
    if branding:
        branding = {
            **branding,
            "logo_url": f"cid:{LOGO_CID}" if logo else "",
            "colour": safe_colour(branding.get("colour", "")),
        }
    context = {
        "response": stored,
        "share_url": email.share_url,
        "branding": branding,
        "SITE_CURRENCY": settings.SITE_CURRENCY,
        **presenters.advice_context(recommendation),
    }
    message = (RelatedEmail if logo is not None else EmailMultiAlternatives)(
        subject=f"Your social media advice: {context['verdict_label']}",
        body=render_to_string("questionnaire/email/result.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.address],
    )
    message.attach_alternative(render_to_string("questionnaire/email/result.html", context), "text/html")
    if logo is not None:
        message.attach(logo)
    if pdf.available():
        message.attach(pdf.filename(stored), pdf.render_result(stored, email.share_url), "application/pdf")
    return message
