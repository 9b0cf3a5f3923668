"""Settings: everything comes from the environment, read strictly.

GONGHUI_DATA_DIR   where the SQLite file, uploads and the generated secret key live
DATABASE_URL       sqlite:///... (default: the data dir) or postgres://...
GONGHUI_DEBUG      true/false, default false
GONGHUI_ALLOWED_HOSTS  comma-separated, default local names only
GONGHUI_SECRET_KEY (or GONGHUI_SECRET_KEY_FILE)  overrides the generated key
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def default_data_dir() -> Path:
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(root) / "gonghui"
    root = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(root) / "gonghui"


DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR") or default_data_dir()).expanduser().resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def load_secret_key() -> str:
    if os.environ.get("GONGHUI_SECRET_KEY"):
        return os.environ["GONGHUI_SECRET_KEY"]
    if os.environ.get("GONGHUI_SECRET_KEY_FILE"):
        return Path(os.environ["GONGHUI_SECRET_KEY_FILE"]).read_text().strip()
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not both write a key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = load_secret_key()
DEBUG = envbool("GONGHUI_DEBUG")
# Queries on scoped models that skipped the scope raise (core/scope_guard.py); on in tests and DEBUG.
GONGHUI_SCOPE_GUARD = envbool("GONGHUI_SCOPE_GUARD", DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGHUI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.people",
    "gonghui.funds",
    "gonghui.ledgers",
    "gonghui.dues",
    "gonghui.surveys",
    "gonghui.activities",
    "gonghui.notices",
    "gonghui.indicators",
    "gonghui.reports",
    "gonghui.web",
    "gonghui.me",
    "gonghui.api",
    "gonghui.cli",
]

MIDDLEWARE = [
    "gonghui.core.middleware.TrustedProxyMiddleware",  # X-Forwarded-Proto, from GONGHUI_TRUSTED_PROXIES only
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.ReadGateMiddleware",  # writes go ahead of page views (GONGHUI_CONCURRENT_READS)
    "gonghui.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.TokenAuthMiddleware",
    "gonghui.accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.AuditSourceMiddleware",
    "gonghui.accounts.middleware.PasswordExpiryMiddleware",
    "gonghui.core.middleware.ScopeGuardMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

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
            ],
        },
    },
]


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # IMMEDIATE: a writer takes the lock at BEGIN, so the web server and the job worker
            # queue behind each other instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # cache_size: 64 MB of page cache (the default is 2 MB) keeps the indexes of a large import in
            # memory; it is taken only as pages are read, so small requests do not pay for it.
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                             "PRAGMA cache_size=-65536;"),
        }
        config["TEST"] = {"NAME": os.environ.get("GONGHUI_TEST_SQLITE") or None}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "gonghui.accounts.backends.UsernameOrMobileBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gonghui.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gonghui.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gonghui.accounts.passwords.GuessablePasswordValidator"},
    {"NAME": "gonghui.accounts.passwords.PasswordHistoryValidator"},
]
PASSWORD_MAX_AGE_DAYS = envint("GONGHUI_PASSWORD_MAX_AGE_DAYS", 90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 level 2, login failures (accounts/lockout.py): per account, FREE failures cost nothing, then each attempt
# waits 2^n seconds (at most MAX_DELAY), and LOCK failures lock it for LOCKOUT_MINUTES (an admin can unlock);
# one address failing on ADDRESS_LIMIT different accounts within ADDRESS_WINDOW minutes waits too.
GONGHUI_LOGIN_FREE_FAILURES = envint("GONGHUI_LOGIN_FREE_FAILURES", 3)
GONGHUI_LOGIN_LOCK_FAILURES = envint("GONGHUI_LOGIN_FAILURE_LIMIT", 10)
GONGHUI_LOCKOUT_MINUTES = envint("GONGHUI_LOCKOUT_MINUTES", 30)
GONGHUI_LOGIN_MAX_DELAY_SECONDS = envint("GONGHUI_LOGIN_MAX_DELAY_SECONDS", 300)
GONGHUI_LOGIN_ADDRESS_LIMIT = envint("GONGHUI_LOGIN_ADDRESS_LIMIT", 10)
GONGHUI_LOGIN_ADDRESS_WINDOW_MINUTES = envint("GONGHUI_LOGIN_ADDRESS_WINDOW_MINUTES", 60)


def audit_keep_days() -> int:
    """网络安全法 21: security logs are kept at least six months, so no shorter retention is accepted."""
    days = envint("GONGHUI_AUDIT_KEEP_DAYS", 180)
    if days < 180:
        raise ImproperlyConfigured(f"GONGHUI_AUDIT_KEEP_DAYS must be at least 180, not {days}")
    return days


GONGHUI_AUDIT_KEEP_DAYS = audit_keep_days()


def trusted_proxies() -> tuple:
    """The reverse proxies whose X-Real-IP / X-Forwarded-For name the client (core/middleware.py client_ip):
    comma-separated addresses or networks; empty (the default) trusts none and uses the connection's address."""
    import ipaddress

    nets = []
    for item in os.environ.get("GONGHUI_TRUSTED_PROXIES", "").split(","):
        if item.strip():
            try:
                nets.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError as exc:
                raise ImproperlyConfigured(
                    f"GONGHUI_TRUSTED_PROXIES must list IP addresses or networks (CIDR), not {item.strip()!r}") from exc
    return tuple(nets)


GONGHUI_TRUSTED_PROXIES = trusted_proxies()
SESSION_COOKIE_AGE = envint("GONGHUI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("GONGHUI_HTTPS")
CSRF_COOKIE_SECURE = envbool("GONGHUI_HTTPS")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served straight from the package, so no collectstatic step is needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"
# Imports: a file over this size is refused before it is read; a zip (xlsx) whose parts would unpack
# to more than the second figure is refused as a possible zip bomb.
GONGHUI_IMPORT_MAX_BYTES = envint("GONGHUI_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
GONGHUI_IMPORT_MAX_UNCOMPRESSED = envint("GONGHUI_IMPORT_MAX_UNCOMPRESSED", 400 * 1024 * 1024)
# Above this much sheet XML (about 100,000 roster rows) an .xlsx is read row by row: flat memory, slower.
GONGHUI_IMPORT_STREAM_ABOVE = envint("GONGHUI_IMPORT_STREAM_ABOVE", 80 * 1024 * 1024)
# The account the draft vouchers of aid, competition rewards and culture events credit: 102 银行存款 (default)
# or 101 库存现金 (a union that pays them in cash); the finance officer may change a draft before 审核.
GONGHUI_FUNDS_PAYMENT_ACCOUNT = os.environ.get("GONGHUI_FUNDS_PAYMENT_ACCOUNT", "102")
if GONGHUI_FUNDS_PAYMENT_ACCOUNT not in ("101", "102"):
    raise ImproperlyConfigured("GONGHUI_FUNDS_PAYMENT_ACCOUNT must be 101 (库存现金) or 102 (银行存款).")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Report jobs: how many one user may have queued or running at once; how long a generated file is kept.
GONGHUI_REPORT_JOBS_PER_USER = envint("GONGHUI_REPORT_JOBS_PER_USER", 2)
GONGHUI_REPORT_KEEP_DAYS = envint("GONGHUI_REPORT_KEEP_DAYS", 7)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "WARNING")},
}

if "pytest" in sys.modules or os.environ.get("GONGHUI_TESTING"):
    # Fast hashing in tests only; production keeps PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# The public join page (people/joining): uses per client address and kind (apply, status check) per window.
# Page views and API reads one server process renders at once; writes never queue behind them (core/middleware.py).
GONGHUI_CONCURRENT_READS = envint("GONGHUI_CONCURRENT_READS", 4)
GONGHUI_JOIN_ADDRESS_LIMIT = envint("GONGHUI_JOIN_ADDRESS_LIMIT", 20)
GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES = envint("GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES", 60)
