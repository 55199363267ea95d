"""The people index: the authority file written into People, then every person and name of
the catalogue read once, so that names in the seeds resolve from dictionaries.

A name resolves through the authority file first (the editor's bracketed identification, the
name, the name as written, a cover name), then through names already in the catalogue; a name
nobody knows becomes a new, unreviewed Person. Designations ("Correspondent 20") resolve to
no one.
"""

import re
from pathlib import Path

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .. import seedparser
from ..models import NameKind, Person, PersonKind, PersonName, PersonRedirect
from ..names import Authority, has_name_shape, normalise, trimmed_forms
from ..places import PlaceAuthority
from .files import BadInput
from .values import clip

# The places authority: a name read where a person stands ("from SOCHI") that names a place is
# not a person.
PLACES_CSV = Path(__file__).resolve().parents[2] / "seeds" / "places.csv"


# Words that mark a name the authority file does not know as a body rather than a person.
ORGANISATION_WORDS = {
    "administration",
    "army",
    "bureau",
    "central",
    "committee",
    "council",
    "commissariat",
    "command",
    "corps",
    "department",
    "directorate",
    "division",
    "embassy",
    "forces",
    "government",
    "headquarters",
    "ministry",
    "party",
    "politburo",
    "secretariat",
    "staff",
}


# Designations that stand for a post or an office, not a person: "Correspondent 20", "Agent 7",
# "No. 12". They stay as written on the document and are never turned into a Person.
DESIGNATION_RE = re.compile(
    r"^(?:(?:correspondent|agent|source|station|point|post|no|nr|number)\.?\s*)+"
    r"(?:no\.?\s*|#\s*|n\s*)?\d+[a-z]?$",
    re.IGNORECASE,
)


def is_designation(text):
    """True for a designation such as "Correspondent 20", "Agent No. 7" or "No. 12"."""
    return bool(DESIGNATION_RE.match(" ".join((text or "").split())))


class PeopleIndex:
    """Who every name in the seeds stands for, kept across the files of a run.

    `person_id_by_slug` (slugs and redirected old slugs), `slug_by_person_id` and
    `person_id_by_normalised` resolve names; `people_names` holds each person's names for
    search text, `title_names` what a title needs. `created_now` lists the people created
    since the importer last settled them, to forget if their file is rolled back."""

    def __init__(self, authority_path, user):
        self.authority_path = authority_path
        self.user = user
        self.authority = None
        self.authority_people_created = 0
        # The authority file's people an archivist has edited, which the import left alone.
        self.notes = []
        self.created_now = []

    def load(self):
        """Write the authority file's people, then read every person and name once."""
        self.authority = self.load_authority()
        self.word_keys = {}
        self.places = PlaceAuthority.from_csv(PLACES_CSV) if PLACES_CSV.exists() else None
        self.person_id_by_slug = dict(Person.objects.values_list("slug", "pk"))
        self.slug_by_person_id = {pk: slug for slug, pk in self.person_id_by_slug.items()}
        self.person_id_by_slug.update(PersonRedirect.objects.values_list("old_slug", "person_id"))
        self.person_id_by_normalised = {}
        # Each person's names for search text: [(sort_name, name), name, variant, ...].
        self.people_names = {}
        # Each person's (sort_name, name, kind, reviewed), for the names in titles.
        self.title_names = {}
        for pk, name, sort_name, kind, reviewed in Person.objects.values_list(
            "pk", "name", "sort_name", "kind", "reviewed"
        ):
            self.person_id_by_normalised.setdefault(normalise(name), pk)
            self.people_names[pk] = [(sort_name, name), name]
            self.title_names[pk] = (sort_name, name, kind, reviewed)
        for pk, name, normalised in PersonName.objects.order_by("kind", "name").values_list(
            "person_id", "name", "normalised"
        ):
            self.person_id_by_normalised.setdefault(normalised, pk)
            self.people_names[pk].append(name)
        self.resolved = {}

    def load_authority(self):
        """Create or update the Person rows of the authority file (keyed by slug = key).

        A person an archivist has changed since the importer last wrote it is left alone, and
        names are only ever added, never removed. Returns the Authority for resolving names.
        """
        authority = self.read_authority()
        entries = list(authority.entries.values())
        keys = [entry.key for entry in entries]
        existing = {
            p.slug: p for p in Person.objects.filter(slug__in=keys).prefetch_related("names")
        }
        # A key whose person was merged into another (or renamed) keeps pointing there.
        redirected = set(
            PersonRedirect.objects.filter(old_slug__in=keys).values_list("old_slug", flat=True)
        )
        new_people, new_names = [], []
        for entry in entries:
            person = existing.get(entry.key)
            if person is None and entry.key in redirected:
                continue
            fields = {
                "name": entry.canonical_name,
                "sort_name": entry.sort_name or entry.canonical_name,
                "kind": entry.kind,
                "description": entry.description,
                "birth_year": entry.birth_year,
                "death_year": entry.death_year,
                "authority_id": entry.authority_id,
            }
            if person is None:
                person = Person(slug=entry.key, reviewed=True, **fields)
                new_people.append(person)
                known = set()
            else:
                changed = [name for name, value in fields.items() if getattr(person, name) != value]
                if changed and self.last_written_by_importer(person):
                    for name in changed:
                        setattr(person, name, fields[name])
                    person._history_user = self.user
                    person.save()
                elif changed:
                    self.notes.append(
                        f"{self.authority_path.name}: kept the archivist's edit of "
                        f"{person.slug} ({', '.join(changed)})"
                    )
                known = {n.name for n in person.names.all()}
            for kind, names in (
                (NameKind.VARIANT, entry.variants),
                (NameKind.PSEUDONYM, entry.pseudonyms),
            ):
                for name in names:
                    if name not in known and name != entry.canonical_name:
                        known.add(name)
                        new_names.append(
                            PersonName(
                                person=person, name=name, kind=kind, normalised=normalise(name)
                            )
                        )
        if new_people:
            bulk_create_with_history(new_people, Person, default_user=self.user)
        for name in new_names:
            name.person_id = name.person.pk
        if new_names:
            bulk_create_with_history(new_names, PersonName, default_user=self.user)
        self.authority_people_created = len(new_people)
        return authority

    def last_written_by_importer(self, person):
        latest = person.history.order_by("-history_date").first()
        return latest is None or latest.history_user_id == self.user.pk

    def read_authority(self):
        """The authority file, read and checked by `names.Authority`: the one reading of it,
        shared by the people written here, name resolving and the synthetic corpus. BadInput
        names the file and the line."""
        try:
            return Authority.from_csv(self.authority_path)
        except OSError as error:
            raise BadInput(
                f"{self.authority_path}: cannot read the authority file: {error.strerror}"
            ) from None
        except ValueError as error:
            raise BadInput(str(error)) from None

    def resolve(self, name, created):
        """The Person id a parsed Name stands for, creating an unreviewed Person when no
        known name matches (its name is appended to `created`). None for non-people."""
        if name is None or not name.is_person or not (name.name or name.as_written).strip():
            return None
        cache_key = (name.editorial, name.name, name.as_written)
        if cache_key in self.resolved:
            return self.resolved[cache_key]
        if not name.editorial and (is_designation(name.name) or is_designation(name.as_written)):
            self.resolved[cache_key] = None
            return None
        # The editor's bracketed identification is the surest, then the cleaned name.
        candidates = [c for c in (name.editorial, name.name, name.as_written) if c]
        # "To the Council of Ministers of the USSR": the article is no part of the body's name.
        candidates += [c[4:] for c in candidates if c[:4].lower() == "the "]
        cover = seedparser.COVER_NAMES.get(normalise(name.name))
        if cover:
            candidates.append(cover)
        person_id = self.known(candidates) or self.known(
            [t for c in candidates for t in trimmed_forms(c)]
        )
        if person_id is None and self.may_be_new(name):
            person_id = self.create_person(name.editorial or name.name or name.as_written)
            created.append(name.editorial or name.name or name.as_written)
        self.resolved[cache_key] = person_id
        return person_id

    def known(self, candidates):
        """The id of the first candidate the authority file or the catalogue knows."""
        for candidate in candidates:
            key = self.authority.resolve(candidate)
            if key and key in self.person_id_by_slug:
                return self.person_id_by_slug[key]
        for candidate in candidates:
            person_id = self.person_id_by_normalised.get(normalise(candidate))
            if person_id:
                return person_id
        return None

    def may_be_new(self, name):
        """Whether a name nobody knows may become a new Person: not a place the places
        authority knows ("from SOCHI"), not two known people read as one ("MALENKOV
        KAGANOVICH" in a list printed in columns), and shaped like a name (no pronouns,
        months, document words or digits; see ``names.has_name_shape``)."""
        display = name.editorial or name.name or name.as_written
        if self.places is not None and any(
            self.places.resolve(form) for form in (display, name.as_written) if form
        ):
            return False
        if self.joined(display):
            return False
        return has_name_shape(display, "" if name.editorial else name.as_written)

    def joined(self, display):
        """The people a name of two or more known surnames side by side stands for."""
        words = (display or "").split()
        if len(words) < 2 or any("." in w for w in words):
            return []
        keys = [self.word_key(w) for w in words]
        if not all(k and k in self.person_id_by_slug for k in keys) or len(set(keys)) < 2:
            return []
        return [self.person_id_by_slug[k] for k in dict.fromkeys(keys)]

    def word_key(self, word):
        """The authority key one word names, remembered: the same surnames come back in
        every file, and the authority file does not change during a run."""
        if word not in self.word_keys:
            self.word_keys[word] = self.authority.resolve(word)
        return self.word_keys[word]

    def create_person(self, display):
        """A Person for a name nobody knows yet: unreviewed, never merged with anyone."""
        display = clip(display.strip(), Person, "name")
        base = slugify(display)[:100] or "person"
        slug, n = base, 1
        while slug in self.person_id_by_slug:
            n += 1
            slug = f"{base}-{n}"
        words = set(re.findall(r"[a-z]+", display.lower()))
        kind = PersonKind.ORGANISATION if words & ORGANISATION_WORDS else PersonKind.PERSON
        person = Person(slug=slug, name=display, sort_name=display, kind=kind, reviewed=False)
        person._history_user = self.user
        person.save()
        self.person_id_by_slug[slug] = person.pk
        self.slug_by_person_id[person.pk] = slug
        self.created_now.append((slug, person.pk))
        self.person_id_by_normalised.setdefault(normalise(display), person.pk)
        self.people_names[person.pk] = [(display, display), display]
        self.title_names[person.pk] = (display, display, kind, False)
        return person.pk

    def short_name(self, name, created):
        """The form of a parsed Name in a title, from the Person it resolves to: the surname
        (sort name before its comma) of a Western name ("Stalin, Joseph" -> "Stalin"), the
        whole canonical name when the sort name has no comma (East Asian names: "Kim Il
        Sung", "Shi Zhe") and for bodies. A cover name keeps its written form with the person
        in brackets, as editors write it ("Filippov [Stalin]"). Names that resolve to no one,
        or to a person not yet reviewed, take the parser's own form."""
        info = self.title_names.get(self.resolve(name, created))
        if info is None:
            return seedparser.surname(name)
        sort_name, canonical, kind, reviewed = info
        if kind == PersonKind.ORGANISATION:
            return canonical
        if not reviewed:
            return seedparser.surname(name)
        head, comma, _given = sort_name.partition(",")
        short = head.strip() if comma else canonical
        written = name.name or ""
        if normalise(written) in seedparser.COVER_NAMES and normalise(written) != normalise(short):
            return f"{written} [{short}]"
        return short

    def slug_of(self, person_id):
        return self.slug_by_person_id.get(person_id) if person_id else None

    def forget_created(self):
        """After a rollback, drop from the caches the people the rolled-back file created."""
        gone = {pk for _slug, pk in self.created_now}
        for slug, _pk in self.created_now:
            self.person_id_by_slug.pop(slug, None)
        for pk in gone:
            self.slug_by_person_id.pop(pk, None)
        self.person_id_by_normalised = {
            n: pk for n, pk in self.person_id_by_normalised.items() if pk not in gone
        }
        self.resolved = {k: pk for k, pk in self.resolved.items() if pk not in gone}
        self.created_now = []
