from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "keten.intake"
    label = "intake"

    def ready(self) -> None:
        # Registers the inbox pages' family of cached answers, so that every process that writes
        # (management commands included) renews it (keten.generations).
        from keten.intake import page_cache  # noqa: F401
