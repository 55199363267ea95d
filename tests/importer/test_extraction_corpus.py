"""Extraction fidelity on the development corpus of real documents.

The corpus (texts, an archivist's reading of each in expected.json, and its own scorer score.py)
is third-party material kept beside the project, never in it: these tests read it from
``../shared/corpus/`` (or the folder named by CORPUS_DIR, see tests/real_corpus.py) and are
skipped, saying so, where it is absent.

FLOORS is the level the importer reaches today, field by field. A change that reads any field
worse fails here; when the parser improves, raise the floors to the new level in the same
commit, so that no later change can silently lose the gain.
"""

import json
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from catalogue import evaluation as ev
from tests.real_corpus import CORPUS_DIR

# Today's level, rounded down: raise these as the parser learns the corpus's forms.
FLOORS = {
    "overall": 0.97,
    "doc_type": 0.90,
    "reference_numbers": 0.97,
    "date": 0.95,
    "sender": 1.00,
    "addressees": 1.00,
    "copy_names": 1.00,
    "copy_counts": 1.00,
    "place": 1.00,
    "requests": 1.00,
    "people": 0.95,
    "enclosure_author": 1.00,
}

CORPUS = CORPUS_DIR
pytestmark = pytest.mark.skipif(
    not (CORPUS / "expected.json").is_file(),
    reason=f"real corpus absent: no {CORPUS / 'expected.json'} (set CORPUS_DIR to its folder)",
)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """The corpus imported once into a throwaway database; the export of what was read and
    the command's printed report."""
    path = tmp_path_factory.mktemp("corpus") / "export.json"
    out = StringIO()
    call_command("evaluate_extraction", str(CORPUS), "--export", str(path), stdout=out)
    return path, out.getvalue().splitlines()


@pytest.fixture(scope="module")
def evaluation(export):
    path, _ = export
    expected = ev.parse_expected((CORPUS / "expected.json").read_text(encoding="utf-8"))
    documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return ev.evaluate(expected, documents)


def reference_scores(export_path):
    """Per-field means and the overall score as the corpus's own scorer prints them."""
    result = subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), str(CORPUS / "expected.json"), export_path],
        capture_output=True,
        text=True,
    )
    assert "corpus score:" in result.stdout, result.stderr
    scores = {}
    for line in result.stdout.splitlines():
        if match := re.fullmatch(r"(\w+)\s+([\d.]+|-)\s+\(n=(\d+)\)", line):
            scores[match[1]] = (match[2], int(match[3]))
        elif match := re.match(r"corpus score: ([\d.]+)", line):
            scores["overall"] = match[1]
    return scores


def test_every_text_is_imported(evaluation):
    assert evaluation.imported == 1.0


def test_agrees_with_the_corpus_scorer(export, evaluation):
    path, _ = export
    reference = reference_scores(str(path))
    ours = {"imported": (f"{evaluation.imported:.2f}", len(evaluation.documents))}
    for name, mean in evaluation.field_means().items():
        ours[name] = ("-" if mean is None else f"{mean:.2f}", len(evaluation.scores(name)))
    ours["overall"] = f"{evaluation.overall:.2f}"
    assert ours == reference


def test_command_prints_the_same_figures(export, evaluation):
    _, lines = export
    assert f"overall score: {evaluation.overall:.2f}" in lines[-1]
    for name, mean in evaluation.field_means().items():
        assert f"{name:18s} {mean:.2f}  (n={len(evaluation.scores(name))})" in lines


@pytest.mark.parametrize("name", list(FLOORS))
def test_no_field_reads_worse_than_its_floor(evaluation, name):
    score = evaluation.overall if name == "overall" else evaluation.field_means()[name]
    assert score >= FLOORS[name], f"{name} fell to {score:.3f}, below its floor {FLOORS[name]}"
