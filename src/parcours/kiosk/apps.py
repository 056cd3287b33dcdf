from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "parcours.kiosk"
    verbose_name = _("Shop-floor access")

    def ready(self) -> None:
        from parcours.kiosk import tiles

        tiles.register()
