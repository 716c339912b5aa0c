"""Signals other apps can listen to without the questionnaire knowing them (arrows point one way)."""

import re
from typing import Any

from django.dispatch import Signal

# Sent by the submit view once a result is stored, or found again when the same answers are resubmitted.
# Arguments: response (questionnaire.models.Response), request (the submitting request).
response_stored = Signal()

# Sent to ask who, if anyone, a stored result is branded for, by whatever renders it (page, PDF, email).
# Arguments: response. A receiver returns a dict as templates/questionnaire/_branding.html reads it
# (name, organisation, contact, contact_url, colour, logo_url, logo_name, notice), or {} for none.
branding_requested = Signal()
# The PDF and the email put the brand colour into their own style: only a plain hex colour may go there
# (escaping does not guard CSS); anything else gets a neutral grey.
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FALLBACK_COLOUR = "#4b5652"


def safe_colour(colour: str) -> str:
    """The branding's colour if it is a plain hex colour, else the neutral grey (see HEX_COLOUR)."""
    return colour if HEX_COLOUR.fullmatch(colour) else FALLBACK_COLOUR


def branding_for(response: Any) -> dict[str, Any]:
    """The branding a result's outputs carry (the first receiver's non-empty answer), or {}: for the PDF and
    the email, which render without the result page's request."""
    from questionnaire.models import Response

    for _receiver, answer in branding_requested.send(sender=Response, response=response):
        if isinstance(answer, dict) and answer:
            return answer
    return {}
