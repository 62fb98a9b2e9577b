from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "keten.statistics"
    label = "statistics"

    def ready(self) -> None:
        from keten.statistics.figures_cache import connect_signals

        connect_signals()
