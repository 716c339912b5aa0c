"""The email of a result: plain text and HTML, the PDF attached when PDFs are available."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from advisor.domain import Recommendation
from questionnaire import pdf, presenters
from questionnaire.models import ResultEmail
from questionnaire.signals import branding_for


def result_message(email: ResultEmail) -> EmailMultiAlternatives:
    stored = email.response
    recommendation = Recommendation.model_validate(stored.recommendation)
    context = {
        "response": stored,
        "share_url": email.share_url,
        "branding": branding_for(stored),
        "SITE_CURRENCY": settings.SITE_CURRENCY,
        **presenters.advice_context(recommendation),
    }
    message = EmailMultiAlternatives(
        subject=f"Your social media advice: {context['verdict_label']}",
        body=render_to_string("questionnaire/email/result.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.address],
    )
    message.attach_alternative(render_to_string("questionnaire/email/result.html", context), "text/html")
    if pdf.available():
        message.attach(pdf.filename(stored), pdf.render_result(stored, email.share_url), "application/pdf")
    return message
