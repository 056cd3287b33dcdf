"""A return from leave creates the return interview when one is due.

Leaves are saved by the organisation pages and API (`organisation.services.leave_save`)
and by the leave import (`imports.leaves.LeaveImport.apply`); both call `Leave.save()`
with `_history_user` set to who made the change, so one `post_save` receiver covers both.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

log = logging.getLogger(__name__)


def leave_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or instance.return_date is None:
        return
    from parcours.compliance.services import create_return_interview

    user = getattr(instance, "_history_user", None)
    try:
        with transaction.atomic():
            create_return_interview(leave=instance, user=user)
    except (ValidationError, PermissionDenied, IntegrityError) as error:
        # The leave is saved whatever happens; the obligation shows on the pages.
        log.warning("Return interview for leave %s not created: %s", instance.pk, error)
