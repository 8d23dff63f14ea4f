"""Ansam settings: one module; every deployment difference is an environment variable.

See README.md ("Settings") for the list.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ansam.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("ANSAM_DEBUG", False)
# Production is the default: a deployment must opt *out* of the strict settings, never in.
DEMO = env_bool("ANSAM_DEMO", False)
TESTING = env_bool("ANSAM_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production-" + "x" * 20
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (or ANSAM_DEMO=1 for the demo).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Its templates and static files: the API documentation is served from the application
    # (the site's CSP forbids loading Swagger from a CDN).
    "ninja",
    "ansam.core",
    "ansam.access",
    "ansam.accounts",
    "ansam.geo",
    "ansam.organisations",
    "ansam.people",
    "ansam.sharing",
    "ansam.referrals",
    "ansam.plans",
    "ansam.continuity",
    "ansam.meetings",
    "ansam.partnerships",
    "ansam.network",
    "ansam.observatory",
    "ansam.portal",
    "ansam.lifecycle",
    "ansam.web",
    "ansam.api",
    "ansam.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ansam.accounts.middleware.SessionLifetimeMiddleware",
    "ansam.accounts.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ansam.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    "ansam.core.middleware.DomainErrorMiddleware",
    "ansam.web.middleware.RepresentativeScopeMiddleware",
]

ROOT_URLCONF = "ansam.urls"
WSGI_APPLICATION = "ansam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ansam" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ansam.web.context.ansam",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ansam.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    if TESTING:
        DATABASES["default"]["TEST"] = {"NAME": env_str("ANSAM_TEST_DB", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The audit log's chain is keyed (HMAC-SHA256) with keys kept outside the database: "id:secret"
# pairs, comma-separated, the last one signing new events (the earlier ones still verify what
# they signed). Checkpoints of (seq, hash) go where the database is not: "file:/path",
# "syslog" (the "ansam.audit" logger) and/or "email:dpo@example.org", every so many seconds.
ANSAM_AUDIT_KEYS = env_list("ANSAM_AUDIT_KEYS", [])
if not ANSAM_AUDIT_KEYS:
    if DEBUG or DEMO or TESTING:
        ANSAM_AUDIT_KEYS = ["dev:" + "insecure-development-audit-key-" + "x" * 16]
    else:
        raise ImproperlyConfigured(
            "ANSAM_AUDIT_KEYS must be set (e.g. 1:$(openssl rand -hex 32)), and kept outside "
            "the database: see docs/operations.md, 'The audit log'."
        )
ANSAM_AUDIT_CHECKPOINTS = env_list("ANSAM_AUDIT_CHECKPOINTS", [])
ANSAM_AUDIT_CHECKPOINT_SECONDS = env_int("ANSAM_AUDIT_CHECKPOINT_SECONDS", 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor login (PGSSI-S): required unless the operator runs the demo and turns it off.
ANSAM_REQUIRE_2FA = env_bool("ANSAM_REQUIRE_2FA", not DEMO)
OTP_TOTP_ISSUER = env_str("ANSAM_OTP_ISSUER", "Ansam")

# Brute force: counted per username *and* address, so that an attacker elsewhere
# cannot lock a victim out of their own account.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# An address that failed on this many different accounts within the cool-off is refused
# (password spraying), whatever account it tries next; no account is locked by it.
ANSAM_LOGIN_ADDRESS_LIMIT = env_int("ANSAM_LOGIN_ADDRESS_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "ansam.accounts.views.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

# Sessions: in the database (stateless app servers), 30 minutes idle, 12 hours absolute.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Retention (CNIL reference for social and medico-social accompaniment): a record is kept this
# many days after the last contact once no organisation accompanies the person, then archived
# (restricted access) or anonymised.
# Directory search: after the directory changes, a process keeps answering from its current
# index while it rebuilds the next one in a thread (≈ 0.75 s at 51,000 services); tests rebuild
# at once, inside their transaction.
ANSAM_SEARCH_BACKGROUND_REBUILD = env_bool("ANSAM_SEARCH_BACKGROUND_REBUILD", not TESTING)
# The network diagnostic and the observatory: no published count rests on fewer people than
# this (INSEE's rule for households), and a cell about organisations needs at least
# ANSAM_SUPPRESSION_MIN_ORGANISATIONS of them with none above ANSAM_SUPPRESSION_DOMINANCE %.
ANSAM_SUPPRESSION_THRESHOLD = env_int("ANSAM_SUPPRESSION_THRESHOLD", 11)
ANSAM_SUPPRESSION_MIN_ORGANISATIONS = env_int("ANSAM_SUPPRESSION_MIN_ORGANISATIONS", 3)
ANSAM_SUPPRESSION_DOMINANCE = env_int("ANSAM_SUPPRESSION_DOMINANCE", 85)
# A relation counts as strong (an "invisible partnership" when no agreement binds it) from this
# many referrals, people accompanied together and meetings attended together in the period.
ANSAM_NETWORK_STRONG_TIE = env_int("ANSAM_NETWORK_STRONG_TIE", 20)
ANSAM_RETENTION_DAYS = env_int("ANSAM_RETENTION_DAYS", 2 * 365)
ANSAM_RETENTION_MODE = env_str("ANSAM_RETENTION_MODE", "archive")
if ANSAM_RETENTION_MODE not in ("archive", "anonymise"):
    raise ImproperlyConfigured("ANSAM_RETENTION_MODE must be 'archive' or 'anonymise'.")

SESSION_IDLE_SECONDS = env_int("ANSAM_SESSION_IDLE_SECONDS", 30 * 60)
# The person's own space: a shorter idle time (a shared or borrowed phone), one-time codes.
ANSAM_PORTAL_IDLE_SECONDS = env_int("ANSAM_PORTAL_IDLE_SECONDS", 15 * 60)
ANSAM_PORTAL_CODE_HOURS = env_int("ANSAM_PORTAL_CODE_HOURS", 72)
ANSAM_PORTAL_CODE_TRIES = env_int("ANSAM_PORTAL_CODE_TRIES", 5)
# FranceConnect (v2) for the person's space: its discovery document, the client's id and
# secret (given by FranceConnect's partner space). Empty: sign-in with a code only.
ANSAM_FRANCECONNECT_DISCOVERY_URL = env_str("ANSAM_FRANCECONNECT_DISCOVERY_URL", "")
ANSAM_FRANCECONNECT_CLIENT_ID = env_str("ANSAM_FRANCECONNECT_CLIENT_ID", "")
ANSAM_FRANCECONNECT_CLIENT_SECRET = env_str("ANSAM_FRANCECONNECT_CLIENT_SECRET", "")
# ProConnect for professionals: its discovery document, the client's id and secret. Empty:
# email, password and TOTP only.
ANSAM_PROCONNECT_DISCOVERY_URL = env_str("ANSAM_PROCONNECT_DISCOVERY_URL", "")
ANSAM_PROCONNECT_CLIENT_ID = env_str("ANSAM_PROCONNECT_CLIENT_ID", "")
ANSAM_PROCONNECT_CLIENT_SECRET = env_str("ANSAM_PROCONNECT_CLIENT_SECRET", "")
# A callable (dotted path) sending a text message: (phone, text). Empty: codes are printed or
# emailed only.
ANSAM_SMS_SENDER = env_str("ANSAM_SMS_SENDER", "")
SESSION_ABSOLUTE_SECONDS = env_int("ANSAM_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

HTTPS = env_bool("ANSAM_HTTPS", not (DEBUG or DEMO or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ANSAM_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("ANSAM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
for _provider in (ANSAM_FRANCECONNECT_DISCOVERY_URL, ANSAM_PROCONNECT_DISCOVERY_URL):
    if _provider:
        # Signing out signs out at the provider too: the sign-out form's answer goes there.
        _at = urlsplit(_provider)
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_at.scheme}://{_at.netloc}")

# Internationalisation: French by default, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ansam" / "locale"]
FORMAT_MODULE_PATH = ["ansam.formats"]  # English dates as in Europe; French unchanged
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ANSAM_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
if DEBUG or DEMO or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # served from the apps' folders there
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
MEDIA_ROOT = Path(env_str("ANSAM_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Email: console in the demo, SMTP otherwise (EMAIL_URL-like discrete settings).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ansam <ne-pas-repondre@ansam.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address meeting invitations name as organiser: calendar clients send Accept/Decline there;
# its mail is piped to `manage.py meetings_ics_reply`.
ANSAM_MEETINGS_REPLY_TO = env_str("ANSAM_MEETINGS_REPLY_TO", "")

# Background work: a table in the same database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

INVITATION_VALID_DAYS = env_int("ANSAM_INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = 3600 * 2

# The real French geography shipped with Ansam (see ansam/geo/data/SOURCE.md).
GEO_DATA_DIR = Path(env_str("ANSAM_GEO_DATA_DIR", str(BASE_DIR / "ansam" / "geo" / "data")))

NINJA_PAGINATION_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ANSAM_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
