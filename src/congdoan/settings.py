"""Settings for congdoan, all in one module and read from the environment.

Environment variables:
- ``DATABASE_URL``: database to use (default: SQLite file under the data folder).
- ``CONGDOAN_DATA_DIR``: folder for the SQLite file and uploads (default ``data/`` in the checkout).
- ``CONGDOAN_SECRET_KEY``: secret key; required when debug is off outside tests and the demo.
- ``CONGDOAN_DEBUG``: ``1`` to turn on Django's debug mode (off by default).
- ``CONGDOAN_ALLOWED_HOSTS``: comma-separated host names (default: localhost only).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_data_dir() -> Path:
    if (SOURCE_ROOT / "pyproject.toml").exists():
        return SOURCE_ROOT / "data"
    return Path.home() / ".local" / "share" / "congdoan"


DATA_DIR = Path(os.environ.get("CONGDOAN_DATA_DIR") or _default_data_dir())

DEBUG = _env_bool("CONGDOAN_DEBUG", False)

# A fixed key is only acceptable for a local demo or tests; `congdoan serve`
# refuses to start with it unless the demo flag is set (see cli.py).
INSECURE_DEMO_KEY = "congdoan-demo-key-not-for-production"  # noqa: S105
SECRET_KEY = os.environ.get("CONGDOAN_SECRET_KEY") or INSECURE_DEMO_KEY

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CONGDOAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CONGDOAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "congdoan.accounts",
    "congdoan.org",
    "congdoan.members",
    "congdoan.imports",
    "congdoan.care",
    "congdoan.activities",
    "congdoan.plans",
    "congdoan.emulation",
    "congdoan.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congdoan.common.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "congdoan.common.middleware.DomainErrorMiddleware",
    # Axes last: it needs the authenticated user and answers lock-outs itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congdoan.urls"
WSGI_APPLICATION = "congdoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "congdoan.common.context_processors.navigation",
            ],
            "libraries": {"vn": "congdoan.common.templatetags.vn"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'congdoan.sqlite3'}",
        conn_max_age=int(os.environ.get("CONGDOAN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a server database: WAL for readers beside one writer, and a
    # busy timeout instead of "database is locked" errors under light load.
    # Reads go through a memory map of the file (shared by every connection,
    # no copy into a per-connection cache): a list page of a province reads
    # tens of thousands of rows scattered over the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' queries are short reads; starting parallel workers costs
    # 20-50 ms each time, more than the work they share (a member list page
    # went from 71 to 24 ms without them). Reports that scan a whole
    # province may ask for workers with SET LOCAL.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c max_parallel_workers_per_gather=0").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): 5 failures for one user name from one
# address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("CONGDOAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Static files are served from the apps by WhiteNoise (finders); collectstatic is optional.
STATIC_ROOT = os.environ.get("CONGDOAN_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {"BACKEND": os.environ.get("CONGDOAN_TASK_BACKEND", "django_tasks_db.backend.DatabaseBackend")}
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("CONGDOAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONGDOAN_LOG_LEVEL", "WARNING")},
}
