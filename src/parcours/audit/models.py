"""The audit trail: who changed what, when, on HR data and everything built on it."""

from contextlib import suppress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.organisation.models import ScopedQuerySet


class AuditEntryQuerySet(ScopedQuerySet):
    """Auditors and group HR see every entry; site HR their sites; others nothing."""

    def for_user(self, user):
        from parcours.core.scope import scope_for

        scope = scope_for(user)
        if scope.whole_group:
            return self
        if scope.hr_site_ids:
            return self.filter(site_id__in=scope.hr_site_ids)
        return self.none()


class AuditEntry(models.Model):
    """One change to a record: created, changed or deleted, with the fields that changed."""

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    employee = models.ForeignKey(
        "organisation.Employee",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        db_constraint=False,
    )
    site = models.ForeignKey(
        "organisation.Site",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    changes = models.JSONField(_("changes"), default=list)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def labelled_changes(self) -> list[dict]:
        """The changes with field labels in the reader's language, not the writer's."""
        model = self.content_type.model_class()
        rows = []
        for change in self.changes:
            label = change.get("label", change["field"])
            if model is not None:
                # A field since removed keeps its stored label.
                with suppress(FieldDoesNotExist):
                    label = model._meta.get_field(change["field"]).verbose_name
            rows.append({**change, "label": label})
        return rows
