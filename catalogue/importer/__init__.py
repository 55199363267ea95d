"""Read seed files into the catalogue: the Django side of `manage.py import_seeds`.

The parser (`catalogue.seedparser`) turns text into plain data and the authority file
(`catalogue.names`) resolves names; this package writes what they produce into Documents,
People, Recipients, Requests and TransmissionEvents, one file per transaction.

Re-imports keep the archivists' work. Each document remembers in `imported_values` what the
last import wrote (fields, person slugs and the related rows in a plain form). A later import of
a changed file compares the document's current values with that record: a value still equal to
what the importer wrote is replaced by the new parse; a value that differs was edited by an
archivist and is kept, and the outcome lists it as a conflict. The publication status of an
existing document is never changed.

Modules:

- `files`: finding, reading, checking, decoding and parsing seed files (no database).
- `people`: the people index: the authority file written into People, names resolved.
- `values`: parsed data turned into the values of a document's fields and rows.
- `reconcile`: the re-import rules: which fields a changed file may change, which an
  archivist's edit keeps.
- `run`: the `Importer`, which checks each file against the catalogue and writes it.
- `sql`: bulk inserts of new rows with their history rows.
- `restore`: what `import_catalogue` restores from an export.
- `history`: the user `importer` that history records, and a block that records under it.
"""

from .files import (
    MAX_FILE_BYTES,
    SYNTHETIC_MARK,
    SYNTHETIC_PREFIX,
    BadInput,
    collect_files,
)
from .history import history_user, importer_user
from .people import is_designation
from .run import Importer
from .values import publishable

__all__ = [
    "MAX_FILE_BYTES",
    "SYNTHETIC_MARK",
    "SYNTHETIC_PREFIX",
    "BadInput",
    "Importer",
    "collect_files",
    "history_user",
    "importer_user",
    "is_designation",
    "publishable",
]
