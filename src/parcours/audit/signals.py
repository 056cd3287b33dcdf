"""Turn every historical record written by django-simple-history into an audit entry."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from parcours.audit.models import AuditEntry

_VERBS = {"+": "created", "~": "changed", "-": "deleted"}


def _names_cache() -> dict | None:
    """Names of related records, kept for one transaction: an import that changes 20,000
    employees of 40 teams looks each team up once, not 20,000 times."""
    if not connection.in_atomic_block or not connection.atomic_blocks:
        return None
    # The outermost atomic block stands for the transaction: a new one (after a commit
    # or a rollback) starts with an empty cache.
    outermost = connection.atomic_blocks[0]
    owner, cache = getattr(connection, "_parcours_audit_names", (None, None))
    if owner is not outermost:
        cache = {}
        connection._parcours_audit_names = (outermost, cache)
    return cache


def _display(field: models.Field, value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(field, models.ForeignKey):
        cache = _names_cache()
        key = (field.related_model, value)
        if cache is not None and key in cache:
            return cache[key]
        related = field.related_model._default_manager.filter(pk=value).first()
        name = str(related) if related is not None else f"#{value}"
        if cache is not None:
            cache[key] = name
        return name
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    return str(value)


def _changes(history_instance) -> list[dict]:
    model = history_instance.instance_type
    tracked = [
        f
        for f in model._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at"}
        and f.name not in getattr(history_instance, "_history_excluded_fields", ())
    ]
    previous = history_instance.prev_record if history_instance.history_type == "~" else None
    changes = []
    for field in tracked:
        attname = field.attname
        new = getattr(history_instance, attname, None)
        old = getattr(previous, attname, None) if previous is not None else None
        if history_instance.history_type == "-":
            old, new = new, None
        if old == new:
            continue
        changes.append(
            {
                "field": field.name,
                "label": str(field.verbose_name),
                "old": _display(field, old),
                "new": _display(field, new),
            }
        )
    return changes


def audit_context(instance) -> tuple[int | None, int | None]:
    """The employee and site an audited record belongs to, for scoping the trail."""
    from parcours.organisation.models import Employee, Site

    if isinstance(instance, Employee):
        return instance.pk, instance.site_id
    if isinstance(instance, Site):
        return None, instance.pk
    employee_id = getattr(instance, "employee_id", None)
    if employee_id is not None:
        site_id = Employee.objects.filter(pk=employee_id).values_list("site_id", flat=True).first()
        return employee_id, site_id
    return None, getattr(instance, "site_id", None)


@receiver(post_create_historical_record)
def record_audit_entry(sender, instance, history_instance, history_user, **kwargs):
    changes = _changes(history_instance)
    if history_instance.history_type == "~" and not changes:
        return
    employee_id, site_id = audit_context(instance)
    model_name = instance._meta.model_name
    reason = history_instance.history_change_reason or ""
    action = (
        reason
        if reason.startswith("parcours.")
        else (f"parcours.{model_name}.{_VERBS[history_instance.history_type]}")
    )
    AuditEntry.objects.create(
        at=history_instance.history_date,
        user=history_user if getattr(history_user, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        employee_id=employee_id,
        site_id=site_id,
        changes=changes,
        reason="" if reason.startswith("parcours.") else reason,
    )
