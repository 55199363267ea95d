"""Settings refuse an unsafe production start; checked in a subprocess so this run is untouched."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_settings(code="import archive_site.settings", **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_starts_with_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_local_default_needs_no_secret_key():
    result = import_settings()
    assert result.returncode == 0, result.stderr


def test_empty_database_url_means_the_sqlite_default():
    code = "from archive_site import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = import_settings(code, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgres_url_selects_postgresql_with_persistent_connections():
    code = (
        "from archive_site import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['OPTIONS']['options'])"
    )
    result = import_settings(code, DATABASE_URL="postgres://postgres@127.0.0.1:5432/archive")
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "archive",
        "60",
        "-c",
        "jit=off",
    ]


PRINT_CACHE = "import archive_site.settings as s; print(s.CACHES['default']['BACKEND'])"


def test_cache_is_local_memory_by_default():
    result = import_settings(PRINT_CACHE, CACHE_URL="")
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_cache_url_selects_djangos_redis_backend():
    result = import_settings(PRINT_CACHE, CACHE_URL="redis://127.0.0.1:6379/3")
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_unknown_cache_url_is_refused_by_name():
    result = import_settings(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL 'memcached://127.0.0.1:11211' is not understood" in result.stderr
