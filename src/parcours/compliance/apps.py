from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "parcours.compliance"
    verbose_name = _("Interview obligations")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from parcours.compliance import permissions  # noqa: F401 - registers the rules
        from parcours.compliance.permissions import panel_visible
        from parcours.compliance.signals import leave_saved
        from parcours.core.panels import EmployeePanel, register_employee_panel
        from parcours.organisation.models import Leave

        register_employee_panel(
            EmployeePanel(
                code="obligations",
                label=_("Interview obligations"),
                url_name="compliance:employee_panel",
                order=20,
                visible=panel_visible,
            )
        )
        post_save.connect(leave_saved, sender=Leave, dispatch_uid="compliance_leave_saved")
