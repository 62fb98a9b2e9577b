import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
application = get_wsgi_application()

# Every app server says so in its log when the data folder, database or keys are open to others.
from keten.private_files import log_permission_warnings  # noqa: E402

log_permission_warnings()
