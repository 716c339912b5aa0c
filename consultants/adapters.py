"""allauth adapter: a mail server that is down must not turn a sign-up into a server error, nor leave a
page saying that a mail went out."""

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages

logger = logging.getLogger(__name__)

# allauth says this after every confirmation mail, sent or not.
SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
# In the session while the last mail allauth sent could not go out (a confirmation link, or the "you
# already have an account" mail a sign-up with a known address gets instead, so as not to tell who has
# an account): the "verify your email" page, a redirect later, then says so instead of "We have sent".
MAIL_FAILED = "last_mail_failed"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = getattr(self, "request", None)
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            # Logged for the operator (EMAIL_URL); the person is told, and can ask for the mail again.
            logger.exception("Could not send %s to %s", template_prefix, email)
            if request is not None:
                request.session[MAIL_FAILED] = True
                messages.error(
                    request,
                    "We could not send you a mail just now. Please try again in a few minutes.",
                )
        else:
            if request is not None:
                request.session.pop(MAIL_FAILED, None)

    def add_message(
        self,
        request: Any,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # Not "Confirmation email sent" right after the mail failed.
        if message_template == SENT_MESSAGE and request.session.get(MAIL_FAILED):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)
