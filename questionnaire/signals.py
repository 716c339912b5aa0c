"""Signals other apps can listen to without the questionnaire knowing them (arrows point one way)."""

from django.dispatch import Signal

# Sent by the submit view once a result is stored, or found again when the same answers are resubmitted.
# Arguments: response (questionnaire.models.Response), request (the submitting request).
response_stored = Signal()
