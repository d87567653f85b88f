"""Egide settings: one module, configured from the environment.

Development and demo defaults are safe to run on a laptop; production is selected with
``EGIDE_ENV=production``, which turns on secure cookies, HSTS and refuses the development secret key.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from egide.config.env import EnvError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("EGIDE_BASE_DIR", str(Path.cwd())))
VAR_DIR = Path(env_str("EGIDE_VAR_DIR", str(BASE_DIR / "var")))

EGIDE_ENV = env_str("EGIDE_ENV", "development")
if EGIDE_ENV not in {"development", "production", "test"}:
    raise EnvError(f"EGIDE_ENV must be development, production or test, got {EGIDE_ENV!r}")
PRODUCTION = EGIDE_ENV == "production"

_DEV_SECRET = "egide-development-secret-key-not-for-production-use-0123456789"  # noqa: S105
SECRET_KEY = env_str("EGIDE_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET):
    raise EnvError("EGIDE_SECRET_KEY must be set to a long random value in production")
# Key for encrypting secrets at rest (TOTP seeds, identity documents). Falls back to SECRET_KEY.
EGIDE_ENCRYPTION_KEYS = env_list("EGIDE_ENCRYPTION_KEYS", [SECRET_KEY])

DEBUG = env_bool("EGIDE_DEBUG", default=EGIDE_ENV == "development")
ALLOWED_HOSTS = env_list(
    "EGIDE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("EGIDE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "egide.core",
    "egide.accounts",
    "egide.demo",
    "egide.registry",
    "egide.rights",
    "egide.breaches",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "egide.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "egide.accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "egide.config.urls"
WSGI_APPLICATION = "egide.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egide.core.context_processors.egide",
            ],
        },
    }
]

# Database: SQLite (WAL) under var/ by default, PostgreSQL in production through DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'egide.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_sqlite), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if EGIDE_ENV == "test":
    # Fast hashing in tests only; real deployments always use Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:portfolio"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (per account and per client address).
EGIDE_LOGIN_MAX_FAILURES = env_int("EGIDE_LOGIN_MAX_FAILURES", 5)
EGIDE_LOGIN_LOCKOUT_MINUTES = env_int("EGIDE_LOGIN_LOCKOUT_MINUTES", 15)
# Reverse proxies in front of Egide that append to X-Forwarded-For (0: use the socket address).
EGIDE_TRUSTED_PROXY_HOPS = env_int("EGIDE_TRUSTED_PROXY_HOPS", 0)

# Sessions: expire after inactivity and at browser close.
SESSION_COOKIE_AGE = env_int("EGIDE_SESSION_SECONDS", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("EGIDE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP to the container
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: no inline script, no third-party origin.
EGIDE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# Internationalisation: French and English, browser language by default; dates shown in Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"

# Email: console in development and demo, SMTP when EGIDE_EMAIL_URL-like settings are given.
EMAIL_HOST = env_str("EGIDE_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EGIDE_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EGIDE_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EGIDE_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EGIDE_EMAIL_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("EGIDE_FROM_EMAIL", "Egide <no-reply@egide.localhost>")
# The address requesters and staff reach Egide at: links in emails (confirmation, status page).
EGIDE_PUBLIC_URL = env_str("EGIDE_PUBLIC_URL", "http://127.0.0.1:8000")

# Background work: django-tasks with the database backend. django-tasks 0.12 has no ENQUEUE_ON_COMMIT
# option (ignored here): code enqueues with egide.core.tasks.enqueue_on_commit.
TASKS = {
    "default": {
        "BACKEND": env_str("EGIDE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "ENQUEUE_ON_COMMIT": True,
    }
}
EGIDE_WORKER_HEARTBEAT_STALE_SECONDS = env_int("EGIDE_WORKER_HEARTBEAT_STALE_SECONDS", 120)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "egide.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "egide.core.api.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "egide.core.api_defaults.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "egide.core.api_defaults.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Egide API",
    "DESCRIPTION": "The API of Egide, the health-sector DPO's system of record.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set that several fields share (the register's API, issue 3).
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "egide.accounts.choices.OrganisationKind",
        "RoleEnum": "egide.accounts.roles.Role",
        "ActivityStatusEnum": "egide.registry.choices.ActivityStatus",
        "LegalBasisEnum": "egide.registry.choices.LegalBasis",
        "RecipientKindEnum": "egide.registry.choices.RecipientKind",
        "DpoKindEnum": "egide.registry.choices.DpoKind",
        "VendorRoleEnum": "egide.registry.choices.VendorRole",
        "SecurityMeasureEnum": "egide.registry.taxonomy.SECURITY_MEASURE_CHOICES",
        "RightsRequestStatusEnum": "egide.rights.choices.RequestStatus",
        "SearchTaskStatusEnum": "egide.rights.choices.SearchTaskStatus",
        "SearchTaskOutcomeEnum": "egide.rights.serializers.documents.TASK_OUTCOMES",
        "DocumentKindEnum": "egide.rights.choices.DocumentKind",
        "TimelineKindEnum": "egide.rights.choices.TimelineKind",
        "ChannelEnum": "egide.rights.choices.Channel",
        "RecordableChannelEnum": "egide.rights.serializers.requests.RECORDABLE_CHANNELS",
        "RefusalGroundEnum": "egide.rights.choices.RefusalGround",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("EGIDE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
