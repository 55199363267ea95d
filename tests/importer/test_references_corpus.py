"""The real documents' citations, imported: every citation either links to a document that
carries the cited number (or date) or is listed as cited but not in the catalogue, and no link
contradicts the archivist's reading (`expected.json`), in which no cited number is the own
number of another document of the corpus."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.models import Reference, ReferenceStatus
from catalogue.threads import number_key
from tests.real_corpus import CORPUS_DIR, expected_entries

pytestmark = pytest.mark.django_db


def test_every_real_citation_links_rightly_or_is_listed_as_missing():
    entries = expected_entries()
    call_command("import_seeds", str(CORPUS_DIR / "docs"), stdout=StringIO(), stderr=StringIO())
    own = {}
    for entry in entries:
        for number in entry["reference_numbers"] or []:
            own.setdefault(number_key(number), set()).add(entry["file"].rsplit("/", 1)[-1])
    references = list(Reference.objects.select_related("document", "target"))
    assert references, "the real documents cite other documents"
    for ref in references:
        assert ref.status in (
            ReferenceStatus.MISSING,
            ReferenceStatus.LINKED,
            ReferenceStatus.SUGGESTED,
        )
        if ref.target is None:
            continue
        if not ref.number:
            assert ref.target.date == ref.date, ref.as_written
            continue
        # A link is right only where the archivist's reading gives the target that number.
        target_file = ref.target.source_file.rsplit("/", 1)[-1]
        assert target_file in own.get(ref.number, set()), (ref.as_written, target_file)
