from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "keten.statistics"
    label = "statistics"

    def ready(self) -> None:
        # Registers the figures' family of cached answers, so that every write renews it, also in
        # processes that never show a figure (keten.generations).
        from keten.statistics import figures_cache  # noqa: F401
