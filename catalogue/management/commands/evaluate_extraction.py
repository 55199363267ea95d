"""Measure how well the importer reads a folder of texts against a careful human reading.

Imports the texts under DIR into a throwaway SQLite database (never the catalogue's own), exports
what was read, and compares it field by field with the expected readings (--expected FILE, by
default DIR/expected.json; its form is in the README). Prints per-field scores, the share
published, and the overall score; --verbose first lists each document's misses, expected against
read.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalogue.evaluation import (
    ExpectedFileError,
    evaluate,
    parse_expected,
    report_lines,
)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="Folder of texts (searched for *.txt).")
        parser.add_argument(
            "--expected",
            metavar="FILE",
            help="Expected readings (default: expected.json in DIR).",
        )
        parser.add_argument(
            "--people",
            metavar="CSV",
            help="Authority file of people for the import (default: people.csv in SEEDS_DIR).",
        )
        parser.add_argument(
            "--export",
            metavar="FILE",
            help="Also keep the export of what was read (JSON, as export_catalogue writes it).",
        )
        parser.add_argument(
            "--verbose", action="store_true", help="List each document's misses first."
        )

    def handle(self, *args, folder, expected, people, export, verbose, **options):
        folder = Path(folder)
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        expected_path = Path(expected) if expected else folder / "expected.json"
        if not expected_path.is_file():
            raise CommandError(
                f"{expected_path}: no such file; give the expected readings with --expected"
            )
        people_path = Path(people) if people else Path(settings.SEEDS_DIR) / "people.csv"
        if not people_path.is_file():
            raise CommandError(f"{people_path}: no such authority file")
        try:
            entries = parse_expected(
                expected_path.read_text(encoding="utf-8"), label=str(expected_path)
            )
        except UnicodeDecodeError:
            raise CommandError(f"{expected_path}: not UTF-8 text") from None
        except (ExpectedFileError, OSError) as error:
            raise CommandError(str(error)) from None
        texts = {path.relative_to(folder).as_posix() for path in folder.rglob("*.txt")}
        names = {Path(text).name for text in texts}
        missing = [e["file"] for e in entries if e["file"] not in texts | names]
        if missing:
            raise CommandError(
                f"{expected_path}: {len(missing)} text(s) it lists are not in {folder}: "
                + ", ".join(missing[:5])
                + (" ..." if len(missing) > 5 else "")
            )
        documents = self.import_and_export(folder, people_path, export)
        evaluation = evaluate(entries, documents)
        for line in report_lines(evaluation, verbose=verbose):
            self.stdout.write(line)

    def import_and_export(self, folder, people_path, export):
        """Run migrate, import_seeds and export_catalogue in a child process on a temporary
        SQLite file, so the catalogue's own database is never touched, whatever it is."""
        with tempfile.TemporaryDirectory(prefix="evaluate-extraction-") as scratch:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(scratch) / 'db.sqlite3'}"}
            output = Path(export) if export else Path(scratch) / "export.json"
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            self.run(manage + ["migrate", "--noinput", "--verbosity", "0"], env, "migrate")
            # A text the importer refuses (empty, binary, ...) makes import_seeds exit non-zero
            # after importing the others; it then simply counts as not imported.
            imported = self.run(
                manage + ["import_seeds", str(folder), "--people", str(people_path)],
                env,
                "import_seeds",
                check=False,
            )
            for line in imported.stderr.splitlines():
                if line.strip() and not line.startswith("CommandError"):
                    self.stderr.write(self.style.NOTICE(line))
            self.run(
                manage + ["export_catalogue", "--format", "json", "--output", str(output)],
                env,
                "export_catalogue",
            )
            return json.loads(output.read_text(encoding="utf-8"))["documents"]

    @staticmethod
    def run(command, env, name, check=True):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if check and result.returncode:
            raise CommandError(f"{name} failed in the throwaway database:\n{result.stderr}")
        return result
