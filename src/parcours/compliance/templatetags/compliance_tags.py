from django import template
from django.urls import reverse

from parcours.compliance.labels import kind_label, status_label
from parcours.compliance.rule_texts import reason_text as _reason_text
from parcours.compliance.rule_texts import render_rule
from parcours.organisation.models import LegalEntity, Site

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


@register.filter
def reason_text(reason) -> str:
    """A note on an obligation (why it is not required, why a summary failed), translated."""
    return _reason_text(reason)


@register.simple_tag(takes_context=True)
def compliance_url(context, place) -> str:
    """The compliance page of a site or a legal entity when the user may open it, else "".

    For legal entities the sites of every entity are read once per request, so a list of
    entities costs one query whatever its length.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("compliance.browse"):
        return ""
    if isinstance(place, Site):
        if user.has_perm("compliance.view_site", place):
            return reverse("compliance:site", args=[place.pk])
        return ""
    if isinstance(place, LegalEntity):
        if getattr(place, "_site_ids", None) is None:
            by_entity = getattr(request, "_compliance_entity_sites", None)
            if by_entity is None:
                by_entity = {}
                for site_id, entity_id in Site.objects.values_list("pk", "legal_entity_id"):
                    by_entity.setdefault(entity_id, []).append(site_id)
                request._compliance_entity_sites = by_entity
            place._site_ids = by_entity.get(place.pk, [])
        if user.has_perm("compliance.view_entity", place):
            return reverse("compliance:entity", args=[place.pk])
    return ""
