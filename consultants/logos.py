"""Logo uploads: judged by their content (Pillow), never by their name; re-encoded before storing."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4096 * 4096  # a decompression bomb is refused before it is decoded
LOGO_BOX = (512, 512)
ALLOWED_FORMATS = {"PNG", "JPEG"}
LOGO_DIRECTORY = "consultant-logos"


def checked_logo(upload: UploadedFile) -> Image.Image:
    """The decoded image, or ValidationError with a message for the person who uploaded it."""
    if upload.size is not None and upload.size > MAX_LOGO_BYTES:
        raise ValidationError("The logo is larger than 512 KB. Save it smaller and upload it again.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "The logo must be a PNG or JPEG image (SVG and other formats are refused)."
                )
            if width * height > MAX_LOGO_PIXELS:
                raise ValidationError("The logo has too many pixels; 4096 × 4096 at most.")
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not a PNG or JPEG image.") from error
    return image


def store_logo(image: Image.Image) -> str:
    """Re-encode as PNG (dropping metadata and anything hidden in the original file), at most 512 px a side,
    and store it under a random name through the default storage. Returns the stored name."""
    image = image.convert("RGBA")
    image.thumbnail(LOGO_BOX)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    name = f"{LOGO_DIRECTORY}/{secrets.token_urlsafe(16)}.png"
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def delete_logo(name: str) -> None:
    if name:
        default_storage.delete(name)
