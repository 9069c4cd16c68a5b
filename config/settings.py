"""Settings for the township congress tracker, read from the environment.

Development sets DEBUG=1 (`make run` does) and needs nothing else: SQLite in the project and a
development key. DEBUG is off unless set, so a forgotten variable fails safe; production sets
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (postgres://…); see README.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Development only: a key that is published with the code, so useless anywhere else.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "congress",
    "sessions.apps.SessionsConfig",
    "elections",
    "oversight",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the locale and the user (its 400 page is the site's); LoginRequiredMiddleware acts
    # only when the view is called, so an anonymous request is refused here too.
    "config.middleware.RefuseNulBytesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.middleware.SessionLifetimeMiddleware",
    "congress.middleware.StepsAfterLoginMiddleware",  # the second factor; a password that must change
    "config.middleware.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.LoginAddressLimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections in production; a fresh one per request in development.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Accounts (issue 11): Django's checks with messages of our own catalogue (congress.passwords):
# at least 10 characters, not like the username or full name, not common, not digits only.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "congress.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "congress.passwords.MinimumLengthValidator"},
    {"NAME": "congress.passwords.CommonPasswordValidator"},
    {"NAME": "congress.passwords.NumericPasswordValidator"},
]
# An optional second factor: a TOTP authenticator app (django-otp), set up by the user on
# accounts/otp/ and asked for after the password (congress.middleware). Required of county
# administrators (they manage every account of the county) when this is on.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
OTP_REQUIRED_FOR_COUNTY_ADMINS = env_bool("OTP_REQUIRED_FOR_COUNTY_ADMINS", False)
OTP_TOTP_ISSUER = "乡镇人大"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: by username and address together, since a whole township office
# shares one NAT address; a cool-off, not a permanent lock.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = True

# Behind a reverse proxy REMOTE_ADDR is the proxy: the client's address is read from
# X-Forwarded-For only when the request comes from one of these addresses or networks
# (comma-separated, e.g. "127.0.0.1,10.0.0.0/8"), by congress.client_address, for django-axes and
# the login log alike. Empty: no proxy is trusted and the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network.") from error
AXES_CLIENT_IP_CALLABLE = "congress.client_address.client_address"
# On top of the lock per username and address: failed logins from one address over all
# usernames (config.middleware.LoginAddressLimitMiddleware) — someone trying many accounts.
# High enough for a whole township office behind one NAT address mistyping on a Monday.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
LOGIN_ADDRESS_FAILURE_WINDOW = timedelta(minutes=15)

# Sessions: an idle timeout (the cookie age, renewed by a request at most once a minute) and an
# absolute one (config.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEWAL_INTERVAL = 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["congress.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents are never served from a public URL: no route and no web server serves MEDIA_URL;
# a view that checks access streams each file (sessions: document download).
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request limits (issue 11, finding 4), sized for the largest real forms and refused with the
# 400 page above them. Fields: a resolutions page at its cap of 50 rows sends 50 x 10 fields
# plus the management form (~510); a roll call of ~100 deputies one per deputy; 1000 leaves
# room for per-row version fields. Text: everything but the uploaded files; 2 MB is some
# 600,000 Chinese characters, far above any page's notes and follow-ups together.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. HTTPS settings switch on with DEBUG off; SECURE_SSL_REDIRECT can be turned off
# where a proxy terminates TLS and redirects itself.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No script reads the CSRF cookie: htmx sends the token from base.html's hx-headers.
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Opt-in: the preload list is hard to leave, and it binds every subdomain of the office's
    # domain to HTTPS, which the office decides, not this app.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The deploy check's "preload is off" warning is that decision, taken on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Only the site's own files (django-csp 4's format): no inline script, no style attribute. The
# one inline block, the year report's stylesheet (WeasyPrint renders the PDF from the same page),
# carries the request's nonce; Bootstrap's CSS draws its icons with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the app never uses, off for its pages and anything they might embed.
PERMISSIONS_POLICY_FEATURES = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timestamped": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "timestamped"}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "INFO"},
        # Its start-up banner would open every command's output (dumpdata > backup.json).
        "axes.apps": {"level": "WARNING"},
    },
}
