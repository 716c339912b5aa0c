"""Forms of the consultant pages; each renders itself with its field messages (Django's form templates)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from consultants.colours import HEX_COLOUR, contrast_ratio, darkened_to_pass, passes_aa
from consultants.logos import checked_logo
from consultants.models import Consultant, Invite, Note


class ProfileForm(forms.ModelForm):
    logo_upload = forms.FileField(
        required=False,
        label="Logo",
        help_text="PNG or JPEG, at most 512 KB. It is shown at most 512 pixels wide.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    class Meta:
        model = Consultant
        fields = ["display_name", "organisation", "contact", "brand_colour"]
        labels = {
            "display_name": "Your name as clients see it",
            "organisation": "Organisation",
            "contact": "Contact (phone, email or web address)",
            "brand_colour": "Brand colour",
        }
        help_texts = {
            "contact": "Shown to your clients; a web or email address becomes a link.",
            "brand_colour": "A hex colour such as #1f5f4a. White text is written on it, so it must be dark "
            "enough to read (WCAG AA contrast, 4.5:1).",
        }
        widgets = {"brand_colour": forms.TextInput(attrs={"placeholder": "#1f5f4a", "maxlength": 7})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_brand_colour(self) -> str:
        colour = self.cleaned_data["brand_colour"].strip()
        if not HEX_COLOUR.fullmatch(colour):
            raise ValidationError("Write the colour as # and six hex digits, for example #1f5f4a.")
        colour = colour.lower()
        if not passes_aa(colour):
            suggestion = darkened_to_pass(colour)
            raise ValidationError(
                f"White text on {colour} is too hard to read (contrast {contrast_ratio(colour, '#ffffff'):.1f}:1, "
                f"at least 4.5:1 is needed). A darker shade of it, {suggestion}, passes."
            )
        return colour

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        if "<" in contact or ">" in contact:
            raise ValidationError("Leave out < and >.")
        return contact

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return checked_logo(upload)


class InviteForm(forms.ModelForm):
    class Meta:
        model = Invite
        fields = ["label", "note"]
        labels = {"label": "Client (for example the business name)", "note": "Note for yourself (optional)"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise ValidationError("Say who the link is for.")
        return label


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text"]
        labels = {"text": "Private note"}
        help_texts = {"text": "Only you see it: never on the client's page, PDF or email."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Write the note first.")
        return text


class ResendForm(forms.Form):
    email = forms.EmailField(label="Client's email address", max_length=254)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=120, label="Search clients by name")


def contact_url(contact: str) -> str:
    """A link for the contact line when it is a web or email address; empty for anything else."""
    try:
        validate_email(contact)
    except ValidationError:
        pass
    else:
        return f"mailto:{contact}"
    if contact.startswith(("https://", "http://")):
        try:
            URLValidator(schemes=["http", "https"])(contact)
        except ValidationError:
            return ""
        return contact
    return ""
