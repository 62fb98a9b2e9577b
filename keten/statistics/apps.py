from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "keten.statistics"
    label = "statistics"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from keten.statistics import figures_cache

        connection_created.connect(figures_cache.install, dispatch_uid="keten.statistics.figures_cache")
        for connection in connections.all(initialized_only=True):  # opened before this app was ready
            figures_cache.install(sender=None, connection=connection)
