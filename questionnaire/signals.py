"""Signals other apps can listen to without the questionnaire knowing them (arrows point one way)."""

from django.dispatch import Signal

# Sent by the submit view once a result is stored, or found again when the same answers are resubmitted.
# Arguments: response (questionnaire.models.Response), request (the submitting request).
response_stored = Signal()

# Sent to ask who, if anyone, a stored result is branded for, by whatever renders it (page, PDF, email).
# Arguments: response. A receiver returns a dict as templates/questionnaire/_branding.html reads it
# (name, organisation, contact, contact_url, colour, logo_url, logo_name, notice), or {} for none.
branding_requested = Signal()
