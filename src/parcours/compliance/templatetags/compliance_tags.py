from django import template

from parcours.compliance.labels import kind_label, status_label

register = template.Library()


@register.filter
def obligation_status(code: str) -> str:
    return status_label(code)


@register.filter
def obligation_kind(code: str) -> str:
    return kind_label(code)
