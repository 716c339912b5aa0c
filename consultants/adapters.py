"""allauth adapter: a mail server that is down must not turn a sign-up into a server error."""

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages

logger = logging.getLogger(__name__)

# allauth says this after every confirmation mail, sent or not.
SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            # Logged for the operator (EMAIL_URL); the person is told, and can ask for the mail again.
            logger.exception("Could not send %s to %s", template_prefix, email)
            request = getattr(self, "request", None)
            if request is not None:
                # The adapter is made afresh for every call: the request remembers the failure, so the
                # "Confirmation email sent" that allauth adds next is not said beside it.
                request.mail_failed = True
                messages.error(
                    request,
                    "We could not send you a mail just now. Please try again in a few minutes.",
                )

    def add_message(
        self,
        request: Any,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template == SENT_MESSAGE and getattr(request, "mail_failed", False):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)
