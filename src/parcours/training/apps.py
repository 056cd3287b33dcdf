from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "parcours.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from parcours.core.panels import EmployeePanel, register_employee_panel
        from parcours.core.selfservice import Tile, register_tile
        from parcours.training import blocks, permissions  # noqa: F401  (registers the rules)
        from parcours.training.selectors import tile_badge

        blocks.register()
        register_employee_panel(
            EmployeePanel(
                code="training",
                label=_("Trainings"),
                url_name="training:employee_panel",
                order=40,
            )
        )
        register_tile(
            Tile(
                code="training",
                label=_("My trainings"),
                url_name="training:mine",
                icon="✎",
                order=40,
                description=_("Ask for a training and follow your requests."),
                badge=tile_badge,
            )
        )
