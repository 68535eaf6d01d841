"""Django settings, read from the environment (STYLE R14).

Every variable is read once, here, through ``env()``; docs/configuration.md
lists them. Development defaults are safe for a laptop; with
``FAZHI_ENV=production`` the process refuses to start unless the secrets and
hosts are set.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: name -> help text of every environment variable read below (docs/configuration.md)
ENVIRONMENT_VARIABLES: dict[str, str] = {}


def env(name: str, default: str | None, help_text: str) -> str | None:
    ENVIRONMENT_VARIABLES[name] = help_text
    return os.environ.get(name, default)


FAZHI_ENV = env("FAZHI_ENV", "development", "development | test | production")
PRODUCTION = FAZHI_ENV == "production"
HOME = Path(env("FAZHI_HOME", str(Path.cwd()), "directory holding var/ (database, uploads)") or ".")
VAR_DIR = HOME / "var"

SECRET_KEY = env("SECRET_KEY", None, "Django secret key; required in production")
INSPECTION_CODE_KEY = env(
    "FAZHI_CODE_KEY", None, "key that signs inspection codes; required in production"
)
if PRODUCTION:
    missing = [
        n
        for n, v in (("SECRET_KEY", SECRET_KEY), ("FAZHI_CODE_KEY", INSPECTION_CODE_KEY))
        if not v
    ]
    if missing:
        raise ImproperlyConfigured(f"FAZHI_ENV=production needs {', '.join(missing)} set")
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"
INSPECTION_CODE_KEY = INSPECTION_CODE_KEY or SECRET_KEY

DEBUG = (env("DEBUG", "0" if PRODUCTION else "1", "1 shows tracebacks; never in production") == "1")
ALLOWED_HOSTS = [
    h.strip()
    for h in (env("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver", "comma-separated host names") or "").split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("FAZHI_ENV=production needs ALLOWED_HOSTS set")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in (env("CSRF_TRUSTED_ORIGINS", "", "comma-separated origins") or "").split(",") if o.strip()
]

DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}",
    "sqlite:///path or postgres://user@host:5432/name; SQLite (WAL) by default",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN, so concurrent writers queue instead of failing
        # when a read transaction upgrades (and the audit chain stays linear).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file, not :memory:, so tests exercise WAL and real concurrent writers.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-fazhi.sqlite3")}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "fazhi.common",
    "fazhi.organizations",
    "fazhi.accounts",
    "fazhi.audit",
    "fazhi.config",
    "fazhi.entities",
    "fazhi.enforcement",
    "fazhi.inspections",
    "fazhi.disputes",
    "fazhi.draws",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "fazhi.common.context_processors.navigation",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# i18n: Chinese by default, English available (STYLE R16)
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"  # shown to users; stored in UTC (USE_TZ)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve vendored assets without collectstatic
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

HTTPS = env("HTTPS", "1" if PRODUCTION else "0", "1 when served over HTTPS: secure cookies, HSTS, redirect") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fazhi.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi API",
    "DESCRIPTION": "法治: registers and workflows of the district rule-of-law platform",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fazhi.common.schema.drop_backend_integer_limits",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if FAZHI_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
