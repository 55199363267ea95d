"""Undo chosen changes: compare a version of a record with the record as it stands, field by
field (a document's recipients, requests and mentions as three more "fields"), and set back
only what the archivist ticks. Publication status is never ticked for them."""

from dataclasses import dataclass

from django import forms
from django.db import models, transaction
from django.utils import timezone

from ..models import Document, Person, Recipient, Request

# Fields a revert never offers: bookkeeping and the importer's provenance.
NOT_REVERTED = {"id", "created", "modified", "imported_at", "content_hash", "source_file"}

# A document's related rows, compared as whole lists: (model, label, fields compared).
DOCUMENT_ROWS = {
    "recipients": (
        Recipient,
        "Recipients",
        ["person_id", "name_as_written", "role", "copies", "position"],
    ),
    "requests": (
        Request,
        "Requests",
        [
            "number",
            "summary",
            "text",
            "category",
            "status",
            "position",
            "asked_by_id",
            "asked_of_id",
        ],
    ),
}


@dataclass
class Difference:
    name: str
    label: str
    old: str
    new: str
    kind: str = "field"  # "field", "rows" or "mentions"


def blank_or(value):
    return "(blank)" if value in (None, "", [], {}) else str(value)


def next_version_date(version):
    """The moment of the version that followed VERSION, or None if it is the latest."""
    return (
        type(version)
        .objects.filter(id=version.id, history_date__gt=version.history_date)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def rows_as_of(model, document_id, version):
    """{pk: historical record} of the document's rows of MODEL as VERSION of the document had
    them: the latest version of each row recorded before the document's next version (an admin
    save gives its rows the moment of its document version; the importer writes them just
    after), unless that row version is its deletion."""
    until = next_version_date(version)
    records = model.history.filter(document_id=document_id)
    if until is not None:
        records = records.filter(history_date__lt=until)
    latest = {}
    for record in records.order_by("history_date", "history_id"):
        latest[record.id] = record
    return {pk: record for pk, record in latest.items() if record.history_type != "-"}


def row_key(obj, fields):
    return tuple(getattr(obj, name) for name in fields)


def row_label(instance):
    return str(instance)


def revertible_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and field.name not in NOT_REVERTED
    ]


def display(field, value, people):
    if field.is_relation:
        return blank_or(people.get(value)) if value is not None else "(blank)"
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return blank_or(value)


def differences(obj, version):
    """What reverting OBJ to VERSION would change, field by field, in the form's order."""
    model = type(obj)
    fields = revertible_fields(model)
    changed = [f for f in fields if getattr(obj, f.attname) != getattr(version, f.attname)]
    person_ids = {
        value
        for f in changed
        if f.is_relation
        for value in (getattr(obj, f.attname), getattr(version, f.attname))
        if value is not None
    }
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    result = [
        Difference(
            f.name,
            str(f.verbose_name).capitalize(),
            display(f, getattr(version, f.attname), people),
            display(f, getattr(obj, f.attname), people),
        )
        for f in changed
    ]
    if model is Document:
        result += row_differences(obj, version)
    return result


def row_differences(document, version):
    result = []
    for name, (model, label, fields) in DOCUMENT_ROWS.items():
        old = rows_as_of(model, document.pk, version)
        now = list(model.objects.filter(document=document).order_by("position"))
        old_rows = sorted(old.values(), key=lambda r: r.position)
        if [(r.id, row_key(r, fields)) for r in old_rows] != [
            (r.pk, row_key(r, fields)) for r in now
        ]:
            result.append(
                Difference(
                    name,
                    label,
                    "; ".join(row_label(r.instance) for r in old_rows) or "(none)",
                    "; ".join(row_label(r) for r in now) or "(none)",
                    kind="rows",
                )
            )
    old_mentions = set(version.people_mentioned.values_list("person_id", flat=True))
    now_mentions = set(document.people_mentioned.values_list("pk", flat=True))
    if old_mentions != now_mentions:
        names = dict(
            Person.objects.filter(pk__in=old_mentions | now_mentions).values_list("pk", "name")
        )
        result.append(
            Difference(
                "people_mentioned",
                "People mentioned",
                ", ".join(sorted(names[pk] for pk in old_mentions)) or "(none)",
                ", ".join(sorted(names[pk] for pk in now_mentions)) or "(none)",
                kind="mentions",
            )
        )
    return result


class RevertForm(forms.Form):
    """A tick box per difference; all ticked but the publication status."""

    def __init__(self, *args, differences, **kwargs):
        super().__init__(*args, **kwargs)
        for difference in differences:
            self.fields[difference.name] = forms.BooleanField(
                required=False,
                initial=difference.name != "status",
                label=difference.label,
            )


@transaction.atomic
def apply_revert(obj, version, chosen, user):
    """Set back the CHOSEN differences of OBJ to VERSION; one new version records them."""
    stamp = timezone.now()
    when = timezone.localtime(version.history_date).strftime("%Y-%m-%d %H:%M")
    reason = f"Reverted {', '.join(d.label.lower() for d in chosen)} to the version of {when}"
    by_name = {f.name: f for f in revertible_fields(type(obj))}
    for difference in chosen:
        if difference.kind == "field":
            field = by_name[difference.name]
            setattr(obj, field.attname, getattr(version, field.attname))
    for difference in chosen:
        if difference.kind == "rows":
            restore_rows(obj, version, difference.name, stamp, reason)
        elif difference.kind == "mentions":
            obj.people_mentioned.set(version.people_mentioned.values_list("person_id", flat=True))
    obj._history_date = stamp
    obj._change_reason = reason
    obj.save()
    return reason


def restore_rows(document, version, name, stamp, reason):
    model, _label, fields = DOCUMENT_ROWS[name]
    old = rows_as_of(model, document.pk, version)
    now = {row.pk: row for row in model.objects.filter(document=document)}
    for pk, row in now.items():
        if pk not in old:
            row._history_date, row._change_reason = stamp, reason
            row.delete()
    changed = [
        pk
        for pk, record in old.items()
        if pk not in now or row_key(now[pk], fields) != row_key(record, fields)
    ]
    # Park the rows about to move out of the way of the positions they are going back to.
    model.objects.filter(pk__in=changed).update(position=models.F("position") + 10_000)
    for pk in changed:
        row = old[pk].instance
        row._history_date, row._change_reason = stamp, reason
        row.save()
