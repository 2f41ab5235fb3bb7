"""Wegwijs settings: one module, configured from the environment.

WEGWIJS_ENV selects the defaults: ``production`` (the default of the web server: safe, and it
refuses to start without its required variables), ``development`` (``make run`` and the default
of ``manage.py``: SQLite, demo data, console e-mail) or ``test`` (the test suite). Every
other setting can be overridden by a variable named in docs/operations.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wegwijs.core.audit_keys import DEVELOPMENT_KEY_RING, parse_key_ring

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("WEGWIJS_ENV", "production")
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"WEGWIJS_ENV must be production, development or test, not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name: str, fallback: str) -> str:
    """A variable production cannot run without; other environments use ``fallback``."""
    value = os.environ.get(name, "")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(
            f"{name} is not set. Production needs it (see docs/operations.md); "
            "for a local try-out use `make run`."
        )
    return fallback


DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

SECRET_KEY = required("SECRET_KEY", f"insecure-{ENVIRONMENT}-key-never-use-in-production")
# Keys of the access log's HMAC chain (LOG-03, core.audit_keys): `id:base64key,...`, the
# first signs. Apart from SECRET_KEY and outside the database, so that neither the table
# owner nor the runtime role can re-sign the log. Development and tests use a public key.
AUDIT_HMAC_KEYS = required("AUDIT_HMAC_KEYS", DEVELOPMENT_KEY_RING)
parse_key_ring(AUDIT_HMAC_KEYS, production=PRODUCTION)  # refuses a malformed ring now
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
    required("ALLOWED_HOSTS", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_countries",
    "wegwijs.core",
    "wegwijs.organisation",
    "wegwijs.accounts",
    "wegwijs.catalog",
    "wegwijs.contracts",
    "wegwijs.clients",
    "wegwijs.volunteers",
    "wegwijs.trajectories",
    "wegwijs.measurements",
]

MIDDLEWARE = [
    "wegwijs.core.middleware.RequestIdMiddleware",
    "wegwijs.core.middleware.ClientAddressMiddleware",
    "wegwijs.core.middleware.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wegwijs.core.middleware.HttpMethodMiddleware",
    "wegwijs.core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wegwijs.core.middleware.SessionTimeoutMiddleware",
    "wegwijs.accounts.middleware.UserSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wegwijs.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wegwijs.core.middleware.NoStoreMiddleware",
    "wegwijs.core.access.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wegwijs.urls"
WSGI_APPLICATION = "wegwijs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wegwijs" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wegwijs.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite is the embedded default for development and tests; production needs
# DATABASE_URL (PostgreSQL). Timeouts per SECURITY.md REL-04.
DEFAULT_SQLITE = f"sqlite:///{BASE_DIR / 'var' / 'wegwijs.sqlite3'}"
# SQLite serving a small team at once (make run, a demo; docs/operations.md): readers never
# wait for the writer (WAL), a write transaction takes its lock at BEGIN, so two never fail on
# upgrading a read lock (IMMEDIATE), and a writer waits up to 20 s for another.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
    ),
}
DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"connect_timeout": 5, "options": "-c statement_timeout=30000"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and authentication (SECURITY.md AUTH-01..04).
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "wegwijs.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "wegwijs.accounts.validators.ContextWordValidator"},
    {"NAME": "wegwijs.accounts.validators.BreachedPasswordValidator"},
]
# Breached passwords (AUTH-02): Have I Been Pwned's range API, k-anonymity (five hex characters
# of the SHA-1 leave the server). On in production only, so tests and development need no
# network; when the service is unreachable the check fails open and logs a warning.
HIBP_CHECK_ENABLED = env_bool("HIBP_CHECK_ENABLED", PRODUCTION)
HIBP_TIMEOUT_SECONDS = float(os.environ.get("HIBP_TIMEOUT_SECONDS", "3"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Second factor: "all" roles, only roles that see "personal_data", or "off" (development only).
TWO_FACTOR_MANDATORY = os.environ.get(
    "TWO_FACTOR_MANDATORY", "all" if ENVIRONMENT != "development" else "off"
)
if TWO_FACTOR_MANDATORY not in {"all", "personal_data", "off"}:
    raise ImproperlyConfigured("TWO_FACTOR_MANDATORY must be all, personal_data or off.")
if PRODUCTION and TWO_FACTOR_MANDATORY == "off":
    raise ImproperlyConfigured("Production cannot run with TWO_FACTOR_MANDATORY=off.")
OTP_TOTP_ISSUER = "Wegwijs"
OTP_TOTP_THROTTLE_FACTOR = 1

# Lockout after repeated failures (AUTH-04): five per username + address, fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wegwijs.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "wegwijs.core.client_address.lockout_address"
# The lock table keeps a keyed hash of the typed e-mail address, never the text (it may be a
# password typed in the wrong field, or an address without an account).
AXES_USERNAME_CALLABLE = "wegwijs.accounts.throttling.lockout_username"
AXES_SENSITIVE_PARAMETERS = ["username"]

# The client address behind the reverse proxy (AUTH-04; docs/operations.md, "Reverse proxy"),
# for the lockout, the access log and the rate limits alike: trust exactly TRUSTED_PROXY_COUNT
# proxies (PROXY_COUNT is its former name), or the addresses and networks in TRUSTED_PROXIES.
try:
    TRUSTED_PROXY_COUNT = int(
        os.environ.get("TRUSTED_PROXY_COUNT") or os.environ.get("PROXY_COUNT") or "0"
    )
except ValueError:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number.") from None
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT cannot be negative.")
if TRUSTED_PROXY_COUNT and TRUSTED_PROXIES:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_PROXIES, not both.")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network."
        ) from None

# Sessions (SESS-01, SESS-02): server-side, 30 minutes idle, 12 hours absolute.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "wegwijs.core.views.csrf_failure"
SECURE_COOKIES = env_bool("SECURE_COOKIES", ENVIRONMENT != "development")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# HTTP security headers (DP-03); the TLS terminating proxy sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Content Security Policy with a nonce per response (IO-02); no third parties at all (DP-02).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "wegwijs" / "locale"]
# English dates day-month-year (en_GB), not the US order of Django's "en" (wegwijs/formats).
FORMAT_MODULE_PATH = ["wegwijs.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "wegwijs" / "static"]
# Outside production WhiteNoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console in development and tests, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = required("DEFAULT_FROM_EMAIL", "wegwijs@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logging: plain lines with the request id; never personal data (LOG-02 follows later).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wegwijs.core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Wegwijs itself.
FOUNDATION_NAME = os.environ.get("FOUNDATION_NAME", "VluchtelingenWerk Oost Nederland")
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@example.org")
PAGE_SIZE = 25
# A private foundation may store a BSN only with a specific statutory basis (UAVG art. 46;
# consent does not suffice, facts.md §12). Off by default: without it the BSN field does not
# exist in any form. Turn on only where the foundation processes for a body entitled to the BSN.
BSN_PROCESSING_ENABLED = env_bool("BSN_PROCESSING_ENABLED", False)
# A VOG has no statutory validity; the foundation sets its own rule (facts.md §9: renew every
# 3 years, the advice of several volunteer bodies). Coördinators are warned this many days ahead.
VOG_VALIDITY_YEARS = int(os.environ.get("VOG_VALIDITY_YEARS", "3"))
VOG_WARNING_DAYS = 60
# An assignment without a contact moment for this many days is flagged on the begeleider's
# supervision view (issue 5).
SUPERVISION_CONTACT_DAYS = 30
# Statistical disclosure control for a gemeentecontact (facts.md §14, SECURITY.md PRIV-04):
# counts from 1 to this threshold minus one are shown as "< threshold", with secondary
# suppression; percentages only on a base of at least the threshold.
SMALL_COUNT_THRESHOLD = int(os.environ.get("SMALL_COUNT_THRESHOLD", "10"))
