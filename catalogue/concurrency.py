"""Two archivists editing the same record: the second save from a stale form is refused, with
what the other changed shown beside what this one typed.

A change form carries, in a hidden field, a fingerprint of the record as it was loaded: a
short hash of every field the form edits and of every field of every inline row (a document's
recipients, requests, references). On save the record is fingerprinted again as it is stored
now; if anything differs, the save is refused and the form is shown again with

- a table of each field and row someone else changed: their value, and the value in this form;
- the form still holding everything typed, except fields this archivist had not touched, which
  now hold the other's value (so saving again cannot silently undo their change);
- a fingerprint of the record as it is now, so that saving again, having looked, goes through.

Hashes, not values, travel in the form: a document's text would otherwise be sent twice. No
Django admin import here: the admin's forms in catalogue/forms.py build on this module."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst

from .dates import normalise_newlines

FIELD = "seen_version"
SHOWN_CHARACTERS = 300


def plain(value):
    """VALUE as comparable text, the same whether it came from the database (a key, a date, a
    list of objects) or from a cleaned form (an object, a queryset, text with CRLF)."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple | set):
        items = [plain(item) for item in value]
        # Many-to-many members have no order; a list of reference numbers has.
        if value and all(isinstance(item, models.Model) for item in value):
            items.sort()
        return json.dumps(items)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return normalise_newlines(value)
    return str(value)


def digest(value):
    return hashlib.blake2b(plain(value).encode(), digest_size=4).hexdigest()


def shown(field, value):
    """VALUE as an archivist reads it beside the form's field FIELD."""
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple):
        return ", ".join(shown(field, item) for item in value) or "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, models.Model):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in flat_choices(choices)}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(field, forms.ModelChoiceField):
        try:
            return str(field.queryset.get(pk=value))
        except (ValueError, TypeError, ValidationError, field.queryset.model.DoesNotExist):
            return str(value)
    text = plain(value)
    if len(text) > SHOWN_CHARACTERS:
        return text[:SHOWN_CHARACTERS] + "…"
    return text


def flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from flat_choices(label)
        else:
            yield key, label


@dataclass
class Conflict:
    field: str  # the label an archivist reads
    theirs: str
    yours: str
    kept: str  # "theirs" when this form now holds their value, "yours" otherwise


# --- Fingerprints -----------------------------------------------------------------------------


def edited_fields(form):
    return [name for name in form.fields if name != FIELD and name in form.initial]


def row_fields(formset):
    fk = getattr(formset, "fk", None)
    skip = {"id", "DELETE", "ORDER", getattr(fk, "name", None)}
    return [name for name in formset.form.base_fields if name not in skip]


def stored_rows(formset):
    """{key: (row, {field: digest})} of the rows a formset edits, as stored. The formset's
    queryset is the one it shows (and, on a save, the one it matches posted rows against), so
    fingerprinting it costs no query of its own."""
    names = row_fields(formset)
    result = {}
    for row in formset.get_queryset():
        values = model_to_dict(row, fields=names)
        result[f"{formset.prefix}-{row.pk}"] = (
            row,
            {name: digest(values.get(name)) for name in names if name in values},
        )
    return result


def fingerprint(form, formsets):
    """The record as stored (the form's initial values, the formsets' rows) as hashes."""
    rows = {}
    for formset in formsets:
        rows.update({key: hashes for key, (_row, hashes) in stored_rows(formset).items()})
    return {
        "f": {name: digest(form.initial.get(name)) for name in edited_fields(form)},
        "r": rows,
    }


def encode(print_):
    return json.dumps(print_, separators=(",", ":"), sort_keys=True)


def decode(text):
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("f"), dict):
        return None
    value.setdefault("r", {})
    return value


# --- The form ---------------------------------------------------------------------------------


class VersionedForm(forms.ModelForm):
    """A change form that refuses a save over a record changed since the form was opened.

    The admin (WorkspaceAdmin) hands the form its inline formsets as `edit_formsets` before
    validating it, and fills the hidden field when it shows the form."""

    seen_version = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        help_text="The record as it was when this form was opened (hashes of its fields).",
    )
    conflicts = ()

    @property
    def edit_formsets(self):
        return getattr(self.instance, "_edit_formsets", ())

    @cached_property
    def changed_data(self):
        # The fingerprint is not an edit: a form posted back unchanged changed nothing.
        return [name for name in super().changed_data if name != FIELD]

    def mark_loaded(self):
        """Fill the hidden field with the record as stored (an unbound form being shown)."""
        if self.instance.pk is not None and not self.is_bound:
            self.initial[FIELD] = encode(fingerprint(self, self.edit_formsets))

    def clean(self):
        cleaned = super().clean()
        self.check_seen_version()
        return cleaned

    def check_seen_version(self):
        seen = decode(self.cleaned_data.get(FIELD))
        if self.instance.pk is None or seen is None:
            return
        now = fingerprint(self, self.edit_formsets)
        if now == seen:
            return
        data = self.data.copy()
        conflicts = self.field_conflicts(seen, now, data) + self.row_conflicts(seen)
        data[self.add_prefix(FIELD)] = encode(now)
        # Bound data is read again when the form is shown: the table and the form agree.
        self.data = data
        self.conflicts = conflicts
        self.add_error(None, self.refusal())

    def field_conflicts(self, seen, now, data):
        conflicts = []
        for name in edited_fields(self):
            loaded = seen["f"].get(name)
            if loaded is None or loaded == now["f"][name]:
                continue
            field = self.fields[name]
            theirs = self.initial.get(name)
            if name in self.cleaned_data:
                posted = self.cleaned_data[name]
                untouched = digest(posted) == loaded
            else:
                posted, untouched = self[name].data, False
            if untouched:
                # Shown again with their value; cleaned_data is left alone (the form is
                # refused anyway, and later checks expect cleaned values, not stored keys).
                put(data, self.add_prefix(name), field.prepare_value(theirs))
            conflicts.append(
                Conflict(
                    capfirst(field.label or name),
                    shown(field, theirs),
                    shown(field, posted),
                    "theirs" if untouched else "yours",
                )
            )
        return conflicts

    def row_conflicts(self, seen):
        conflicts = []
        for formset in self.edit_formsets:
            label = capfirst(formset.model._meta.verbose_name)
            posted = {
                str(form.instance.pk): form
                for form in formset.forms[: formset.initial_form_count()]
                if form.instance.pk is not None
            }
            stored = stored_rows(formset)
            for key, (row, hashes) in stored.items():
                loaded = seen["r"].get(key)
                if loaded is None:
                    conflicts.append(
                        Conflict(f"{label} “{row}”", "added", "(not in your form)", "")
                    )
                    continue
                for name, value in hashes.items():
                    if loaded.get(name) in (None, value):
                        continue
                    form = posted.get(str(row.pk))
                    field = formset.form.base_fields[name]
                    yours = shown(field, form[name].data) if form is not None else "(not shown)"
                    conflicts.append(
                        Conflict(
                            f"{label} “{row}”: {capfirst(field.label or name)}",
                            shown(field, getattr(row, name)),
                            yours,
                            "yours",
                        )
                    )
            prefix = f"{formset.prefix}-"
            for key in seen["r"]:
                if key.startswith(prefix) and key not in stored:
                    conflicts.append(Conflict(f"{label} #{key[len(prefix) :]}", "removed", "", ""))
        return conflicts

    def refusal(self):
        record = self.instance.history.first() if hasattr(self.instance, "history") else None
        who = getattr(record, "history_user", None) or "someone else"
        when = ""
        if record is not None:
            moment = timezone.localtime(record.history_date)
            when = f" at {moment:%H:%M:%S} ({timezone.get_current_timezone_name()})"
        kept = (
            " Fields you had not touched now hold their value."
            if any(c.kept == "theirs" for c in self.conflicts)
            else ""
        )
        return (
            f"Not saved: {who} saved this {self.instance._meta.verbose_name}{when}, after you "
            "opened it. Their changes are listed below, beside what your form holds; everything "
            f"you typed is still in the form.{kept} Check them, then save again to store the "
            "form as it is now."
        )


def put(data, key, value):
    """Set a posted value as a browser would send it for the widget's prepared VALUE."""
    if isinstance(value, list | tuple):
        items = [str(item) for item in value]
        if hasattr(data, "setlist"):
            data.setlist(key, items)
        else:
            data[key] = items
    elif value is True:
        data[key] = "on"
    elif value is False:
        data.pop(key, None)
    elif value is None:
        data[key] = ""
    else:
        data[key] = str(value)
