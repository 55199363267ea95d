"""Count the steps of curating an imported folder: from "import the corpus" to "every document
published or explained", in mouse presses and keys.

    SECRET_KEY=x python bench/curation_steps.py ../shared/corpus [--verbose] [--export FILE]

How it counts:
1. The texts are imported into a throwaway SQLite database and exported, as
   `evaluate_extraction` does, and each document's reading is compared with the careful
   human reading (expected.json): what an archivist must correct is what the importer read
   wrong: the type, the date, the sender (or author), addressees missing (each added as a row)
   and rows read as addressees that are none (each deleted: a tick).
2. Each correction costs what tests/browser/test_browser_steps.py measures in a real browser
   (COSTS below; the test fails if the browser disagrees): a type is a press on the select,
   the first letters that pick it and Enter; a date a press and its ten characters; a person a
   press on the autocomplete, four letters, a press on the name; a recipient "add another", a
   press on the name box, the name as written, and the role chosen as a type is.
3. "Now": the review queue is walked: a press on its first document, then for each document in
   the queue (drafts and "needs review") its corrections, a tick for each gap that stays true
   (undated, type "other", no sender: "Publish although"), and one press on "Publish and
   review next". A published document the importer read wrong is opened from the list (a
   press), corrected and saved (a press): it is counted apart, since nothing flags it.
4. "Before" (modelled, not measured: the pages are gone): no queue, no "next", and nothing
   derived followed the facts. Each draft is opened from the filtered list (a press, after
   one on the filter), corrected, its composed title and its slug retyped when a fact they
   are made from changed (a press, select-all, the text), "needs review" unticked, saved (a
   press); then one batch publish of every draft (a press per row, the action chosen, Go).
   The new title's length is taken as the imported one's.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")

import django  # noqa: E402
from django.apps import apps  # noqa: E402

# Imported by the browser test too, inside a configured test run: set up only when run alone.
if not apps.ready:
    django.setup()

from catalogue.evaluation import (  # noqa: E402
    KNOWN_PSEUDONYMS,
    match_documents,
    names_match,
    parse_expected,
    score_document,
)
from catalogue.models import DocumentType, Role  # noqa: E402

TYPE_LABELS = [label for _value, label in DocumentType.choices]
ROLE_LABELS = [label for _value, label in Role.choices]
PERSON_LETTERS = 4  # letters typed in the person autocomplete before choosing


def select_keys(label, labels):
    """The letters that pick LABEL in a native select by typing: the shortest start of it for
    which it is the first of LABELS (in their order) to begin so."""
    wanted = label.lower()
    for end in range(1, len(wanted) + 1):
        start = wanted[:end]
        first = next(candidate for candidate in labels if candidate.lower().startswith(start))
        if first.lower() == wanted:
            return start
    return wanted


def choose_cost(label, labels):
    """(presses, keys) of choosing LABEL in a native select: open it, type, Enter."""
    return (1, len(select_keys(label, labels)) + 1)


COSTS = {
    "open_first": (1, 0),
    "type": lambda label: choose_cost(label, TYPE_LABELS),
    "date": lambda iso: (1, len(iso)),
    "person": (2, PERSON_LETTERS),
    # "Add another", a press on the name box, the name as written, the role.
    "recipient": lambda name: add((2, len(name)), choose_cost("Addressee", ROLE_LABELS)),
    "publish_next": (1, 0),
    "tick": (1, 0),
    "save": (1, 0),
}


def batch_action(rows, action, action_labels, value=None, value_labels=TYPE_LABELS):
    """(presses, keys) of a batch action on ROWS ticked rows: the action chosen, Go, and when
    it asks for one the new VALUE chosen and confirmed."""
    cost = add((rows, 0), choose_cost(action, action_labels), (1, 0))
    if value is not None:
        cost = add(cost, choose_cost(value, value_labels), (1, 0))
    return cost


def add(*costs):
    return tuple(map(sum, zip(*costs, strict=True)))


def label_of(doc_type):
    wanted = doc_type.replace("_", " ").strip().lower()
    return next(label for label in TYPE_LABELS if label.lower() == wanted)


def corrections(entry, document):
    """[(what, (presses, keys))] of what an archivist corrects in DOCUMENT (as exported)."""
    fields = score_document(entry, document, KNOWN_PSEUDONYMS)
    result = []
    if "doc_type" in fields and fields["doc_type"].score < 1:
        label = label_of(entry["doc_type"])
        result.append((f"type {label}", COSTS["type"](label)))
    if "date" in fields and fields["date"].score < 1:
        result.append(("date", COSTS["date"](entry["date_sent"])))
    if "sender" in fields and fields["sender"].score < 1:
        result.append(("sender", COSTS["person"]))
    if "addressees" in fields:
        expected, read = fields["addressees"].expected, fields["addressees"].read
        for name in expected:
            if not any(names_match(name, r, KNOWN_PSEUDONYMS) for r in read):
                result.append(("addressee", COSTS["recipient"](name)))
        for name in read:
            if not any(names_match(e, name, KNOWN_PSEUDONYMS) for e in expected):
                result.append(("row deleted", COSTS["tick"]))
    # Gaps that stay true are confirmed with a tick under "Publish although".
    if not entry.get("date_sent"):
        result.append(("confirm undated", COSTS["tick"]))
    if label_of(entry["doc_type"]) == "Other":
        result.append(("confirm type other", COSTS["tick"]))
    if not entry.get("sender") and not document.get("sender") and not document.get("author"):
        result.append(("confirm no sender", COSTS["tick"]))
    return result


def walk(entries, documents):
    matched = match_documents(entries, documents)
    now_queue, now_published, before = [(1, 0)], [], [(1, 0)]  # open the first / the filter
    rows, published_rows = [], 0
    for entry in entries:
        document = matched.get(entry["file"])
        if document is None:
            continue
        fixes = corrections(entry, document)
        cost = add((0, 0), *[c for _what, c in fixes])
        draft = document.get("status") != "published"
        # The export does not carry "needs review"; the importer sets it with warnings.
        queued = draft or document.get("needs_review", bool(document.get("warnings")))
        facts = [what for what, _c in fixes if not what.startswith("confirm")]
        if queued:
            now_queue.append(add(cost, COSTS["publish_next"]))
        elif any(what in ("sender", "date") or what.startswith("type") for what in facts):
            now_published.append(add(cost, (1, 0), COSTS["save"]))
        if draft:
            retype = (0, 0)
            if facts:
                title = len(document.get("title") or "")
                slug = len(document.get("slug") or "")
                retype = add((1, 1 + title), (1, 1 + slug), COSTS["tick"])
            plain = add(*[c for what, c in fixes if not what.startswith("confirm")], (0, 0))
            before.append(add((1, 0), plain, retype, COSTS["save"]))
            published_rows += 1
        elif facts:
            before.append(add((1, 0), cost, COSTS["save"]))
        rows.append((entry["file"], document.get("status"), queued, fixes))
    if published_rows:
        before.append(batch_action(published_rows, "Publish the selected documents", ACTIONS))
    return {
        "now_queue": add(*now_queue),
        "now_published_wrong": add((0, 0), *now_published),
        "before": add(*before),
        "rows": rows,
    }


# The document changelist's actions, in the order the page lists them.
ACTIONS = [
    "---------",
    "Delete selected documents",
    "Publish the selected documents",
    "Unpublish the selected documents",
    "Mark the selected documents reviewed",
    "Change the type of the selected documents…",
    "Confirm the dates of the selected documents",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--export",
        type=Path,
        help="Count from this export of the folder (evaluate_extraction --export) instead of "
        "importing it again.",
    )
    options = parser.parse_args()
    from catalogue.management.commands.evaluate_extraction import Command

    entries = parse_expected((options.folder / "expected.json").read_text(encoding="utf-8"))
    if options.export:
        documents = json.loads(options.export.read_text(encoding="utf-8"))["documents"]
    else:
        people = ROOT / "seeds" / "people.csv"
        documents = Command().import_and_export(options.folder, people, None)
    result = walk(entries, documents)
    if options.verbose:
        for file, status, queued, fixes in result["rows"]:
            said = ", ".join(f"{what} {c[0]}p+{c[1]}k" for what, c in fixes) or "nothing"
            print(f"{Path(file).name[:12]:12} {status:9} {'queue' if queued else '     '} {said}")
    drafts = sum(1 for _f, status, _q, _x in result["rows"] if status != "published")
    queued = sum(1 for row in result["rows"] if row[2])
    print(f"documents imported: {len(result['rows'])}; drafts: {drafts}; in the queue: {queued}")
    for name in ("now_queue", "now_published_wrong", "before"):
        presses, keys = result[name]
        print(f"{name:20} {presses:5} presses {keys:6} keys {presses + keys:6} steps")


if __name__ == "__main__":
    main()
