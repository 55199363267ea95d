""" "Did you mean": the names of people and places closest to what a visitor misspelt.

PostgreSQL answers from ``pg_trgm`` (migration 0007 enables it) over every name and variant in
the catalogue, through a trigram index on each (migration 0011), so a misspelt term is compared
with the few names that share trigrams with it, not with all 10,000 people. SQLite has no
trigram index, so ``catalogue.suggest`` does the same sum in Python over the same names, with
an inverted index of trigrams of its own, built once per process until the catalogue changes.
Both follow ``pg_trgm``'s rules and threshold, so both suggest alike; the same tests run on
both.
"""

from django.db import connections

from .models import Person, PersonName, Place, PlaceName
from .search.query import parse_query
from .suggest import DEFAULT_THRESHOLD, Suggester

SUGGESTIONS = 3
# A term shorter than this is too short to call misspelt.
MIN_LENGTH = 4


def name_forms():
    """(written form, label) for every name of every person and place: the label is the
    canonical name, suggested whichever of its forms came close."""
    forms = list(Person.objects.values_list("name", "name"))
    forms += PersonName.objects.values_list("name", "person__name")
    forms += Place.objects.values_list("name", "name")
    forms += PlaceName.objects.values_list("name", "place__name")
    return forms


# Every name and spelling, with the canonical name it stands for, as (canonical name, form,
# tables): people's names, their variants and cover names, places' names and their
# spellings. catalogue_fold() and the trigram indexes on it come from migration 0011.
_NAME_SOURCES = (
    ("p.name", "p.name", "catalogue_person p"),
    ("p.name", "n.name", "catalogue_personname n JOIN catalogue_person p ON p.id = n.person_id"),
    ("p.name", "p.name", "catalogue_place p"),
    ("p.name", "n.name", "catalogue_placename n JOIN catalogue_place p ON p.id = n.place_id"),
)


def _per_source(condition):
    """A SELECT of (label, form) for each source, restricted by ``condition`` on its form
    (``{form}`` in it is the column): each answered from its own trigram index."""
    return [
        f"SELECT {label} AS label, {form} AS form FROM {tables} WHERE {condition.format(form=form)}"
        for label, form, tables in _NAME_SOURCES
    ]


def _closest_postgres(term, using):
    """[(label, score)] best first, from pg_trgm: the % operator finds the forms whose
    similarity reaches pg_trgm.similarity_threshold (0.3 unless changed, DEFAULT_THRESHOLD)
    through the trigram indexes, not by comparing the term with every name."""
    condition = (
        "catalogue_fold({form}) %% catalogue_fold(%s) "
        "AND similarity(catalogue_fold({form}), catalogue_fold(%s)) >= %s"
    )
    union = " UNION ALL ".join(
        f"SELECT label, similarity(catalogue_fold(form), catalogue_fold(%s)) AS score "
        f"FROM ({part}) AS source{n}"
        for n, part in enumerate(_per_source(condition))
    )
    sql = (
        f"SELECT label, MAX(score) AS best FROM ({union}) AS found "
        f"GROUP BY label ORDER BY best DESC, label LIMIT {SUGGESTIONS}"
    )
    params = [term, term, term, DEFAULT_THRESHOLD] * len(_NAME_SOURCES)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [(label, float(score)) for label, score in cursor.fetchall()]


def _known_postgres(term, using):
    """Whether ``term`` is written as some name or spelling already: one query, answered by
    the trigram indexes (they serve equality too)."""
    exists = " OR ".join(
        f"EXISTS ({part})" for part in _per_source("catalogue_fold({form}) = catalogue_fold(%s)")
    )
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {exists}", [term] * len(_NAME_SOURCES))
        return cursor.fetchone()[0]


# The Suggester built for the catalogue as it stands, by its fingerprint: building one reads
# every name and indexes its trigrams, about a second at 10,000 people, so each process does
# it once per change of the catalogue, not once per search.
_built = {}


def _suggester():
    # The cache keyed on the catalogue's state.
    from .views.common import cached_figures, catalogue_fingerprint

    key = catalogue_fingerprint()
    suggester = _built.get(key)
    if suggester is None:
        suggester = Suggester(cached_figures("name-forms", name_forms))
        _built.clear()
        _built[key] = suggester
    return suggester


def closest(term, using="default"):
    """Up to three (canonical name, score) pairs close to ``term``, best first; none when
    ``term`` is itself a known name (it is not misspelt) or too short."""
    if len(term) < MIN_LENGTH:
        return []
    if connections[using].vendor == "postgresql":
        if _known_postgres(term, using):
            return []
        return _closest_postgres(term, using)
    return [(s.label, s.score) for s in _suggester().suggest(term, limit=SUGGESTIONS)]


def did_you_mean(q, using="default"):
    """Queries to offer instead of ``q``: the whole query, or each of its words, replaced by
    the closest name. [] when every word is known or nothing is close."""
    parsed = parse_query(q)
    if not parsed:
        return []
    words = [w for terms in parsed.alternatives for t in terms if not t.excluded for w in t.words]
    whole = " ".join(words)
    if len(words) > 1:
        best = closest(whole, using)
        if best:
            return [label for label, _score in best if label.lower() != whole.lower()]
    replaced, changed = [], False
    for word in words:
        best = closest(word, using)
        if best:
            replaced.append(best[0][0])
            changed = True
        else:
            replaced.append(word)
    return [" ".join(replaced)] if changed else []
