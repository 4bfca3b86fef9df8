"""Settings, read from the environment only (see .env.example for every variable).

DJANGO_ENV selects the profile: ``development`` (the default: SQLite, an embedded broker, fixed
development keys) or ``production`` (every secret must be given; HTTPS hardening on).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")) or "")

DJANGO_ENV = env_choice("DJANGO_ENV", "development", {"development", "production"})
PRODUCTION = DJANGO_ENV == "production"

# Development keys are public on purpose: they only ever protect synthetic demo data.
_DEV_SECRET_KEY = "dev-only-insecure-key-9c1f3e7a52b84d6f8e0a1b2c3d4e5f60-never-use-in-production"
_DEV_FIELD_ENCRYPTION_KEY = "W0Hm5oJ1dT3Zf3rUuJQhJ0Z7gWm6k7oP2vV9x6F2l4s="
_DEV_FIELD_HASH_KEY = "dev-only-field-hash-key"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY", "production signs sessions and tokens with it")
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", [])
    if not FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "Environment variable FIELD_ENCRYPTION_KEY is required: national ID numbers and "
            "phones are encrypted with it"
        )
    FIELD_HASH_KEY = env_required("FIELD_HASH_KEY", "look-up hashes of ID numbers use it")
else:
    SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY) or _DEV_SECRET_KEY
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", [_DEV_FIELD_ENCRYPTION_KEY])
    FIELD_HASH_KEY = env_str("FIELD_HASH_KEY", _DEV_FIELD_HASH_KEY) or _DEV_FIELD_HASH_KEY

for _key in FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            "Environment variable FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)"
        ) from None

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Before import_export, so that jobs/templates can adjust its admin pages.
    "jobs",
    "matching",
    "workers",
    "import_export",
    "django_celery_beat",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a sign-in it locked into the "locked" answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own pages (errors) and its overrides of installed apps' templates.
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
_database_url = env_str("DATABASE_URL", None if PRODUCTION else _default_db)
if _database_url is None:
    raise ImproperlyConfigured("Environment variable DATABASE_URL is required in production")
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Web server, worker and scheduler share one file: WAL lets readers run beside a writer,
    # IMMEDIATE transactions and a timeout make writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans") or "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai") or "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")) or "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Password sign-in lock-out ---------------------------------------------------------------
# django-axes refuses password sign-ins (the admin's and the staff API's) for an account name,
# and separately for a client address, after this many failures, until the cool-off has passed
# since the last one; even the right password is refused meanwhile. Failures are counted in the
# database, so every web process counts together. Superusers unlock early in the admin's
# "Access attempts" (or `manage.py axes_reset_username NAME`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCK_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "config.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_response"
# The client's address as the API throttles read it (API_NUM_PROXIES), not axes' own guess.
AXES_CLIENT_IP_CALLABLE = "config.lockout.client_address"

# --- Celery -----------------------------------------------------------------------------------
# The default broker is kombu's filesystem transport: web server, worker and scheduler on one
# machine exchange messages through a folder, so the demo needs no broker server.
BROKER_DIR = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "broker")) or "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", None if PRODUCTION else "filesystem://")
if CELERY_BROKER_URL is None:
    raise ImproperlyConfigured("Environment variable CELERY_BROKER_URL is required in production")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60, minimum=1)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# --- Import and export ------------------------------------------------------------------------
# One transaction per import: a file with any bad row changes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Between preview and confirm an upload is kept encrypted in the database, where every web
# process reads it and the sweep deletes what a preview left behind; never as a plain file.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "jobs.imports.uploads.EncryptedDatabaseStorage"
# Off: the resources escape formulae themselves, for every format and every leading character
# (this option drops only a leading "=" and turns numbers and dates into text).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")) or "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# What one admin request may take: a bigger file goes through `manage.py import_registry`, a
# longer one to a background import. A 200,000-row file held a web worker for 300 s.
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 10, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
# An xlsx or ods file is a zip archive: one that unpacks to more than this, or any member over
# 1 MB packed more than IMPORT_MAX_ZIP_RATIO to 1, is refused before it is parsed (a 7.5 MB file
# that unpacked to 1.9 GB held a worker for 300 s). Applies to the command as well.
IMPORT_MAX_UNZIPPED_MB = env_int("IMPORT_MAX_UNZIPPED_MB", 200, minimum=1)
IMPORT_MAX_ZIP_RATIO = env_int("IMPORT_MAX_ZIP_RATIO", 100, minimum=2)
# An accepted upload stays in memory, never in a plain temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_MB * 1024 * 1024

# --- Matching ---------------------------------------------------------------------------------
# Where the match index is saved after each rebuild, so a restarted worker loads it instead of
# recomputing. Each machine may keep its own copy: a process catches up on rows changed since the
# copy was built.
MATCHING_INDEX_DIR = Path(env_str("MATCHING_INDEX_DIR", str(VAR_DIR / "matching-index")) or "")
# Where the occupation coder, fitted on the national classification, is kept once fitted (it takes
# a few seconds to fit and is the same on every machine for the same code and data).
OCCUPATION_CODER_DIR = Path(env_str("OCCUPATION_CODER_DIR", str(VAR_DIR / "occupation-coder")) or "")
# How many matches each person and each vacancy keeps (top-k).
MATCHING_TOP_K = env_int("MATCHING_TOP_K", 20, minimum=1)

# --- Notices ----------------------------------------------------------------------------------
# An HTTP gateway each for SMS and WeChat template messages (JSON POST of a batch of messages
# with a bearer key; each notice's key goes with it as the client message id). Unset: in
# development notices on that channel (and sign-in codes) are written to the console and count as
# sent; production needs the SMS gateway (sign-in codes go by SMS only), and WeChat notices
# without theirs fail and are shown to staff.
if PRODUCTION:
    SMS_GATEWAY_URL = env_required("SMS_GATEWAY_URL", "sign-in codes are sent by SMS and nowhere else")
else:
    SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "") or ""
SMS_GATEWAY_KEY = env_str("SMS_GATEWAY_KEY", "") or ""
WECHAT_GATEWAY_URL = env_str("WECHAT_GATEWAY_URL", "") or ""
WECHAT_GATEWAY_KEY = env_str("WECHAT_GATEWAY_KEY", "") or ""
NOTICE_GATEWAY_TIMEOUT = env_int("NOTICE_GATEWAY_TIMEOUT", 10, minimum=1)
# Messages per gateway request (providers' batch APIs take 100 to 1,000).
NOTICE_GATEWAY_BATCH = env_int("NOTICE_GATEWAY_BATCH", 100, minimum=1)
# Attempts before a notice is marked failed; the wait before a retry doubles from
# NOTICE_RETRY_SECONDS, at most 6 hours.
NOTICE_MAX_ATTEMPTS = env_int("NOTICE_MAX_ATTEMPTS", 8, minimum=1)
NOTICE_RETRY_SECONDS = env_int("NOTICE_RETRY_SECONDS", 30, minimum=1)
# A claimed notice not marked sent within this many seconds is taken to be lost with its worker
# and given back by the sweeper; pending notices younger than the grace are left to the message
# queued with them.
NOTICE_LEASE_SECONDS = env_int("NOTICE_LEASE_SECONDS", 300, minimum=1)
NOTICE_SWEEP_GRACE_SECONDS = env_int("NOTICE_SWEEP_GRACE_SECONDS", 120, minimum=0)
# No SMS or WeChat from this hour until that one (local time); held notices go in the morning.
# The same hour twice: no quiet hours.
NOTICE_QUIET_START_HOUR = env_int("NOTICE_QUIET_START_HOUR", 22, minimum=0)
NOTICE_QUIET_END_HOUR = env_int("NOTICE_QUIET_END_HOUR", 8, minimum=0)
# SMS, WeChat and email notices one person receives a day at most; more wait for the next
# morning. The in-app inbox has no cap.
NOTICE_DAILY_CAP = env_int("NOTICE_DAILY_CAP", 3, minimum=1)
# Email goes through Django's SMTP backend; without EMAIL_HOST it is printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = NOTICE_GATEWAY_TIMEOUT
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost") or "noreply@localhost"

# --- Cache ------------------------------------------------------------------------------------
# API throttling counts requests here: one process in development; in production a Redis cache
# shared by every web process (e.g. redis://127.0.0.1:6379/1). A per-process cache would let
# each gunicorn worker count alone, multiplying every limit by the number of workers.
_cache_url = env_str("CACHE_URL", None if PRODUCTION else "locmemcache://")
if _cache_url is None:
    raise ImproperlyConfigured(
        "Environment variable CACHE_URL is required in production: the API throttles count there"
    )
CACHES = {"default": environ.Env.cache_url_config(_cache_url)}
if PRODUCTION and not _cache_url.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        "Environment variable CACHE_URL must be a Redis cache that every process shares "
        "(redis:// or rediss://), not a cache each process keeps to itself"
    )

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Tokens for the apps (stored as digests, expiring), the session for pages.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jobs.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless a view says otherwise: public views open themselves explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jobs.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "jobs.api.conventions.Pages",
    "PAGE_SIZE": 20,
    # Each list's filter set says what it may be filtered and ordered by; nothing else is.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
        "phone_codes": env_str("API_THROTTLE_PHONE_CODES", "20/hour"),
        "staff_sign_in": env_str("API_THROTTLE_STAFF_SIGN_IN", "10/min"),
        # Occupation suggestions are asked for as people type, so they have a bucket of their own.
        "occupation_suggest": env_str("API_THROTTLE_OCCUPATION_SUGGEST", "300/min"),
    },
    # Proxies in front of the web server: the client's address is taken from X-Forwarded-For
    # past this many of them (0: the connection's own address).
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0, minimum=0),
    "EXCEPTION_HANDLER": "jobs.api.conventions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {"TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 30, minimum=1)), "AUTO_REFRESH": True}
# One-time sign-in codes: valid this long, and at most so many sent to one phone an hour.
PHONE_CODE_SECONDS = env_int("PHONE_CODE_SECONDS", 300, minimum=60)
PHONE_CODES_PER_HOUR = env_int("PHONE_CODES_PER_HOUR", 5, minimum=1)
# Look-ups by a full ID number or mobile number a staff member without the reveal permission
# may make an hour (searches, numbers typed in to register someone).
STAFF_IDENTITY_LOOKUPS_PER_HOUR = env_int("STAFF_IDENTITY_LOOKUPS_PER_HOUR", 60, minimum=1)
# The same for distinct ID numbers named in the imports one such staff member previews or runs
# in a day: a preview says of each row whether its number is on file.
STAFF_IMPORT_LOOKUPS_PER_DAY = env_int("STAFF_IMPORT_LOOKUPS_PER_DAY", 5000, minimum=1)
_SYSTEM_FONTS = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
SPECTACULAR_SETTINGS = {
    "TITLE": "智慧就业服务平台 API",
    "DESCRIPTION": "Job seekers, employers and staff of the public employment service.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from this server's static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ReDoc's default fonts come from Google Fonts; config/templates/drf_spectacular/redoc.html
    # leaves their links out, and these are the system's own (with Chinese faces).
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": _SYSTEM_FONTS,
                "headings": {"fontFamily": _SYSTEM_FONTS},
            }
        }
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jobs.api.conventions.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CertificateLevelEnum": "jobs.models.choices.CertificateLevel",
        "EducationEnum": "jobs.models.choices.Education",
        "WageUnitEnum": "jobs.models.choices.WageUnit",
        "MatchStatusEnum": "matching.models.MatchStatus",
        "VacancyStatusEnum": "jobs.models.demand.VacancyStatus",
        "EmployerStatusEnum": "jobs.models.demand.Employer.Status",
        "OutcomeEnum": ["interviewed", "hired", "declined"],
        "AssistanceKindEnum": "jobs.models.hardship.AssistanceRecord.Kind",
        "SkillLevelEnum": "jobs.models.people.PersonSkill.Level",
        "WarningTierEnum": "jobs.models.hardship.WarningTier",
        "EntitlementStatusEnum": "jobs.models.subsidies.EntitlementStatus",
        "DecisionEnum": ["approved", "paid", "refused"],
        "CourseKindEnum": "jobs.models.training.CourseKind",
        "TrainingOrderStatusEnum": "jobs.models.training.OrderStatus",
        "EnrolmentStatusEnum": "jobs.models.training.EnrolmentStatus",
        "CampaignStatusEnum": "jobs.models.returnees.CampaignStatus",
    },
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "skip_static": {"()": "config.logs.SkipStaticRequests"},
        "refusals_in_one_line": {"()": "config.logs.RefusalsInOneLine"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {
        # Django's own console handler printed each of its records a second time beside the root's.
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        # A 4xx is a refusal, not a fault: one line, no traceback (a 5xx keeps its traceback).
        "django.request": {"filters": ["refusals_in_one_line"], "propagate": True},
        # runserver: a line for each page, none for each static file.
        "django.server": {"filters": ["skip_static"], "level": "INFO", "propagate": True},
    },
}
