"""Drawn signatures: a PNG data URL from the signature pad, checked before it is kept."""

from __future__ import annotations

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PREFIX = "data:image/png;base64,"
MAX_BYTES = 400_000
MAX_SIDE = 3000


def clean_signature_image(data_url: str) -> str:
    """Accept a PNG data URL of a reasonable size that has something drawn on it."""
    data_url = (data_url or "").strip()
    if not data_url:
        raise ValidationError(_("Draw the signature in the box first."))
    if not data_url.startswith(PREFIX):
        raise ValidationError(_("The signature must be a PNG image."))
    try:
        raw = base64.b64decode(data_url[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(_("The signature image is damaged; draw it again.")) from error
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The signature image is too large."))
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(_("The signature image is damaged; draw it again.")) from error
    if image.format != "PNG" or max(image.size) > MAX_SIDE:
        raise ValidationError(_("The signature must be a PNG image."))
    if _is_blank(image):
        raise ValidationError(_("Draw the signature in the box first."))
    return data_url


def _is_blank(image: Image.Image) -> bool:
    """Nothing drawn: fully transparent, or one single colour."""
    rgba = image.convert("RGBA")
    if rgba.getchannel("A").getbbox() is None:
        return True
    on_white = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
    low, high = on_white.getextrema()
    return low == high
