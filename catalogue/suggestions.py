""" "Did you mean": the names of people and places closest to what a visitor misspelt.

PostgreSQL answers from ``pg_trgm`` (migration 0007 enables it) over every name and variant in
the catalogue; SQLite has no trigram index, so ``catalogue.suggest`` does the same sum in
Python over the same names (kept in the cache until the catalogue changes). Both follow
``pg_trgm``'s rules and threshold, so both suggest alike; the same tests run on both.
"""

from django.db import connections
from django.db.models import CharField, F, FloatField, Func, Value
from django.db.models.functions import Lower

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


class _Similarity(Func):
    function = "similarity"
    output_field = FloatField()


def _folded(expression):
    # As catalogue.suggest folds: no case, no diacritics ("Lüshun" is "lushun").
    return Func(Lower(expression), function="unaccent", output_field=CharField())


def _closest_postgres(term, using):
    """[(label, score)] best first, from pg_trgm."""
    found = {}
    sources = (
        (Person.objects.using(using), "name", "name"),
        (PersonName.objects.using(using), "name", "person__name"),
        (Place.objects.using(using), "name", "name"),
        (PlaceName.objects.using(using), "name", "place__name"),
    )
    for queryset, field, label in sources:
        rows = (
            queryset.annotate(score=_Similarity(_folded(F(field)), _folded(Value(term))))
            .filter(score__gte=DEFAULT_THRESHOLD)
            .order_by("-score", label)
            .values_list(label, "score")[:SUGGESTIONS]
        )
        for name, score in rows:
            found[name] = max(score, found.get(name, 0.0))
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:SUGGESTIONS]


def _known_postgres(term, using):
    return any(
        model.objects.using(using)
        .annotate(folded=_folded(F("name")))
        .filter(folded=_folded(Value(term)))
        .exists()
        for model in (Person, PersonName, Place, PlaceName)
    )


def _suggester():
    from .views.common import cached_figures  # the cache keyed on the catalogue's state

    return Suggester(cached_figures("name-forms", name_forms))


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
