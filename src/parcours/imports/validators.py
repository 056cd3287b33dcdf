"""Validation shared by the importer's checks."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# RFC 6531 (SMTPUTF8) allows letters beyond ASCII in the local part: 'ș.stan@…' exists in
# real exports. Django's validator only knows ASCII local parts, so they are checked here.
_UNICODE_LOCAL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+\Z")


def email_is_valid(value: str) -> bool:
    try:
        validate_email(value)
        return True
    except ValidationError:
        pass
    local, _, domain = value.rpartition("@")
    if not local or not domain or ".." in local or local.startswith(".") or local.endswith("."):
        return False
    if not _UNICODE_LOCAL.match(local):
        return False
    try:
        validate_email(f"x@{domain}")
    except ValidationError:
        return False
    return True
