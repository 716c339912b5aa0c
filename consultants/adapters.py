"""allauth adapter: a mail server that is down must not turn a sign-up into a server error."""

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            # Logged for the operator (EMAIL_URL); the person is told, and can ask for the mail again.
            logger.exception("Could not send %s to %s", template_prefix, email)
            request = getattr(self, "request", None)
            if request is not None:
                messages.error(
                    request,
                    "We could not send you a mail just now. Please try again in a few minutes.",
                )
