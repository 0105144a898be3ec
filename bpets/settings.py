"""BPETS settings, read from the environment.

``BPETS_ENV`` picks the mode. ``production`` (the default) is locked down and
refuses to start without a secret key, allowed hosts and a database.
``development`` is for a first look on one machine: debug pages, an SQLite
file under ``var/`` and Celery tasks run in-process. ``test`` is what the
test suite runs under.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from bpets import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

ENVIRONMENT = env.choice(
    "BPETS_ENV", ("production", "development", "test"), default="production"
)
PRODUCTION = ENVIRONMENT == "production"
DEVELOPMENT = ENVIRONMENT == "development"
TESTING = ENVIRONMENT == "test"

DEBUG = env.flag("DEBUG", default=DEVELOPMENT)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG cannot be on in production: debug pages show settings and data. "
        "Use BPETS_ENV=development on a development machine."
    )


def _development_secret_key() -> str:
    # Kept in a file so that sessions survive a restart of the demo server.
    key_file = VAR_DIR / "development-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.text("SECRET_KEY")
if (
    PRODUCTION
    and SECRET_KEY
    and (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    )
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak. Production mode needs at least 50 random characters."
    )
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode will not start without a "
            "secret key of at least 50 random characters."
        )
    SECRET_KEY = (
        "test-only-key-never-used-in-production-0123456789abcdefghij"
        if TESTING
        else _development_secret_key()
    )

ALLOWED_HOSTS = env.listing(
    "ALLOWED_HOSTS", default="" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: list the host names this server answers to."
    )
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, on the product's own site: superusers and module
    # administrators only, every change audited.
    "security.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Lets templates/ override the form widgets' templates.
    "django.forms",
    "guardian",
    "simple_history",
    "axes",
    # The product's apps, in layer order (see README, "Architecture").
    "bpets",
    "security",
    "staffing",
    "vehicles",
    "checkpoints",
    "scheduling",
    "timesheet",
    "operations_orders",
    "bsits",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Permissions-Policy, no-store for logged-in pages.
    "bpets.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of the product's own: writes the request's audit events in
    # one insert once the response is ready, and fails the request if it
    # cannot.
    "security.audit.AuditMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Login posts from one address, at most so many a minute.
    "security.rate_limits.LoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions a newer login, the idle limit or the absolute limit has
    # ended, saying why; holds users whose training is overdue; audits denials.
    "security.middleware.SessionSafeguardMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A save that met a constraint because of another user's: a 409 saying
    # so, not a server error.
    "bpets.conflicts.ConflictMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bpets.urls"
FORM_RENDERER = "bpets.forms.FormRenderer"
WSGI_APPLICATION = "bpets.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bpets.context_processors.site",
                "bpets.context_processors.notifications",
                "staffing.context_processors.viewer_time_zone",
            ],
        },
    },
]

# Databases. Production names its database; development falls back to an
# SQLite file so that nothing beyond Python is needed for a first look; the
# test suite runs on PostgreSQL.
_DEFAULT_DATABASE_URL = {
    "production": "",
    "development": f"sqlite:///{VAR_DIR / 'bpets.sqlite3'}",
    "test": "postgres://postgres@127.0.0.1:5432/bpets",
}[ENVIRONMENT]
DATABASE_URL = env.text("DATABASE_URL", _DEFAULT_DATABASE_URL)
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set, for example postgres://bpets@db:5432/bpets."
    )
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "security.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address never reach a password
    # check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# PBKDF2 with SHA-256 is FIPS 140-2 approved; Argon2 is not, so it stays off.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
if TESTING:
    # Only the test suite: thousands of logins would otherwise take minutes.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Repeated failed logins lock out that username from that address (never
# the address alone: a whole station may share one).
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Lockouts are lifted from the Security pages, which audit it; axes's own
# admin pages would lift them silently.
AXES_ENABLE_ADMIN = False

# Sessions: a working day at most, ended sooner by inactivity, and gone when
# the browser closes. SESSION_COOKIE_AGE is the absolute limit.
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_SECONDS = env.integer("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security. Production defaults are strict; a deployment behind a
# TLS-terminating proxy says so with BPETS_BEHIND_TLS_PROXY.
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    # The __Host- prefix makes the browser refuse the cookie unless it is
    # secure, host-only and for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = env.integer(
    "SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=PRODUCTION)
if env.flag("BPETS_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script and style is a static file of this site (templates hold no
# inline script, handler attribute or style attribute), so no directive
# needs 'unsafe-inline' or 'unsafe-eval'. htmx's own indicator style is
# turned off in base.html and lives in bpets.css.
CONTENT_SECURITY_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
# Browser features no page of the product uses.
PERMISSIONS_POLICY = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"

# Pay periods: the federal bi-weekly grid, fixed by one Sunday that began a
# pay period (10 January 2016 on the standard National Finance Center grid;
# an agency on the grid a week later sets 2016-01-17).
PAY_PERIOD_ANCHOR = env.day("PAY_PERIOD_ANCHOR", "2016-01-10")

# The G-259 initialization gives each of this many database connections a
# share of the stations at once; the database does most of the work, so one
# per core of the database's machine.
SCHEDULE_INITIALIZATION_WORKERS = env.integer(
    "SCHEDULE_INITIALIZATION_WORKERS", os.cpu_count() or 1
)

# The Border Patrol pay rules that no primary source read for this product
# confirms: each keeps the default the domain notes give it, and the README
# explains them. Hours are whole numbers or strings, read as exact decimals.
TIMESHEET_RULES = {
    # Hours of a shift crossing midnight: credited to the day (and pay
    # period) in which they are "worked", or all to the day the shift "start"s.
    "CREDIT_CROSSING_HOURS": env.choice(
        "BPETS_TIMESHEET_CREDIT_CROSSING_HOURS", ("worked", "start"), "worked"
    ),
    # Which hours of a Level 1 or 2 shift are its tour overtime: the "last"
    # (default) or the "first" one or two.
    "TOUR_OVERTIME_POSITION": env.choice(
        "BPETS_TIMESHEET_TOUR_OVERTIME_POSITION", ("last", "first"), "last"
    ),
    # Night differential on tour overtime hours (unverified; default no).
    "NIGHT_PAY_ON_TOUR_OVERTIME": env.flag(
        "BPETS_TIMESHEET_NIGHT_PAY_ON_TOUR_OVERTIME", default=False
    ),
    # Hours a pay period beyond which work is outside the tour.
    "BIWEEKLY_THRESHOLDS": {"LEVEL_1": 100, "LEVEL_2": 90, "BASIC": 80},
    # Cumulative overtime debt that calls for a consultation, then a move to
    # the Basic tour (CBP directive as relayed by the union).
    "DEBT_CONSULTATION_HOURS": 24,
    "DEBT_BASIC_TOUR_HOURS": 60,
    "COMP_TIME_CAP_PER_PERIOD": 10,
    "COMP_TIME_CAP_PER_YEAR": 240,
    "CALL_BACK_MINIMUM_HOURS": 2,
    # Advanced-training workdays a calendar year paid at the elected tour.
    "TRAINING_DAYS_AT_ELECTED_TOUR": 60,
    # Inauguration Day is a holiday only in the Washington, D.C. area.
    "INAUGURATION_DAY": env.flag("BPETS_TIMESHEET_INAUGURATION_DAY", default=False),
}

# The smallest charge of leave and nonpay status, and of military leave,
# in minutes: an agency sets its own (at most an hour); CBP's was not found,
# so the common values are the defaults.
TIMESHEET_LEAVE_INCREMENT_MINUTES = env.integer(
    "BPETS_TIMESHEET_LEAVE_INCREMENT_MINUTES", 15
)
TIMESHEET_MILITARY_LEAVE_INCREMENT_MINUTES = env.integer(
    "BPETS_TIMESHEET_MILITARY_LEAVE_INCREMENT_MINUTES", 60
)

# BSITS read-only, for when new deaths and rescues are recorded in another
# system: what was recorded here stays readable, nothing new is taken.
BSITS_HISTORICAL_ONLY = env.flag("BSITS_HISTORICAL_ONLY", default=False)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.text("STATIC_ROOT") or (
    str(BASE_DIR / "staticfiles") if PRODUCTION else None
)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production the files are served from where they lie, unhashed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
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

# Celery. Without a broker (the development demo) tasks run in-process, so
# nothing beyond Python is needed; a deployment names its Redis. In-process,
# Celery still describes a connection for each task sent: the in-memory
# transport, named with its host, so that kombu fills none in and warns.
BROKER_NAMED = env.text("CELERY_BROKER_URL")
CELERY_BROKER_URL = BROKER_NAMED or "memory://localhost/"
CELERY_RESULT_BACKEND = env.text("CELERY_RESULT_BACKEND", BROKER_NAMED)
CELERY_TASK_ALWAYS_EAGER = not BROKER_NAMED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
# Longer than the hard time limit, so that no running task is redelivered.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # The audit log's hash chains lag it by at most this plus the sealing
    # margin (security.audit_chain.DEFAULT_MARGIN).
    "seal-audit-chains": {
        "task": "security.tasks.seal_audit_chains",
        "schedule": 5 * 60,
    },
    # Grants start and end by date; guardian's rows follow them daily.
    "sync-grant-permissions": {
        "task": "security.tasks.sync_all_grant_permissions",
        "schedule": crontab(hour=0, minute=5),
    },
    # The records retention schedule, every rule of every module; the only
    # job that deletes by schedule (see the README, "Records retention").
    "run-retention": {
        "task": "security.tasks.run_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    # Changes are pushed as they commit; this sends what failed and is due
    # again, and whatever a broker outage held back.
    # Each station's next G-259, as many days ahead as the station asks;
    # the job adds only what is missing, so a daily run is cheap.
    "initialize-schedules": {
        "task": "scheduling.tasks.initialize_due_schedules",
        "schedule": crontab(hour=1, minute=15),
    },
    "push-directory": {
        "task": "staffing.tasks.push_directory",
        "schedule": 60,
    },
}

# The cache holds the rate limits' counters. The web workers of a deployment
# must all count in one place, so outside the test suite it defaults to the
# broker's Redis; without one (the development demo) each process counts
# alone, in memory.
CACHE_URL = env.text("CACHE_URL", "" if TESTING else BROKER_NAMED)
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "bpets",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits: how many requests in how many seconds, per user (exports) or
# per address (login posts, counted whatever the username: axes locks out a
# username at an address, this stops one address trying many usernames).
RATE_LIMITS = {
    "export": (
        env.integer("EXPORT_RATE_LIMIT", 30),
        env.integer("EXPORT_RATE_WINDOW_SECONDS", 10 * 60),
    ),
    "login": (
        env.integer("LOGIN_RATE_LIMIT", 30),
        env.integer("LOGIN_RATE_WINDOW_SECONDS", 60),
    ),
}

# The agency's key for deriving hash IDs from Social Security numbers. A
# dedicated secret, never SECRET_KEY: rotating that must not change who is
# who. Without it personnel type hash IDs as given.
HASH_ID_KEY = env.text("HASH_ID_KEY")

# The one-way push to the agency telephone directory: a JSON-lines file the
# directory's loader picks up, or its HTTPS endpoint. Every message is
# signed with a key of its own (HMAC-SHA-256), which the directory holds too.
DIRECTORY_SINK = env.choice("DIRECTORY_SINK", ("file", "http"), default="file")
DIRECTORY_SINK_FILE = env.text("DIRECTORY_SINK_FILE") or str(
    VAR_DIR / "directory" / "push.jsonl"
)
DIRECTORY_SINK_URL = env.text("DIRECTORY_SINK_URL")
DIRECTORY_SINK_TIMEOUT = env.integer("DIRECTORY_SINK_TIMEOUT", 10)
DIRECTORY_PUSH_MAX_ATTEMPTS = env.integer("DIRECTORY_PUSH_MAX_ATTEMPTS", 10)
if DIRECTORY_SINK == "http" and not DIRECTORY_SINK_URL.startswith(
    ("https://",) if PRODUCTION else ("https://", "http://")
):
    raise ImproperlyConfigured(
        "DIRECTORY_SINK_URL must be the directory's https:// address when "
        "DIRECTORY_SINK is http."
    )
if DIRECTORY_SINK_TIMEOUT < 1 or DIRECTORY_PUSH_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured(
        "DIRECTORY_SINK_TIMEOUT and DIRECTORY_PUSH_MAX_ATTEMPTS must be at least 1."
    )
DIRECTORY_SIGNING_KEY = env.text("DIRECTORY_SIGNING_KEY")
if PRODUCTION and (
    len(DIRECTORY_SIGNING_KEY) < 32
    or len(set(DIRECTORY_SIGNING_KEY)) < 5
    or DIRECTORY_SIGNING_KEY == SECRET_KEY
):
    raise ImproperlyConfigured(
        "DIRECTORY_SIGNING_KEY is not set or too weak. Production mode needs a "
        "dedicated key of at least 32 random characters, shared with the "
        "telephone directory."
    )
if not DIRECTORY_SIGNING_KEY:
    DIRECTORY_SIGNING_KEY = "development-and-test-only-directory-signing-key"

# The keys shared with each partner system: every file or message in or out
# carries an HMAC-SHA-256 of its bytes under that partner's key. Outside
# production each partner has a published development key, so that the
# examples in the README verify; in production an unset key refuses all of
# that partner's traffic.
INTERFACE_PARTNERS = ("payroll", "enforcement", "warehouse")
INTERFACE_KEYS = {
    partner: env.text(f"INTERFACE_KEY_{partner.upper()}")
    or ("" if PRODUCTION else f"bpets-development-{partner}-key")
    for partner in INTERFACE_PARTNERS
}
for partner, key in INTERFACE_KEYS.items():
    if PRODUCTION and key and (len(key) < 32 or len(set(key)) < 5):
        raise ImproperlyConfigured(
            f"INTERFACE_KEY_{partner.upper()} is too weak: it needs at least "
            "32 random characters, shared with that system."
        )

# E-mail for notifications. Without a mail server (EMAIL_HOST) or a sender
# address, notifications stay in the app; the test suite uses Django's
# in-memory outbox. SITE_URL (https://bpets.agency.example) makes the link
# in an e-mail a full address.
EMAIL_HOST = env.text("EMAIL_HOST")
EMAIL_PORT = env.integer("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL")
SITE_URL = env.text("SITE_URL").rstrip("/")

# Annual security and privacy training: overdue after a year, and after this
# many more days the user must attest a new date before going on.
SECURITY_TRAINING_GRACE_DAYS = env.integer("SECURITY_TRAINING_GRACE_DAYS", 30)

GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Axes logs every login at INFO; the audit log already holds them.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF at INFO, fontTools its subsetting.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
