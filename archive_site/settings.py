"""Settings for the archive catalogue.

One module, driven by environment variables (see ``.env.example`` and the README's
configuration table). It fails closed: debug is off unless ``DEBUG`` turns it on, and the site
refuses to start without a ``SECRET_KEY`` (``make run`` makes a local one; the tests set their
own). Every warning of ``manage.py check --deploy`` has a variable that answers it.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DEBUG", False)

# No fallback key: a key known to anyone who has read this file signs nothing.
# Commands that serve pages, or judge a deployment, need the real key.
_KEYED_COMMANDS = {"runserver", "testserver", "check", "shell", "dbshell"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" else None

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and _COMMAND and _COMMAND not in _KEYED_COMMANDS:
    # A batch command (migrate, import_seeds, export_catalogue, createsuperuser...) signs
    # nothing that outlives it, so a key made for this process alone is safe: nothing signed
    # with it is ever read by the site. Serving still refuses to start without a real key.
    import secrets

    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set the SECRET_KEY environment variable to a long random "
        "string (`make run` makes a local one in .secret_key)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "catalogue",
]

MIDDLEWARE = [
    # First: load balancers ask with their own Host header and over plain HTTP.
    "catalogue.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "catalogue.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "catalogue.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "archive_site.wsgi.application"

# The development server runs each request in a thread of its own that then ends: a
# persistent connection would outlive its thread, unused, until PostgreSQL ran out of slots
# (six clients for 20 s left 54 open). Under it every request closes its connection.
RUNSERVER = sys.argv[1:2] == ["runserver"]

DATABASES = {
    # An empty DATABASE_URL (as .env.example ships it) means the default, like an unset one.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Kept on both backends: a new PostgreSQL connection costs a backend process, a new
        # SQLite one its schema read again and an empty page cache.
        conn_max_age=0 if RUNSERVER else env_int("CONN_MAX_AGE", 60),
        # A connection left broken by a database restart is replaced, not reused.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalogue's queries are short; PostgreSQL's JIT spent seconds compiling plans for
    # counts that run in about 100 ms without it (measured at 10,000 people, 1M recipients).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the public site read while an import writes. SQLite's own page cache is
        # 2 MB per connection by default, and every page beyond it a read() system call:
        # the lists' facets and counts read tens of thousands of pages of a catalogue of
        # 100,000 documents (about 800 MB). A larger cache, kept with the connection, and the
        # file mapped into memory (shared by every process through the operating system's
        # cache, so it costs address space rather than memory) cut their SQL time by a
        # quarter to a half.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# A PostgreSQL read replica (a streaming standby of DATABASE_URL): anonymous visitors' page
# reads go to it, everything else to the primary (catalogue/replica.py). In tests it mirrors
# the primary, so the router is exercised against the same rows.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["catalogue.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Checks the lockout before any password is compared.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The archivists' workspace; a path of one's own keeps it out of scanners' lists.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "").strip().strip("/") + "/"
if ADMIN_PATH == "/":
    ADMIN_PATH = "admin/"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_HOURS (429), whoever else signs
# in. `manage.py axes_reset_ip_username ADDRESS USERNAME` (or `axes_reset`) lifts it early.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# 0 keeps the lockout until someone lifts it with the command.
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT proxies the visitor's address is the one they added to X-Forwarded-For;
# otherwise every sign-in would seem to come from the proxy.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "catalogue.security.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The documents are English translations; dates in them are local to their writers, so the
# catalogue stores naive calendar dates and shows times as written. UTC is used for audit times.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where `import_seeds` looks by default, and the authority file of people it resolves names with.
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", BASE_DIR / "seeds"))
# Largest seed file `import_seeds` reads, in bytes: a seed is a few kilobytes of text, so a
# bigger file is almost certainly not one.
SEED_MAX_BYTES = env_int("SEED_MAX_BYTES", 1024 * 1024)

# OAI-PMH: identifiers are oai:<OAI_REPOSITORY_IDENTIFIER>:<slug> (the site's host when unset);
# the protocol's Identify answer must name a contact address.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "archivists@example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # "user ann changed document ...: summary" for every change to the catalogue
    # (catalogue/changelog.py): on by default, whatever LOG_LEVEL says of the rest.
    "loggers": {
        "catalogue.changes": {"level": os.environ.get("CHANGE_LOG_LEVEL", "INFO")},
    },
}

# --- HTTPS and browser protections ---------------------------------------------------------
# Each answers a warning of `manage.py check --deploy`; the README lists the values for
# production. The defaults suit a local run over plain HTTP only where noted.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Cookies over HTTPS only; on by default unless DEBUG is on (`make run` turns it off).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a proxy that ends TLS, the header by which it says the visitor came over HTTPS
# (e.g. X-Forwarded-Proto, meaning "https"). Without it every request would look like plain
# HTTP and SECURE_SSL_REDIRECT would redirect each one to itself. Set it only when the proxy
# always sets or strips that header: a visitor could otherwise send it.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# Content-Security-Policy (django-csp 4): everything from this site, nothing inline, so an
# injected <script> or style attribute would not run even if escaping ever failed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- Cache ----------------------------------------------------------------------------------
# CACHE_URL chooses the backend: empty or locmem:// keeps each process's own memory (enough
# for one server process); redis://HOST:PORT/DB shares one cache between every process and
# server, so that a change made through one is seen at once by all.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.split(":", 1)[0] in ("redis", "rediss"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "archive",
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the pages of many searches besides the catalogue's figures.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL {CACHE_URL!r} is not understood: leave it empty for each process's own "
        "memory, or give redis://HOST:PORT/DB."
    )
# Whole pages for visitors who are not signed in, kept until the catalogue changes
# (catalogue/pagecache.py); the seconds bound what a change made behind the catalogue's back
# could leave stale. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_SKIP_PATHS = (f"/{ADMIN_PATH}",)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "catalogue.pagecache.AnonymousPageCacheMiddleware",
)
if DATABASE_REPLICA_URL:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("catalogue.pagecache.AnonymousPageCacheMiddleware"),
        "catalogue.replica.ReplicaMiddleware",
    )
