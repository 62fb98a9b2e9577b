from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "keten.accounts"
    label = "accounts"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self)
        from django.db import connections
        from django.db.backends.signals import connection_created

        from keten import generations
        from keten.accounts import header_cache  # noqa: F401 - registers the header's family

        connection_created.connect(generations.install, dispatch_uid="keten.generations")
        for connection in connections.all(initialized_only=True):  # opened before this app was ready
            generations.install(sender=None, connection=connection)


def create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """``keten migrate`` also makes the database cache's table (KETEN_CACHE_URL=db://, the default),
    so no installation, test database or new app server needs a separate step."""
    from django.conf import settings
    from django.core.management import call_command

    from keten.caching import uses_database_cache

    if uses_database_cache(settings.CACHES):
        call_command("createcachetable", database=using, verbosity=0)
