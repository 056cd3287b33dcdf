"""Texts that HR types once per language, stored as {"en": ..., "fr": ..., "nl": ...}."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def language_codes() -> list[str]:
    """The languages of the site, English first: it is the fallback of every label."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != "en")


def pick_label(labels: dict | None, fallback: str = "", language: str | None = None) -> str:
    """The label in the active language, else English, else any language, else fallback."""
    if not labels:
        return fallback
    language = (language or get_language() or "en")[:2]
    if labels.get(language):
        return labels[language]
    if labels.get("en"):
        return labels["en"]
    return next((text for text in labels.values() if text), fallback)


def clean_labels(labels: dict | None) -> dict:
    """Keep the languages of the site, trimmed; drop empty entries."""
    known = set(language_codes())
    return {
        code: str(text).strip()
        for code, text in (labels or {}).items()
        if code in known and text and str(text).strip()
    }


class Labelled:
    """A model with a `labels` JSON field: `label` reads it in the active language."""

    labels: dict

    @property
    def label(self) -> str:
        return pick_label(self.labels, getattr(self, "code", "") or "")
