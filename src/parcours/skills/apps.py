from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "parcours.skills"
    verbose_name = _("Skills")

    def ready(self) -> None:
        from parcours.skills import blocks, permissions  # noqa: F401  (registers the rules)

        blocks.register()
