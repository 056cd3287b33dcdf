"""Answers as stored (JSON) and as typed in a form, for every type of question."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from parcours.interviews.choices import QuestionType

MAX_TEXT = 20_000


def _allowed(question) -> set[str]:
    return {value for value, _label in question.option_items}


def parse_form_value(question, values: list[str]):
    """The value of a question from what a form posted (a list of strings); None if empty."""
    values = [v for v in (values or []) if v is not None]
    kind = question.type
    if kind == QuestionType.MULTIPLE_CHOICE:
        chosen = [v for v in values if v != ""]
        return validate_value(question, chosen or None)
    raw = (values[-1] if values else "").strip() if kind != QuestionType.TEXT else None
    if kind == QuestionType.TEXT:
        text = (values[-1] if values else "").replace("\r\n", "\n").strip()
        return validate_value(question, text or None)
    if raw == "":
        return None
    if kind == QuestionType.YES_NO:
        if raw not in {"yes", "no"}:
            raise ValidationError(_("Answer yes or no."))
        return raw == "yes"
    if kind == QuestionType.SCALE:
        try:
            return validate_value(question, int(raw))
        except ValueError as error:
            raise ValidationError(_("Choose one of the levels.")) from error
    if kind == QuestionType.NUMBER:
        try:
            number = Decimal(raw.replace(",", ".").replace(" ", ""))
        except InvalidOperation as error:
            raise ValidationError(_("Type a number, for example 12 or 3.5.")) from error
        if not number.is_finite():
            raise ValidationError(_("Type a number, for example 12 or 3.5."))
        value = int(number) if number == number.to_integral_value() else float(number)
        return validate_value(question, value)
    return validate_value(question, raw)


def validate_value(question, value):
    """Check a JSON value against its question; return it normalised. None is no answer."""
    if value is None or value == "" or value == []:
        return None
    kind = question.type
    if kind == QuestionType.TEXT:
        if not isinstance(value, str):
            raise ValidationError(_("Type a text."))
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("This text is too long (%(max)s characters at most).") % {"max": MAX_TEXT}
            )
        return value
    if kind == QuestionType.YES_NO:
        if not isinstance(value, bool):
            raise ValidationError(_("Answer yes or no."))
        return value
    if kind == QuestionType.SCALE:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or str(value) not in _allowed(question)
        ):
            raise ValidationError(_("Choose one of the levels."))
        return value
    if kind == QuestionType.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in _allowed(question):
            raise ValidationError(_("Choose one of the proposed answers."))
        return value
    if kind == QuestionType.MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Choose among the proposed answers."))
        allowed = _allowed(question)
        if any(v not in allowed for v in value):
            raise ValidationError(_("Choose among the proposed answers."))
        order = [v for v, _label in question.option_items]
        return sorted(set(value), key=order.index)
    if kind == QuestionType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as error:
            raise ValidationError(_("Give a date, for example 2026-03-31.")) from error
    if kind == QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(_("Type a number, for example 12 or 3.5."))
        low, high = question.options.get("min"), question.options.get("max")
        if low is not None and value < low:
            raise ValidationError(_("The number must be at least %(min)s.") % {"min": low})
        if high is not None and value > high:
            raise ValidationError(_("The number must be at most %(max)s.") % {"max": high})
        return value
    raise ValidationError(_("Unknown type of question."))


def form_strings(question, value) -> list[str]:
    """A stored value as the strings a form field shows."""
    if value is None:
        return []
    if question.type == QuestionType.YES_NO:
        return ["yes" if value else "no"]
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return [str(v) for v in value]
    return [str(value)]


def display_value(question, value) -> str:
    """A stored value as a person reads it, in the active language."""
    if value is None:
        return ""
    kind = question.type
    if kind == QuestionType.YES_NO:
        return _("Yes") if value else _("No")
    if kind in (QuestionType.SCALE, QuestionType.SINGLE_CHOICE):
        labels = dict(question.option_items)
        label = labels.get(str(value), str(value))
        if kind == QuestionType.SCALE:
            levels = [v for v, _label in question.option_items]
            position = levels.index(str(value)) + 1 if str(value) in levels else value
            return _("%(label)s (%(position)s of %(count)s)") % {
                "label": label,
                "position": position,
                "count": len(levels),
            }
        return label
    if kind == QuestionType.MULTIPLE_CHOICE:
        labels = dict(question.option_items)
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if kind == QuestionType.DATE:
        try:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return str(value)
    if kind == QuestionType.NUMBER:
        return formats.number_format(value)
    return str(value)
