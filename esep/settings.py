"""esep settings: one file, driven by the environment.

DATABASE_URL   default: SQLite in $ESEP_DATA_DIR/esep.sqlite3; postgres://… for PostgreSQL
SECRET_KEY     required when DEBUG is off; in development one is generated and kept
DEBUG          "1"/"true" to turn on (default off, `make demo` turns it on)
ALLOWED_HOSTS  comma-separated
EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
               EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, EMAIL_BACKEND
ESEP_DATA_DIR  where the SQLite file, the development secrets and uploads live (default ./var)
FIELD_ENCRYPTION_KEYS, LOOKUP_HASH_KEY
               required when DEBUG is off: personal data encrypted at rest (SECURITY.md)
ESEP_REQUIRE_2FA, ESEP_SESSION_IDLE_MINUTES
               staff two-factor login (on unless DEBUG) and idle timeout (30)
AXES_FAILURE_LIMIT, AXES_ADDRESS_FAILURE_LIMIT, AXES_COOLOFF_MINUTES, CLIENT_IP_HEADER
               the login lockout (5 per account and address, 20 per address, 30 minutes)
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD,
SECURE_PROXY_SSL_HEADER, SECURE_COOKIES
               HTTPS behind a proxy (on when DEBUG is off)
IMPORT_MAX_MB, IMPORT_MAX_UNPACKED_MB, IMPORT_MAX_ROWS, IMPORT_MAX_ERRORS
               what one import may be
SQLITE_BUSY_TIMEOUT
               seconds a SQLite writer waits for the lock (60)
PDF_FONT, PDF_FONT_BOLD
               the TrueType fonts PDFs embed (DejaVu Sans, as matplotlib ships it)
CONN_MAX_AGE, CONN_HEALTH_CHECKS
               seconds a worker keeps its database connection (60; 0 when DEBUG), checked
               before reuse (on when kept)
LOG_LEVEL, TASKS_BACKEND
SITE_URL, SMS_SENDER
               the public site's address in messages to citizens; the SMS provider's class
ESEP_YOUNG_AGE under this age on the day counted a deputy is young (35)
ESEP_OPEN311_CACHE_SECONDS
               how long Open311's public reads are kept and may be kept by a proxy (60; 0: not)
"""

import importlib.util
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ESEP_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")


def _development_secret(name: str, make: Callable[[], str]) -> str:
    """A secret kept in DATA_DIR for development, made on first use; never when DEBUG is off."""
    path = DATA_DIR / name
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: make one key and keep it, so sessions survive restarts.
    return _development_secret("secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()

# Personal data is encrypted at rest (esep.lib.crypto). FIELD_ENCRYPTION_KEYS: Fernet keys,
# comma-separated, the first encrypts and all decrypt (rotation: SECURITY.md); LOOKUP_HASH_KEY
# keys the digests that find a person by IIN or phone. Required when DEBUG is off (checked
# when personal data is first read or written); in development they are made and kept.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or (
    [_development_secret("field_key", lambda: Fernet.generate_key().decode())] if DEBUG else []
)
LOOKUP_HASH_KEY = os.environ.get("LOOKUP_HASH_KEY") or (
    _development_secret("lookup_key", lambda: secrets.token_urlsafe(32)) if DEBUG else ""
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "django_htmx",
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "esep.frame",
    "esep.access",
    "esep.audit",
    "esep.org",
    "esep.appeals",
    "esep.receptions",
    "esep.control",
    "esep.programme",
    "esep.deputies",
    "esep.assemblies",
    "esep.ethics",
    "esep.awards",
    "esep.aid",
    "esep.outreach",
    "esep.elections",
    "esep.figures",
    "esep.portal",
    "esep.api",
    "esep.open311",
    "esep.demo",
    # After esep's apps: `esep db_worker` is esep's worker (esep/frame), which outlives a
    # locked SQLite database, not the library's own.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before anything reads the request into the database: a
    # NUL character, and a body too large for the API or Open311, refused in their format.
    "esep.middleware.RefuseUnreadableRequests",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff: logged out after ESEP_SESSION_IDLE_MINUTES idle; the second factor before pages.
    "esep.access.middleware.IdleTimeout",
    "esep.access.middleware.SecondFactor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "esep.urls"
WSGI_APPLICATION = "esep.wsgi.application"

# Form widgets: Django's templates, a select's options written in place (esep/frame/forms.py).
FORM_RENDERER = "esep.frame.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "esep.frame.context_processors.languages",
                "esep.context_processors.navigation",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------

# Persistent connections in production: each of the WSGI server's workers keeps its
# connection for CONN_MAX_AGE seconds (60) instead of opening one per request, which alone
# made Open311's reads 3.6 times faster (docs/national-scale.md); with DEBUG, 0, as
# runserver's thread per request would only leave them behind. CONN_HEALTH_CHECKS (on with
# them) checks a reused connection before a request's first query, so a PostgreSQL restart
# costs a reconnect, not an error.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'esep.sqlite3'}"),
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", CONN_MAX_AGE > 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at BEGIN
        # so two writers queue instead of failing half-way. Django turns foreign keys on.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits its turn for the lock (seconds) before "database is
        # locked": longer than the longest write esep makes, an import's included.
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "60")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------

AUTH_USER_MODEL = "access.User"
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
LOGIN_URL = "login"
# Each role's own work (esep/access/landing.py).
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "portal:home"

# Brute-force lockout (esep/access/lockout.py): five wrong passwords for one account from one
# address lock that account there, and twenty over any accounts lock the address, for 30
# minutes. Not by username alone, which let anyone lock a known account from anywhere; the
# address's limit is higher because a reception office's staff share one address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
ESEP_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "esep.access.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "esep.access.lockout.locked_out"
# Behind a reverse proxy every request comes from the proxy's address: CLIENT_IP_HEADER names
# the header in which the proxy gives the client's (e.g. X-Real-IP; the proxy must overwrite
# it), or the address lockout would lock everyone at once.
ESEP_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "esep.access.lockout.client_address"
SILENCED_SYSTEM_CHECKS = [
    # The figures' covering indexes hold extra columns on PostgreSQL; SQLite makes them
    # plain indexes, which is all it can do.
    "models.W040",
]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor login (esep/access/twofactor.py): required of users whose roles show personal
# data; off by default in development so that the demo's users can log in with a password.
ESEP_REQUIRE_2FA = env_bool("ESEP_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "esep"
# Staff sessions end after this many minutes without a request (esep/access/sessions.py).
ESEP_SESSION_IDLE_MINUTES = int(os.environ.get("ESEP_SESSION_IDLE_MINUTES", "30"))
# The session itself expires soon after, in case the middleware is not there to see it.
SESSION_COOKIE_AGE = (ESEP_SESSION_IDLE_MINUTES + 5) * 60

# Open311's public reads (services, requests, updates) are kept this many seconds in the
# cache and may be kept as long by a proxy or client (Cache-Control: max-age); 0 turns it off.
# What they show is public; a change reaches them within this time.
OPEN311_CACHE_SECONDS = int(os.environ.get("ESEP_OPEN311_CACHE_SECONDS", "60"))

# Everything is served by esep itself: no inline scripts, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS only, when DEBUG is off: browsers are told to use nothing else for a year (HSTS).
# SECURE_SSL_REDIRECT=0 when the reverse proxy already redirects plain HTTP; behind a proxy
# that ends TLS, SECURE_PROXY_SSL_HEADER names the header it sets (e.g. X-Forwarded-Proto),
# which it must always set or overwrite.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
X_FRAME_OPTIONS = "DENY"

# --- Languages and time -----------------------------------------------------------------

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR.parent / "locale"]
FORMAT_MODULE_PATH = ["esep.frame.formats"]  # Kazakh dates and numbers (Django has none)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored in UTC; each territory carries its own zone for deadlines

# --- REST API (esep/api) -----------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "esep.access.authentication.ApiTokenAuthentication",
        # The browsable docs, used while signed in to the site, try calls with the session.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; a body nested too deeply or with a lone surrogate is a 400.
    "DEFAULT_PARSER_CLASSES": ["esep.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "esep.api.pagination.Pages",
    # Documents the error answers (400 to 422) of every operation with the error format.
    "DEFAULT_SCHEMA_CLASS": "esep.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "esep.api.errors.handle",
    "ORDERING_PARAM": "ordering",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "esep REST API",
    "DESCRIPTION": (
        "Everything staff do in esep, scriptable. Every call runs with the roles and branch "
        "scope of the token's user, exactly as the pages do: what lies outside them is 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # A box that filters the operations by tag: the API has some 180 paths, and Swagger UI
    # draws only the part of its long list in view.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "filter": True},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a field name get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AppealKind": "esep.appeals.models.Kind",
        "AppealChannel": "esep.appeals.models.Channel",
        "AppealStatus": "esep.appeals.lifecycle.Status",
        "OutcomeEnum": "esep.appeals.models.Outcome",
        "Language": "esep.settings.LANGUAGES",
        "BranchKind": "esep.org.models.Branch.Kind",
        "ReceptionKind": "esep.receptions.models.Kind",
        "ReceptionStatus": "esep.receptions.models.Status",
        "PostStatus": "esep.control.models.ControlPost.Status",
        "IssueStatus": "esep.control.models.Issue.Status",
        "InstructionStatus": "esep.control.models.Instruction.Status",
        "ProgrammeStatus": "esep.programme.models.Status",
        "ProgrammeVerdict": "esep.programme.models.Verdict",
        "ProposalChannel": "esep.programme.models.Proposal.Channel",
        "EvidenceKind": "esep.programme.models.Evidence.Kind",
        "ObservationKind": "esep.programme.models.Observation.Kind",
        # Deputies (the REST API's deputies resources).
        "BodyLevel": "esep.deputies.models.Level",
        "MandateKind": "esep.deputies.models.Mandate.Kind",
        "MandateEndReason": "esep.deputies.models.Mandate.EndReason",
        "DeputyPosition": "esep.deputies.models.Position",
        "SittingKind": "esep.deputies.models.Sitting.Kind",
        "InitiativeKind": "esep.deputies.models.Initiative.Kind",
        # Every component (a correction submitted names only those a deputy may correct).
        "RatingComponent": "esep.deputies.models.Component",
        # The party's assemblies (the REST API's conferences, polls and primaries).
        "ConferenceKind": "esep.assemblies.models.Conference.Kind",
        "ConferenceState": "esep.assemblies.models.Conference.State",
        "AgendaItemKind": "esep.assemblies.models.Item.Kind",
        "PollKind": "esep.assemblies.models.Poll.Kind",
        "PollState": "esep.assemblies.models.Poll.State",
        "PollSource": "esep.assemblies.models.Poll.Source",
        "PollOutcome": "esep.assemblies.models.Result.Outcome",
        "OptionKind": "esep.assemblies.models.Option.Kind",
        "Majority": "esep.assemblies.models.Majority",
        "PrimariesState": "esep.assemblies.models.Campaign.State",
        "CandidateState": "esep.assemblies.models.Candidate.State",
        "BodyKind": "esep.org.models.Body.Kind",
        "IssueSource": "esep.control.issues.models.Issue.Source",
        # Members' ethics cases (the REST API's ethics-cases).
        "EthicsCaseSource": "esep.ethics.models.Case.Source",
        "EthicsCaseState": "esep.ethics.lifecycle.State",
        "EthicsNoticeChannel": "esep.ethics.models.Case.Channel",
        "EthicsCaseDecision": "esep.ethics.models.Case.Decision",
        "EthicsReviewDecision": "esep.ethics.models.Review.Decision",
        "SanctionKind": "esep.ethics.models.Sanction.Kind",
        "SanctionState": "esep.ethics.models.Sanction.State",
        # The programme's proposals keep the name they had before the ethics decisions.
        "DecisionEnum": "esep.programme.models.Proposal.Decision",
        # Aid campaigns (the REST API's aid-campaigns, -households, -deliveries).
        "AidKind": "esep.aid.models.Kind",
        "AidCategory": "esep.aid.models.Category",
        "AidConfirmation": "esep.aid.models.Delivery.Confirmation",
        "PartnerKind": "esep.aid.models.Partner.Kind",
        # Outreach (the REST API's outreach-campaigns, -meetings, -rounds).
        "OutreachCampaignKind": "esep.outreach.models.Campaign.Kind",
        "OutreachActivityKind": "esep.outreach.models.Activity.Kind",
        # Awards (the catalogue).
        "AwardKind": "esep.awards.models.Award.Kind",
        # Elections (the REST API's elections); a poll's base keeps its name beside theirs.
        "BaseEnum": "esep.assemblies.models.Base",
        "ElectionKind": "esep.elections.models.Kind",
        "ElectionBase": "esep.elections.models.Base",
        "ElectionTie": "esep.elections.models.Tie",
        "ElectionSystem": "esep.elections.models.System",
        "AkimOffice": "esep.elections.models.Office",
        "ElectionState": "esep.elections.lifecycle.State",
    },
}

# --- Static files -----------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Imports of appeals (esep/appeals/imports.py) ----------------------------------------

# An uploaded file's size, an XLSX's size unpacked, the rows of one file, and the problems
# kept to show when it is refused (the rest are counted).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "10")) * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "100")) * 1024 * 1024
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_ERRORS = int(os.environ.get("IMPORT_MAX_ERRORS", "200"))

# --- PDF reports ------------------------------------------------------------------------
# A Unicode TrueType font with Cyrillic and Kazakh letters (ә ғ қ ң ө ұ ү һ і), embedded in
# each PDF: DejaVu Sans as the installed matplotlib package ships it, so nothing is downloaded
# or installed apart; `esep check` warns when the file is missing.
_FONTS = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0])  # type: ignore[union-attr, index]
PDF_FONT = os.environ.get("PDF_FONT", str(_FONTS / "mpl-data/fonts/ttf/DejaVuSans.ttf"))
PDF_FONT_BOLD = os.environ.get(
    "PDF_FONT_BOLD", str(_FONTS / "mpl-data/fonts/ttf/DejaVuSans-Bold.ttf")
)

# --- Background tasks -------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- E-mail -----------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "esep@localhost")

# --- News to citizens (esep/appeals/notify.py) --------------------------------------------

# The public site's address, for the links in e-mails and SMS sent by the worker (no request
# to read it from): SITE_URL, else https:// and the first of ALLOWED_HOSTS.
ESEP_SITE_URL = os.environ.get("SITE_URL") or (
    f"https://{ALLOWED_HOSTS[0]}"
    if ALLOWED_HOSTS and not DEBUG
    else "http://" + os.environ.get("HOST", "127.0.0.1:8000")
)
# SMS_SENDER: the dotted path of a class whose instances have send(phone, text), for the
# provider esep is given; empty, no SMS is offered or sent.
ESEP_SMS_SENDER = os.environ.get("SMS_SENDER", "")

# --- Logging: no personal data in log lines (see esep.lib.logging) ------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "esep.lib.logging.ScrubPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Deputies: under this age on the day counted, a deputy is young (the rating's figures).
ESEP_YOUNG_AGE = int(os.environ.get("ESEP_YOUNG_AGE", "35"))
