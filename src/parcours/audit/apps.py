from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "parcours.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from parcours.audit import signals  # noqa: F401
