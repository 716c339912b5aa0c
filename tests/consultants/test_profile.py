"""Profile and branding: logo checked by content, brand colour checked for contrast."""

import io
import os
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from consultants.colours import contrast_ratio, darkened_to_pass, passes_aa
from consultants.models import Consultant
from tests.markup import parse

pytestmark = pytest.mark.django_db

PROFILE = {
    "display_name": "Dana Reyes",
    "organisation": "North Star",
    "contact": "https://northstar.example",
    "brand_colour": "#1f5f4a",
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def image_file(
    name: str, image_format: str, size: tuple[int, int] = (64, 32), noise: bool = False
) -> SimpleUploadedFile:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def test_profile_saves_the_branding(consultant_client: Client, consultant: Consultant) -> None:
    response = consultant_client.post("/consultants/profile/", {**PROFILE, "brand_colour": "#1D4F91"})

    consultant.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/consultants/profile/"
    assert (
        consultant.display_name,
        consultant.organisation,
        consultant.contact,
        consultant.brand_colour,
    ) == (
        "Dana Reyes",
        "North Star",
        "https://northstar.example",
        "#1d4f91",
    )


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_a_logo_is_reencoded_as_png_and_stored_through_the_storage_api(
    consultant_client: Client, consultant: Consultant, client: Client, image_format: str
) -> None:
    upload = image_file("logo.bin", image_format, size=(1200, 600))

    response = consultant_client.post("/consultants/profile/", {**PROFILE, "logo_upload": upload})

    consultant.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert consultant.logo == f"consultant-logos/{consultant.logo_file}"
    with default_storage.open(consultant.logo) as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (512, 256))
    served = client.get(f"/consultants/logo/{consultant.logo_file}")
    assert served.status_code == HTTPStatus.OK
    assert served["Content-Type"] == "image/png"
    with default_storage.open(consultant.logo) as stored:
        assert b"".join(served.streaming_content) == stored.read()


def test_an_oversized_logo_is_refused(consultant_client: Client, consultant: Consultant) -> None:
    upload = image_file("big.png", "PNG", size=(600, 600), noise=True)
    assert upload.size > 512 * 1024

    response = consultant_client.post("/consultants/profile/", {**PROFILE, "logo_upload": upload})

    consultant.refresh_from_db()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["form"].errors["logo_upload"] == [
        "The logo is larger than 512 KB. Save it smaller and upload it again."
    ]
    assert consultant.logo == ""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"this is not an image at all"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_a_fake_or_svg_logo_is_refused_by_its_content(
    consultant_client: Client, consultant: Consultant, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = consultant_client.post("/consultants/profile/", {**PROFILE, "logo_upload": upload})

    consultant.refresh_from_db()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["form"].errors["logo_upload"] == ["This file is not a PNG or JPEG image."]
    assert consultant.logo == ""


def test_a_gif_is_refused_as_another_format(consultant_client: Client) -> None:
    upload = image_file("logo.png", "GIF")

    response = consultant_client.post("/consultants/profile/", {**PROFILE, "logo_upload": upload})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["form"].errors["logo_upload"] == [
        "The logo must be a PNG or JPEG image (SVG and other formats are refused)."
    ]


def test_a_colour_failing_contrast_is_refused_with_a_passing_suggestion(
    consultant_client: Client, consultant: Consultant
) -> None:
    response = consultant_client.post("/consultants/profile/", {**PROFILE, "brand_colour": "#f2c14e"})

    consultant.refresh_from_db()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["form"].errors["brand_colour"] == [
        "White text on #f2c14e is too hard to read (contrast 1.7:1, at least 4.5:1 is needed). "
        "A darker shade of it, #8e712e, passes."
    ]
    assert consultant.brand_colour == "#1f5f4a"


NOT_HEX = "Write the colour as # and six hex digits, for example #1f5f4a."


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("red", NOT_HEX),
        ("#12345", NOT_HEX),
        ("#gggggg", NOT_HEX),
        ("1f5f4a", NOT_HEX),
        ("#1f5f4a;}body{display:none", "Ensure this value has at most 7 characters (it has 26)."),
    ],
)
def test_a_colour_that_is_not_hex_is_refused(
    consultant_client: Client, consultant: Consultant, colour: str, message: str
) -> None:
    response = consultant_client.post("/consultants/profile/", {**PROFILE, "brand_colour": colour})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.context["form"].errors == {"brand_colour": [message]}
    assert Consultant.objects.get().brand_colour == "#1f5f4a"


def test_the_profile_page_previews_the_branding(consultant_client: Client, consultant: Consultant) -> None:
    page = consultant_client.get("/consultants/profile/")

    html = parse(page)
    assert page.status_code == HTTPStatus.OK
    assert html.texts("h2") == ["How clients see it"]
    assert html.texts(".consultant-brand--preview p") == [
        "Dana Reyes · North Star Marketing",
        "Dana Reyes sent you this questionnaire and will see your answers and the advice.",
        "Contact: hello@northstar.example",
    ]
    assert html.hrefs("link[rel=stylesheet]")[-1] == (
        f"/consultants/brand/{consultant.public_id}/{consultant.branding_version}.css"
    )


@pytest.mark.parametrize(
    "name",
    [
        "..%2Fsecret-file.png",
        "secret-file.png",
        "x.png",
        "abcdefgh.svg",
        "..%2Fconsultant-logos%2Fabcdefgh.svg",
    ],
)
def test_the_logo_view_serves_nothing_outside_the_logo_folder(client: Client, name: str) -> None:
    # Files that exist, so a 404 means the view refused them, not that they were missing.
    for path in ("secret-file.png", "consultant-logos/x.png", "consultant-logos/abcdefgh.svg"):
        default_storage.save(path, ContentFile(b"not for the public"))

    response = client.get(f"/consultants/logo/{name}")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_contrast_ratio_of_black_on_white_is_21() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_the_suggested_shade_always_passes_and_passing_colours_pass_as_they_are(colour: str) -> None:
    suggestion = darkened_to_pass(colour)

    assert passes_aa(suggestion)
    assert contrast_ratio(suggestion, "#ffffff") >= 4.5
    if passes_aa(colour):
        assert suggestion == colour
