"""Writing the legal training records, for other apps (the training app) and imports."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from django.db import transaction

from parcours.compliance.models import TrainingRecord, TrainingSource
from parcours.organisation.models import Employee


@transaction.atomic
def record_training(
    *,
    employee: Employee,
    date: Date,
    mandatory: bool,
    title: str,
    hours: Decimal | None = None,
    source: str = TrainingSource.TRAINING,
    source_ref: str = "",
) -> TrainingRecord:
    """Store (or update, when `source_ref` was recorded before) one followed training."""
    values = {
        "employee": employee,
        "date": date,
        "mandatory": mandatory,
        "title": title[:200],
        "hours": hours,
    }
    if source_ref:
        record, _ = TrainingRecord.objects.update_or_create(
            source=source, source_ref=source_ref, defaults=values
        )
        return record
    return TrainingRecord.objects.create(source=source, **values)


@transaction.atomic
def remove_training_record(*, source: str, source_ref: str) -> int:
    """Remove the record of a training that turns out not to have been followed."""
    if not source_ref:
        return 0
    deleted, _ = TrainingRecord.objects.filter(source=source, source_ref=source_ref).delete()
    return deleted
