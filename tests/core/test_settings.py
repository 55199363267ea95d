"""Settings fail closed; checked in subprocesses so this run's settings are untouched."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every variable the settings read, cleared so that the machine's environment cannot leak in.
READ = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CONN_MAX_AGE",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "ADMIN_PATH",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_HOURS",
    "PROXY_COUNT",
    "SEED_MAX_BYTES",
    "CACHE_URL",
    "PAGE_CACHE_SECONDS",
    "DATABASE_REPLICA_URL",
    "REPLICA_LAG_SECONDS",
    "DJANGO_SETTINGS_MODULE",
}
KEY = "k3y-for-settings-tests-" + "abcdefghij" * 4


# Set by this test run itself (the browser tests' Playwright loop), never in a deployment.
TEST_RUN_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in READ | TEST_RUN_ONLY}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def import_settings(code="import archive_site.settings", **env):
    return run(["-c", code], **env)


def setting(name, argv=(), **env):
    """The value of a setting as the site would see it, printed by a fresh interpreter."""
    code = (
        f"import sys; sys.argv = ['manage.py', *{list(argv)!r}]; "
        f"from archive_site import settings; print(repr(getattr(settings, {name!r}, None)))"
    )
    result = import_settings(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_refuses_to_start_without_secret_key():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_no_development_key_even_with_debug_on():
    result = import_settings(DEBUG="1")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_batch_commands_run_without_secret_key():
    """An import or an export signs nothing, so it runs with a key made for it alone; serving
    and `check --deploy` still need the real one."""
    code = "import sys; sys.argv = ['manage.py', 'import_seeds']; import archive_site.settings"
    assert import_settings(code).returncode == 0
    for command in ("runserver", "check"):
        code = f"import sys; sys.argv = ['manage.py', '{command}']; import archive_site.settings"
        result = import_settings(code)
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr


def test_starts_with_secret_key():
    result = import_settings(SECRET_KEY=KEY)
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_set():
    assert setting("DEBUG", SECRET_KEY=KEY) == "False"
    assert setting("DEBUG", SECRET_KEY=KEY, DEBUG="") == "False"
    assert setting("DEBUG", SECRET_KEY=KEY, DEBUG="1") == "True"


def test_cookies_are_secure_unless_debug_or_turned_off():
    assert setting("SESSION_COOKIE_SECURE", SECRET_KEY=KEY) == "True"
    assert setting("CSRF_COOKIE_SECURE", SECRET_KEY=KEY) == "True"
    assert setting("SESSION_COOKIE_SECURE", SECRET_KEY=KEY, SECURE_COOKIES="0") == "False"
    assert setting("SESSION_COOKIE_SECURE", SECRET_KEY=KEY, DEBUG="1") == "False"


def test_proxy_ssl_header_by_variable():
    assert setting("SECURE_PROXY_SSL_HEADER", SECRET_KEY=KEY) == "None"
    assert setting(
        "SECURE_PROXY_SSL_HEADER", SECRET_KEY=KEY, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    ) == repr(("HTTP_X_FORWARDED_PROTO", "https"))


def test_admin_path_by_variable():
    assert setting("ADMIN_PATH", SECRET_KEY=KEY) == "'admin/'"
    assert setting("ADMIN_PATH", SECRET_KEY=KEY, ADMIN_PATH="/back-office") == "'back-office/'"


def test_a_bad_number_names_its_variable():
    result = import_settings(SECRET_KEY=KEY, SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_empty_database_url_means_the_sqlite_default():
    code = "from archive_site import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = import_settings(code, DATABASE_URL="", SECRET_KEY=KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_sqlite_keeps_its_connections_with_a_large_page_cache_and_the_file_mapped(tmp_path):
    # A connection per request read the schema again and started with an empty 2 MB cache.
    code = (
        "from archive_site import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE']); print(d['OPTIONS']['init_command'])"
    )
    result = import_settings(code, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", SECRET_KEY=KEY)
    assert result.returncode == 0, result.stderr
    age, init = result.stdout.splitlines()
    assert age == "60"
    for pragma in ("journal_mode=WAL", "cache_size=-65536", "mmap_size=1073741824"):
        assert f"PRAGMA {pragma};" in init


def test_postgres_url_selects_postgresql_with_persistent_checked_connections():
    code = (
        "from archive_site import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "d['OPTIONS']['options'])"
    )
    result = import_settings(
        code, DATABASE_URL="postgres://postgres@127.0.0.1:5432/archive", SECRET_KEY=KEY
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "archive",
        "60",
        "True",
        "-c",
        "jit=off",
    ]


def test_seed_max_bytes_comes_from_the_environment():
    code = "from archive_site import settings; print(settings.SEED_MAX_BYTES)"
    assert import_settings(code, SECRET_KEY=KEY).stdout.strip() == str(1024 * 1024)
    assert import_settings(code, SECRET_KEY=KEY, SEED_MAX_BYTES="2048").stdout.strip() == "2048"
    result = import_settings(code, SECRET_KEY=KEY, SEED_MAX_BYTES="1 MiB")
    assert result.returncode != 0
    assert "SEED_MAX_BYTES must be a whole number, not '1 MiB'" in result.stderr


def test_settings_declare_every_setting_the_code_reads():
    """A setting read with a fallback (getattr) or directly must be declared in the settings
    module or be one of Django's own, so that .env.example and the README can list it."""
    from django.conf import global_settings

    from archive_site import settings

    pattern = re.compile(r"""getattr\(settings,\s*["']([A-Z_]+)["']|\bsettings\.([A-Z][A-Z_]+)""")
    read = set()
    for path in (ROOT / "catalogue").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            read.add(match.group(1) or match.group(2))
    assert "SEED_MAX_BYTES" in read
    undeclared = {
        name for name in read if not hasattr(settings, name) and not hasattr(global_settings, name)
    }
    assert not undeclared


def test_env_example_lists_every_variable_the_settings_read():
    source = (ROOT / "archive_site" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"""(?:environ\.get|env_\w+)\(\s*["']([A-Z_]+)["']""", source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert "SEED_MAX_BYTES" in read
    assert read - listed == set()


def test_development_server_keeps_no_connection_open():
    # Its threads end after each request; a persistent connection would outlive them.
    url = "postgres://postgres@127.0.0.1:5432/archive"
    code = (
        "import sys; sys.argv = ['manage.py', 'runserver']; "
        "from archive_site import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = import_settings(code, DATABASE_URL=url, SECRET_KEY=KEY, CONN_MAX_AGE="600")
    assert result.stdout.strip() == "0", result.stderr


# --- manage.py check --deploy with the README's production variables --------------------------


def production_variables():
    """The variables the README's "Production settings" block documents, as a dict."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    variables = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, value = line.partition("=")
            variables[name] = value.strip("'\"")
    return variables


def check_deploy(**env):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)


def test_readme_documents_every_security_variable():
    documented = production_variables()
    for name in (
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_COOKIES",
        "SECURE_PROXY_SSL_HEADER",
    ):
        assert name in documented, name
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in READ - {"DJANGO_SETTINGS_MODULE"}:
        assert re.search(rf"^{name}=", example, re.M), f"{name} is missing from .env.example"


def test_check_deploy_passes_with_the_documented_production_variables():
    env = production_variables()
    # The README shows a placeholder; a real key is long and random.
    env["SECRET_KEY"] = KEY
    result = check_deploy(**env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable, value, warning",
    [
        ("DEBUG", "1", "security.W018"),
        ("SECURE_SSL_REDIRECT", "0", "security.W008"),
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0", "security.W005"),
        ("SECURE_HSTS_PRELOAD", "0", "security.W021"),
        ("SECURE_COOKIES", "0", "security.W012"),
        ("SECRET_KEY", "short", "security.W009"),
    ],
)
def test_each_deploy_warning_follows_its_variable(variable, value, warning):
    env = production_variables() | {"SECRET_KEY": KEY, variable: value}
    result = check_deploy(**env)
    assert result.returncode != 0
    assert warning in result.stderr + result.stdout


PRINT_CACHE = "import archive_site.settings as s; print(s.CACHES['default']['BACKEND'])"


def test_cache_is_local_memory_by_default():
    result = import_settings(PRINT_CACHE, SECRET_KEY=KEY, CACHE_URL="")
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_cache_url_selects_djangos_redis_backend():
    result = import_settings(PRINT_CACHE, SECRET_KEY=KEY, CACHE_URL="redis://127.0.0.1:6379/3")
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_unknown_cache_url_is_refused_by_name():
    result = import_settings(SECRET_KEY=KEY, CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL 'memcached://127.0.0.1:11211' is not understood" in result.stderr
