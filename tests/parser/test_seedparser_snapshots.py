"""The seed parser's whole output for the seed and every fixture, pinned.

Each file in tests/fixtures/parser_snapshots holds ``to_dict(parse(text))`` for one input.  The
tests of the other modules check what matters to an archivist; this one catches any change at
all, so that work on the parser's speed cannot alter a result unnoticed.  When a change of output
is intended, regenerate the snapshots and review their diff:

    python tests/parser/test_seedparser_snapshots.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from catalogue.seedparser import parse, to_dict  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SNAPSHOTS = FIXTURES / "parser_snapshots"
INPUTS = sorted(
    [ROOT / "seeds" / "000_fffce33f7251ed7a.txt"]
    + [p for d in ("genre", "genre_unseen", "import") for p in (FIXTURES / d).glob("*.txt")]
)


def snapshot_path(path: Path) -> Path:
    return SNAPSHOTS / f"{path.parent.name}__{path.stem}.json"


def output(path: Path) -> dict:
    return to_dict(parse(path.read_text(encoding="utf-8"), source_name=path.name))


def test_every_input_has_a_snapshot():
    assert sorted(p.name for p in SNAPSHOTS.glob("*.json")) == sorted(
        snapshot_path(p).name for p in INPUTS
    )


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_output_matches_snapshot(path):
    expected = json.loads(snapshot_path(path).read_text(encoding="utf-8"))
    # Through JSON so that tuples and lists compare as the snapshot stores them.
    assert json.loads(json.dumps(output(path))) == expected


if __name__ == "__main__":
    SNAPSHOTS.mkdir(exist_ok=True)
    for path in INPUTS:
        snapshot_path(path).write_text(
            json.dumps(output(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(INPUTS)} snapshots to {SNAPSHOTS.relative_to(ROOT)}")
