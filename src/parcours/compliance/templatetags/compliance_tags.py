from django import template

from parcours.compliance.labels import kind_label, status_label
from parcours.compliance.rule_texts import render_rule

register = template.Library()


@register.filter
def obligation_status(code: str) -> str:
    return status_label(code)


@register.filter
def obligation_kind(code: str) -> str:
    return kind_label(code)


@register.filter
def rule_text(item) -> str:
    """The rule behind an obligation's date (or an employer duty) in the active language."""
    return render_rule(item.rule_code, item.rule_params)
