from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "parcours.interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        from parcours.interviews import blocks, permissions  # noqa: F401
