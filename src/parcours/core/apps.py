from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parcours.core"
    verbose_name = _("Parcours")

    def ready(self) -> None:
        from parcours.core import permissions  # noqa: F401  (registers the rules)
