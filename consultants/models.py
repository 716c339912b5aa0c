"""Consultants, their invite links, the results made through them, and their private notes."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from questionnaire.models import Response

DEFAULT_BRAND_COLOUR = "#1f5f4a"


def new_invite_token() -> str:
    # 32 random bytes: 256 bits, far beyond guessing (at least 128 are asked for); URL-safe, 43 characters.
    return secrets.token_urlsafe(32)


class Consultant(models.Model):
    """The profile and branding of a user who signed up as a consultant (one per user)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant")
    display_name = models.CharField(max_length=80, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    # A name in Django's default storage (local files, or S3-compatible by STORAGES), re-encoded on upload.
    logo = models.CharField(max_length=200, blank=True)
    # Checked here too (not only in the profile form): it is written into a stylesheet.
    brand_colour = models.CharField(
        max_length=7,
        default=DEFAULT_BRAND_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}\Z", "Write the colour as # and six hex digits.")],
    )
    # Changes whenever the branding does: part of the brand stylesheet's URL, so browsers never show old colours.
    branding_version = models.PositiveIntegerField(default=1)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.email

    @property
    def logo_file(self) -> str:
        """The logo's file name, as the logo view serves it."""
        return self.logo.rsplit("/", 1)[-1]


class Invite(models.Model):
    """A link a consultant sends one client: answers given through it are shown to the consultant."""

    consultant = models.ForeignKey(Consultant, on_delete=models.CASCADE, related_name="invites")
    label = models.CharField(max_length=120, help_text="Who the link is for, e.g. the business name.")
    note = models.TextField(blank=True, max_length=2000, help_text="For you only; the client never sees it.")
    token = models.CharField(max_length=64, unique=True, default=new_invite_token, editable=False)
    # For the consultant's own pages, so the client's token never appears there (nor in their history).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["consultant", "label"])]

    def __str__(self) -> str:
        return self.label

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class InvitedResult(models.Model):
    """A stored questionnaire result made through an invite. ``response`` is empty once the client deleted it."""

    invite = models.ForeignKey(Invite, on_delete=models.CASCADE, related_name="results")
    response = models.OneToOneField(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="invited"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.invite.label} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def deleted_by_client(self) -> bool:
        return self.response_id is None


class Note(models.Model):
    """A consultant's private note on one result: never on the public page, the PDF or the email."""

    result = models.ForeignKey(InvitedResult, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]
