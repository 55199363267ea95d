"""The real documents beside the project (`../shared/corpus/`): read in tests, never copied.

`CORPUS_DIR` points elsewhere when the project is checked out in another place; tests that need
the corpus skip, saying so, when it is absent.
"""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")


def expected_entries() -> list[dict]:
    """The careful human reading of each real document, or a skip that says why there is none."""
    path = CORPUS_DIR / "expected.json"
    if not path.is_file():
        pytest.skip(f"real corpus absent: no {path} (set CORPUS_DIR to its folder)")
    return json.loads(path.read_text(encoding="utf-8"))


def document_text(entry: dict) -> str:
    return (CORPUS_DIR / entry["file"]).read_text(encoding="utf-8")
