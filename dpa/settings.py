"""Settings for dpa, read from the environment.

Every setting that differs between a laptop and production comes from an environment variable
(see the configuration table in README.md). Unset variables fall back to safe local defaults:
SQLite and a file-based Celery broker under ``var/``, a local-memory cache, e-mail written to
files. Production must set ``DJANGO_SECRET_KEY`` and leave ``DJANGO_DEBUG`` unset.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# No usable default outside debug: left empty, the key fails `check --deploy` (dpa.E001) and the
# WSGI/ASGI application refuses to start, while commands that sign nothing still run.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-debug-only-not-a-secret" if DEBUG else "")

# Behind a reverse proxy that sets X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For; off, both headers are whatever the client sent and are ignored.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "dpa.apps.DpaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "dpa.apps.SignInProtectionConfig",
    "csp",
    "rest_framework",
    "django_filters",
    "oauth2_provider",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "cases",
    "guidance",
]

# The two header middlewares come first so that every response gets their headers, including
# redirects made by the middleware below them; axes must be last.
MIDDLEWARE = [
    "dpa.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dpa.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cases.partner_calls.PartnerCallLog",
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dpa.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Django's, with the templates of inputs, selects, labels and empty error lists written in Python.
FORM_RENDERER = "dpa.form_renderer.FormRenderer"

WSGI_APPLICATION = "dpa.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dpa.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reusing connections matters: a one-query view is several times slower without it.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # The web process, the worker's processes and the scheduler write to one file: a transaction
    # takes the write lock when it begins and waits for it, instead of failing with "database is
    # locked" when a read turns into a write while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language on every screen (dpa/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["dpa.formats"]
TIME_ZONE = "Asia/Hong_Kong"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by the application itself (whitenoise), without a CDN. In production
# they are compressed and named after their content by `collectstatic`, so browsers keep them for
# a year; in debug, and in the tests, they are served as they are.
STATIC_MANIFEST = env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
# Without collected files (in debug and in the tests) whitenoise serves them from where they lie.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Case documents are evidence: they live outside the static tree and are only ever served
# through a view that checks the user may see the case.
DOCUMENTS_ROOT = env.path("DJANGO_DOCUMENTS_ROOT", default=VAR_DIR / "documents")
# Published guidance's PDFs and pictures, served by a view that checks the publication is out.
GUIDANCE_FILES_ROOT = env.path("DJANGO_GUIDANCE_FILES_ROOT", default=VAR_DIR / "guidance")
DOCUMENT_MAX_BYTES = env.int("DJANGO_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An upload past DOCUMENT_MAX_BYTES stops being kept (in memory or on disk) as soon as it passes it.
FILE_UPLOAD_HANDLERS = [
    "cases.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="casework@dpa.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Letters to organisations and complainants: replies come to this address, and each letter's
# Message-ID is made in this domain.
LETTERS_REPLY_TO = env.str("DPA_LETTERS_REPLY_TO", default="enquiries@dpa.example")
LETTERS_MESSAGE_ID_DOMAIN = env.str("DPA_LETTERS_MESSAGE_ID_DOMAIN", default="dpa.example")
# The reply-by rule an enquiry takes unless the officer chooses another.
DEFAULT_ENQUIRY_RULE = "hk-enquiry-reply"
# A mail server that stops answering fails the delivery, to be tried again, instead of holding
# the reminder's row lock until the task's time limit.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security: strict by default, relaxed only for local plain-HTTP use.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A session ends when the browser closes, or after a working day without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Staff sign in with a password and a code from an authenticator app (TOTP) or a single-use
# recovery code. Not read from the environment, so production cannot switch it off; with debug
# on, the demo users sign in with the password alone and the second factor is optional.
SECOND_FACTOR_REQUIRED = not DEBUG
OTP_TOTP_ISSUER = "DPA casework"

# Five failed sign-ins for one username from one address lock that pair out for an hour: one
# attacker cannot lock everyone out, and one address cannot guess one password for ever. A
# team lead or administrator can unlock sooner (dpa.staff_admin).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "dpa.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "dpa.lockout.lockout_response"
# Retrying while locked out does not push the end of the lockout further away; signing in
# (with the second factor, where one is set up) clears the failures before it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False  # no start-up banner on every command

# Every page loads scripts, styles, images and fonts from this site only, with no inline script
# or style; forms post only to this site; no page can be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page here uses, switched off for all of them.
PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
]

SIMPLE_HISTORY_REVERT_DISABLED = True

# The partner API: OAuth2 client credentials with scopes, one error format, JSON only, per-partner
# throttling counted in the shared cache (Redis when REDIS_URL is set), OpenAPI generated from code.
API_SCOPES = {
    "guidance:read": "Read published guidance (also open without a token).",
    "referrals:write": "Refer a complaint to the authority.",
    "referrals:read": "Read the status of the partner's own referrals.",
    "statistics:read": "Read aggregate complaint statistics.",
}
OAUTH2_PROVIDER = {
    "SCOPES": API_SCOPES,
    "DEFAULT_SCOPES": [],
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("DPA_API_TOKEN_SECONDS", default=60 * 60),
    # A client gets only the scopes its partner was given, and nothing once access is revoked.
    "OAUTH2_VALIDATOR_CLASS": "cases.partner_oauth.PartnerOAuth2Validator",
    # The OAuth 2.0 security best practice (RFC 9700) throughout: tokens stored hashed and accepted
    # only in the Authorization header, no implicit or password grant, https redirects only.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# Named so that makemigrations can resolve the partners' link to their OAuth2 applications.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
API_MAX_BODY_BYTES = env.int("DPA_API_MAX_BODY_BYTES", default=64 * 1024)
# Statistics never show a group of fewer cases than this: no one can be singled out.
API_STATISTICS_MIN_GROUP = env.int("DPA_API_STATISTICS_MIN_GROUP", default=5)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["cases.partner_oauth.PartnerAuthentication"],
    # Every view names the scope it needs (``required_scope``); a view that names none is refused.
    "DEFAULT_PERMISSION_CLASSES": ["dpa.api_access.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["dpa.api_access.LimitedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dpa.api_access.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dpa.api_errors.error_response",
    "DEFAULT_THROTTLE_CLASSES": ["dpa.api_access.PartnerThrottle", "dpa.api_access.AnonymousThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "partner": env.str("DPA_API_PARTNER_RATE", default="600/minute"),
        "anonymous": env.str("DPA_API_ANONYMOUS_RATE", default="120/minute"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dpa partner API",
    "DESCRIPTION": "Published guidance, referrals of complaints between authorities, and aggregate statistics.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/o/token/",
    "OAUTH2_SCOPES": API_SCOPES,
    # A case's status appears as itself and as the status before and after a change.
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "cases.models.workflow.CaseStatus"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dpa.api_schema.empty_query_values_are_absent",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# Celery: the database is the source of truth; the broker only carries work. The tasks that
# deliver letters and reminders are idempotent and acknowledged only once done (acks_late), so a
# worker that dies mid-task has its message handed to another, which finds the work done or does
# it once.
# No task runs longer than CELERY_TASK_TIME_LIMIT, and a retry waits at most
# DELIVERY_RETRY_BACKOFF_MAX seconds: Redis hands an unacknowledged message out again only after
# the visibility timeout, which must stay longer than both, or it would run twice meanwhile.
CELERY_TASK_TIME_LIMIT = 5 * 60
DELIVERY_RETRY_BACKOFF_MAX = env.int("DPA_DELIVERY_RETRY_BACKOFF_MAX", default=10 * 60)
BROKER_VISIBILITY_TIMEOUT = env.int("DPA_CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
        # How often a worker looks for messages whose visibility timeout has passed.
        "unacked_restore_interval": env.int("DPA_CELERY_RESTORE_INTERVAL", default=10),
    }
else:
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sync-holidays": {"task": "cases.tasks.sync_holidays", "schedule": crontab(minute=0, hour=3, day_of_month=1)},
    "sweep-reminders": {"task": "cases.tasks.reminders.sweep_reminders", "schedule": crontab(minute="*/15")},
    "send-digests": {"task": "cases.tasks.reminders.send_digests", "schedule": crontab(minute=0, hour=8)},
    # The team leads' home shows this count (``cases.models.workload``); a count queued while no
    # worker ran is dropped, the next one is on its way.
    "count-workloads": {"task": "cases.tasks.count_workloads", "schedule": crontab(), "options": {"expires": 60}},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How many times a letter or a reminder is tried again after a failure to send it, before it is
# marked failed for staff to see and send again.
DELIVERY_MAX_RETRIES = env.int("DPA_DELIVERY_MAX_RETRIES", default=5)
# A reminder queued this long ago and still pending has lost its task (the broker lost it, or a
# worker died past its retries): the next sweep queues it again.
REMINDER_REQUEUE_AFTER = timedelta(minutes=env.int("DPA_REMINDER_REQUEUE_MINUTES", default=60))
