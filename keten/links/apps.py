from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "keten.links"
    label = "links"
    verbose_name = _("Links between records")

    def ready(self) -> None:
        from keten.links import signals  # noqa: F401  (connects the person matcher to case saves)
