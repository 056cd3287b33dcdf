from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "parcours.objectives"
    verbose_name = _("Objectives")

    def ready(self) -> None:
        from parcours.core.panels import EmployeePanel, register_employee_panel
        from parcours.core.selfservice import Tile, register_tile
        from parcours.objectives import blocks, permissions  # noqa: F401  (registers the rules)
        from parcours.objectives.selectors import open_badge

        blocks.register()
        register_employee_panel(
            EmployeePanel(
                code="objectives",
                label=_("Objectives: expected versus achieved"),
                url_name="objectives:employee_panel",
                order=30,
            )
        )
        register_tile(
            Tile(
                code="objectives",
                label=_("My objectives"),
                url_name="objectives:mine",
                icon="◎",
                order=30,
                description=_("See your objectives and note where you stand."),
                badge=open_badge,
            )
        )
