"""The places index: the places authority file (`seeds/places.csv`) written into Places, and
the places a document comes from and names, resolved against what the catalogue holds."""

from decimal import Decimal
from pathlib import Path

from ..models import Place, PlaceName, PlaceRedirect
from ..places import PlaceAuthority, PlaceEntry, normalise
from .files import BadInput


class PlaceIndex:
    """Places by every spelling. After `load`, `link(place, text)` gives a document's place of
    origin and the places its text mentions, as primary keys."""

    def __init__(self, path, user, not_places=()):
        self.path = Path(path) if path else None
        self.user = user
        self.not_places = list(not_places)
        self.places_created = 0
        self.authority = PlaceAuthority()
        self.names = {}
        self.entries = {}

    def load(self):
        """Write the authority file's places the catalogue lacks, then read every place and
        spelling once: three queries when nothing is new."""
        self.read_catalogue()
        if self.path is not None and self.path.is_file():
            try:
                authority = PlaceAuthority.from_csv(self.path)
            except ValueError as error:
                # The reader names the file and line already.
                raise BadInput(str(error)) from None
            if self.write_authority(authority):
                self.read_catalogue()
        self.authority = PlaceAuthority(self.entries.values(), self.not_places)
        self.names = {pk: entry.written_forms() for pk, entry in self.entries.items()}

    def read_catalogue(self):
        """Every place and spelling the catalogue holds, archivists' additions included."""
        self.entries, self.pk_by_slug, self.spellings = {}, {}, set()
        for pk, slug, name, kind in Place.objects.values_list("pk", "slug", "name", "kind"):
            self.entries[pk] = PlaceEntry(key=str(pk), kind=kind, canonical_name=name)
            self.pk_by_slug[slug] = pk
        for pk, name in PlaceName.objects.values_list("place_id", "name"):
            self.spellings.add((pk, name))
            if name != self.entries[pk].canonical_name:
                self.entries[pk].variants.append(name)

    def write_authority(self, authority):
        """Create the authority file's places that the catalogue lacks and add the spellings
        it lacks; True when anything was written. Never changes or removes what is there:
        an archivist's edits stay, and a place merged into another (its key now a redirect)
        adds its spellings to the place it was merged into."""
        entries = list(authority.entries.values())
        slugs = dict(self.pk_by_slug)
        if any(entry.key not in slugs for entry in entries):
            slugs.update(PlaceRedirect.objects.values_list("old_slug", "place_id"))
        new = [
            Place(
                slug=entry.key,
                name=entry.canonical_name,
                kind=entry.kind,
                country_then=entry.country_then,
                country_now=entry.country_now,
                latitude=_decimal(entry.latitude),
                longitude=_decimal(entry.longitude),
                note=entry.note,
            )
            for entry in entries
            if entry.key not in slugs
        ]
        for place in Place.objects.bulk_create(new):
            slugs[place.slug] = place.pk
        self.places_created = len(new)
        known = set(self.spellings)
        names = []
        for entry in entries:
            pk = slugs[entry.key]
            for form in entry.written_forms():
                if (pk, form) not in known:
                    known.add((pk, form))
                    names.append(PlaceName(place_id=pk, name=form, normalised=normalise(form)))
        PlaceName.objects.bulk_create(names)
        return bool(new or names)

    def link(self, place, text):
        """(place of origin, [places mentioned]) as primary keys; the origin is None when the
        place as written names no place the catalogue knows (or names two)."""
        origin = self.authority.resolve(place) if place else None
        mentioned = {int(key) for key, _as_written in self.authority.find_mentions(text or "")}
        return (int(origin) if origin else None), sorted(mentioned)

    def search_names(self, place_ids):
        """Every spelling of the given places, for the search text, in a stable order."""
        return [name for pk in sorted(set(place_ids) - {None}) for name in self.names.get(pk, [])]


def _decimal(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))
