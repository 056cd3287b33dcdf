"""Text normalisation for imported values (hris-import.md, section 7, rule 3).

Three strengths, each for its own purpose:
- `clean_text`: what we store. NFC, every kind of white space (NBSP, U+202F, tabs) turned
  into one ASCII space, stripped. The spelling is kept.
- `fold_key`: what we compare keys with (e-mail, login, ID, names). `clean_text`, then
  case-folded, with the Romanian cedilla/comma-below pairs and the Turkish dotted and
  dotless i made equal.
- `fold_loose`: what we match headers and value aliases with: `fold_key` without accents
  and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200b\u2060\ufeff]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# ş/ţ with a cedilla and ș/ț with a comma below are the same Romanian letters.
_KEY_TRANSLATE = str.maketrans({"ş": "ș", "ţ": "ț", "ı": "i", "\u0307": None})
# Mojibake left by a wrong code page upstream: UTF-8 read as cp1252 or as code page 850.
_MOJIBAKE = re.compile(
    r"Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|Å[‚¡ƒ„…†‡ˆ‰Š‹Œ’“”»¾]|â€|├|┬|Â[\u00a0-\u00bf]"
)
_LOSS_CHARS = ("?", "\ufffd")


def clean_text(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _WHITESPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def _fold_key(text: str) -> str:
    return clean_text(text).casefold().translate(_KEY_TRANSLATE)


def fold_key(value: object) -> str:
    return _fold_key(value if isinstance(value, str) else str(value if value is not None else ""))


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_loose(value: object) -> str:
    """Case, accents and punctuation ignored: 'Employé(e)' == 'employe e'."""
    return _fold_loose(fold_key(value))


@lru_cache(maxsize=65536)
def _fold_loose(folded: str) -> str:
    text = strip_accents(folded).replace("ø", "o").replace("ß", "ss")
    return _NON_ALNUM.sub(" ", text).strip()


def header_key(value: object) -> str:
    """Header captions compared without spaces either: 'employeeNumber' == 'Employee number'."""
    return fold_loose(value).replace(" ", "")


def looks_lossy(text: str) -> bool:
    """A '?' or U+FFFD inside a name: characters the exporter's code page could not hold."""
    return any(ch in text for ch in _LOSS_CHARS)


def looks_mojibake(text: str) -> bool:
    return bool(_MOJIBAKE.search(text))


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter (A, B, ..., Z, AA, ...)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
