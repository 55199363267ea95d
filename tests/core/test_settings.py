"""Settings refuse an unsafe production start; checked in a subprocess so this run is untouched."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_seed_max_bytes_comes_from_the_environment():
    code = "from archive_site import settings; print(settings.SEED_MAX_BYTES)"
    assert import_settings(code).stdout.strip() == str(1024 * 1024)
    assert import_settings(code, SEED_MAX_BYTES="2048").stdout.strip() == "2048"
    result = import_settings(code, SEED_MAX_BYTES="1 MiB")
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
