"""Keten's one settings module. Every value comes from the environment (see README)."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from keten import caching, env, private_files

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.read("KETEN_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

# The data folder is Keten's alone (mode 0700 when Keten creates it; see keten/private_files.py).
private_files.create_private_folder(DATA_DIR)

DEBUG = env.read_bool("KETEN_DEBUG", False)
SECRET_KEY = env.read_or_create_secret("KETEN_SECRET_KEY", DATA_DIR / "secret-key")
ENCRYPTION_KEYS = env.read_or_create_secret(
    "KETEN_ENCRYPTION_KEYS",
    DATA_DIR / "encryption-keys",
    make=lambda: "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
)
# Keys for blind indexes and receipt-code hashes: kept apart from the encryption keys so
# rotating those does not change any lookup value.
INDEX_KEY = env.read_or_create_secret("KETEN_INDEX_KEY", DATA_DIR / "index-key")
# The audit trail's MAC key: outside the database, so whoever can write to the database cannot
# recompute the chain (keten/audit/chain.py). Its head is anchored in an append-only file.
AUDIT_KEY = env.read_or_create_secret("KETEN_AUDIT_KEY", DATA_DIR / "audit-key")
AUDIT_ANCHOR = Path(env.read("KETEN_AUDIT_ANCHOR", str(DATA_DIR / "audit-anchor")))
KEY_FILE_NAMES = ["secret-key", "encryption-keys", "index-key", "audit-key"]
ALLOWED_HOSTS = env.read_list("KETEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
SITE_URL = env.read("KETEN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
HTTPS = env.read_bool("KETEN_HTTPS", SITE_URL.startswith("https://"))
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "keten.accounts",
    "keten.audit",
    "keten.knowledge",
    "keten.screening",
    "keten.intake",
    "keten.cases",
    "keten.referrals",
    "keten.links",
    "keten.statistics",
    "keten.training",
    "keten.suggestions",
    "keten.api",
]

MIDDLEWARE = [
    "keten.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "keten.middleware.SecurityHeadersMiddleware",
    "keten.api.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "keten.accounts.middleware.MembershipCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "keten.csrf.KetenCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "keten.accounts.middleware.RequireSecondFactorMiddleware",
    "keten.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "keten.urls"
WSGI_APPLICATION = "keten.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["keten.typography"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keten.context_processors.keten",
                "keten.cases.context_processors.demo_banner",
            ],
        },
    }
]

# Form widgets render through Jinja2 (Django's own widget templates): the Django template engine
# took about a third of a case page (twelve forms) to render them.
FORM_RENDERER = "django.forms.renderers.Jinja2"

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env.read("DATABASE_URL", f"sqlite:///{DATA_DIR / 'keten.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; FULL syncs every commit, so an
        # acknowledged submission survives a crash. IMMEDIATE takes the write lock at BEGIN,
        # which serialises writers instead of failing them half-way. secure_delete overwrites
        # deleted rows instead of leaving them in the file's free pages.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
            "PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # SQLite would create the file with the umask's mode (often 0644); its -wal and -shm
    # files take the database file's mode.
    if DATABASES["default"]["NAME"] != ":memory:":
        private_files.create_private_file(Path(DATABASES["default"]["NAME"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
# Shared by every worker and app server: the database (default) or Redis/Valkey; keten/caching.py.
CACHES = caching.caches_from_url(env.read("KETEN_CACHE_URL", "db://"))

# --- Accounts and login -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "keten.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations and resets: three days

AXES_FAILURE_LIMIT = env.read_int("KETEN_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env.read_int("KETEN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "keten.accounts.views.locked_out"
AXES_VERBOSE = False
# Lockout is per account; no client address is kept, in line with the rest of Keten.
AXES_CLIENT_IP_CALLABLE = "keten.accounts.views.no_client_address"
# ... and no user agent or Accept header (keten/accounts/lockout.py); Keten's own audit trail
# records logins, so axes keeps no access log.
AXES_HANDLER = "keten.accounts.lockout.LockoutHandler"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Keten"
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions are kept under a keyed hash of their key: a copy of the table logs nobody in.
SESSION_ENGINE = "keten.accounts.sessions"
SESSION_IDLE_SECONDS = env.read_int("KETEN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = 60 * 60 * 12  # absolute limit; the idle limit is enforced by middleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# Gone when the browser closes: a year-long cookie would tell the next user of a shared device
# that someone opened the report form.
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_NAME = "keten_language"

# --- E-mail -------------------------------------------------------------------------------
EMAIL_HOST = env.read("KETEN_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.read_int("KETEN_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.read("KETEN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env.read("KETEN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env.read_bool("KETEN_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.read("KETEN_FROM_EMAIL", "Keten <no-reply@keten.invalid>")

# --- Languages ----------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
FORMAT_MODULE_PATH = ["keten.formats"]
# Belgium's three official languages and English. German is complete and offered by default;
# KETEN_GERMAN=false hides it (its URLs then answer 404 and it leaves the switch and the sitemap).
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
if env.read_bool("KETEN_GERMAN", True):
    LANGUAGES.append(("de", "Deutsch"))
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"

# --- Encrypted files (keten/file_storage.py, docs/storage.md) -------------------------------
# KETEN_STORAGE=disk keeps them under MEDIA_ROOT/encrypted; KETEN_STORAGE=s3 in a bucket of an
# S3-compatible object store. Either way they are encrypted before they leave the process.
STORAGE_BACKEND = env.read("KETEN_STORAGE", "disk").strip().lower()
S3_OPTIONS = {
    "endpoint_url": env.read("KETEN_S3_ENDPOINT_URL", "") or None,
    "bucket_name": env.read("KETEN_S3_BUCKET", ""),
    "region_name": env.read("KETEN_S3_REGION", "") or None,
    "access_key": env.read("KETEN_S3_ACCESS_KEY_ID", "") or None,
    "secret_key": env.read("KETEN_S3_SECRET_ACCESS_KEY", "") or None,
    # Path-style URLs (https://host/bucket/name) suit self-hosted stores; "virtual" for others.
    "addressing_style": env.read("KETEN_S3_ADDRESSING_STYLE", "path"),
}
PRIVATE_STORAGES = {
    "disk": {"BACKEND": "keten.file_storage.PrivateFileSystemStorage"},
    "s3": {"BACKEND": "keten.s3_storage.PrivateS3Storage", "OPTIONS": S3_OPTIONS},
}
if STORAGE_BACKEND not in PRIVATE_STORAGES:
    raise ImproperlyConfigured(f"KETEN_STORAGE must be disk or s3, not {STORAGE_BACKEND!r}")
if STORAGE_BACKEND == "s3" and not S3_OPTIONS["bucket_name"]:
    raise ImproperlyConfigured("KETEN_STORAGE=s3 needs KETEN_S3_BUCKET (and the endpoint and keys)")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "keten.static_storage.RememberingStaticFilesStorage"},
    "private": PRIVATE_STORAGES[STORAGE_BACKEND],
}

# --- Security headers ---------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# --- Keten --------------------------------------------------------------------------------
QUICK_EXIT_URL = env.read("KETEN_QUICK_EXIT_URL", "https://www.meteo.be/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploads stay in memory, bounded, never in a clear temporary file (keten/uploads.py).
FILE_UPLOAD_HANDLERS = ["keten.uploads.BoundedMemoryUploadHandler"]
# Images (also inside PDFs) with more pixels are refused from their header, before decoding.
UPLOAD_MAX_PIXELS = env.read_int("KETEN_UPLOAD_MAX_PIXELS", 20_000_000)
UPLOAD_MAX_PDF_PAGES = env.read_int("KETEN_UPLOAD_MAX_PDF_PAGES", 500)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# only used to tell reporters apart when throttling wrong receipt codes.
TRUSTED_PROXIES = env.read_list("KETEN_TRUSTED_PROXIES", [])

# Prometheus reads /metrics with this bearer token (or KETEN_METRICS_TOKEN_FILE); unset, /metrics is
# a 404. The metrics are counts by route name only (keten/ops/metrics.py).
METRICS_TOKEN = env.read("KETEN_METRICS_TOKEN", "")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.read("KETEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the path of failed requests; the path may hold a
        # receipt or a token, so only errors are kept, and they never carry the client address.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

TESTING = env.read_bool("KETEN_TESTING", False)
if TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

os.environ.setdefault("KETEN_DATA_DIR", str(DATA_DIR))
