"""Forms of the archivists' workspace (the admin)."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.text import capfirst

from .concurrency import VersionedForm
from .models import Document, PersonName, PublicationGap, Status
from .names import normalise


class KnownChoicesMixin:
    """An autocomplete widget that labels its selected value from an object the form already
    holds, instead of querying for it. Django's widget queries once per field per form, so
    a document with thirty recipients would cost thirty queries."""

    known = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if v not in (None, "")]
        known = self.known or {}
        if not all(pk in known for pk in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in selected:
            label = self.choices.field.label_from_instance(known[pk])
            options.append(self.create_option(name, pk, label, True, len(options)))
        return [(None, options, 0)]


class KnownAutocompleteSelect(KnownChoicesMixin, AutocompleteSelect):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # select2 names its box by the selected text; an empty box would have no name at all
        # for a screen reader, so say what to do in it.
        attrs["data-placeholder"] = "Type to find…"
        return attrs


class KnownAutocompleteSelectMultiple(KnownChoicesMixin, AutocompleteSelectMultiple):
    pass


class ListTextField(forms.CharField):
    """A list of short strings (reference numbers, marks) edited as plain text: one item per
    line or separated by commas, each kept exactly as written apart from the spaces around it.
    Stands in for a JSON box, where an archivist had to type brackets and quotes."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 60})

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        # A model JSONField passes its encoder and decoder to its form field.
        kwargs.setdefault("help_text", "One per line, or separated by commas.")
        super().__init__(**kwargs)
        # Compared with the stored list, not with a hidden copy of the text.
        self.show_hidden_initial = False

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            # An item with a comma of its own goes on a line of its own.
            separator = "\n" if any("," in str(item) for item in value) else ", "
            return separator.join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        text = super().to_python(value) or ""
        items = []
        for line in text.splitlines():
            parts = line.split(",") if "\n" not in text.strip() else [line]
            items += [part.strip() for part in parts if part.strip()]
        return items

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    """Rows ordered by a `position` field: a new row left without a position takes the next
    one after every other row, so adding two recipients at once never collides at 0."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "position" in form.fields:
            field = form.fields["position"]
            field.required = False
            field.help_text = "Order in the document; left blank, the row goes last."
            if form.instance.pk is None:
                field.initial = None

    def clean(self):
        super().clean()
        if "position" not in self.empty_form.fields:
            return
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not (self.can_delete and self._should_delete_form(form))
        ]
        taken = [
            form.cleaned_data["position"]
            for form in kept
            if form.cleaned_data.get("position") is not None
        ]
        # Rows of the document this form does not show (none today) still hold positions.
        if self.instance.pk is not None:
            shown = {form.instance.pk for form in self.forms if form.instance.pk}
            taken += list(
                self.get_queryset()
                .model.objects.filter(**{self.fk.name: self.instance})
                .exclude(pk__in=shown)
                .values_list("position", flat=True)
            )
        following = max(taken, default=-1) + 1
        for form in kept:
            if form.cleaned_data.get("position") is None:
                form.cleaned_data["position"] = following
                form.instance.position = following
                following += 1


class LabelledInlineFormSet(PositionedInlineFormSet):
    """A tabular inline's rows have their labels only in the column headings, which assistive
    technology does not read as labels: give every input of a row its column's name."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = capfirst(field.label or name.replace("_", " "))


class KnownRelationsForm(forms.ModelForm):
    """A model form whose autocomplete fields take their labels from the instance's related
    objects (loaded with select_related by the admin's queryset) or from the initial list of
    a many-to-many field: no query per field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, KnownChoicesMixin):
                widget.known = self._known_objects(name)

    def _known_objects(self, name):
        initial = self.initial.get(name)
        if isinstance(initial, list | tuple):
            return {str(obj.pk): obj for obj in initial if hasattr(obj, "pk")}
        field = self.instance._meta.get_field(name)
        if field.is_cached(self.instance):
            obj = getattr(self.instance, name)
            return {str(obj.pk): obj} if obj is not None else {}
        return {}


class WorkspaceForm(KnownRelationsForm, VersionedForm):
    """The change form of every record archivists edit: labels without queries, and a save
    over someone else's refused with what they changed (catalogue/concurrency.py)."""


class PersonNameForm(forms.ModelForm):
    """A variant or pseudonym, with its folded form kept up to date for matching."""

    class Meta:
        model = PersonName
        fields = ["name", "kind"]

    def save(self, commit=True):
        self.instance.normalised = normalise(self.instance.name)
        return super().save(commit)


class BatchChangeForm(forms.Form):
    """The intermediate page of a batch action: one field, the new value."""

    def __init__(self, *args, field_label, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"] = forms.ChoiceField(label=f"New {field_label}", choices=choices)


class MergeForm(forms.Form):
    """Choose which of the selected people survives a merge."""

    survivor = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        help_text="The others' links move to this person; their names become its variants.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (person.pk, f"{person.name} ({person.slug})") for person in people
        ]
        # Offer the record an archivist has already checked (the oldest of those) as the
        # survivor, so a merge of an importer-made duplicate keeps the curated person.
        default = min(people, key=lambda person: (not person.reviewed, person.pk))
        self.fields["survivor"].initial = default.pk


class DocumentForm(WorkspaceForm):
    """A document in the workspace: publishing refuses what a citation would lack (no date,
    type "other", no sender or author) unless each gap is confirmed under "Publish although";
    a title typed by an archivist is marked as theirs, so it is never recomposed."""

    accepted_gaps = forms.TypedMultipleChoiceField(
        label="Publish although",
        choices=PublicationGap.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick a gap to confirm the document is to be published without it.",
    )

    class Meta:
        model = Document
        # The admin gives the fields from its fieldsets.
        fields = ["title", "status", "accepted_gaps"]

    def clean(self):
        cleaned = super().clean()
        if "title" in self.changed_data and cleaned.get("title"):
            cleaned["title_by_archivist"] = True
        publishing = cleaned.get("status") == Status.PUBLISHED and (
            self.initial.get("status") != Status.PUBLISHED or self.instance.pk is None
        )
        if publishing:
            candidate = Document(
                date=cleaned.get("date"),
                doc_type=cleaned.get("doc_type"),
                author=cleaned.get("author"),
                sender=cleaned.get("sender"),
                accepted_gaps=cleaned.get("accepted_gaps") or [],
            )
            gaps = candidate.unconfirmed_gaps()
            if gaps:
                reasons = "; ".join(PublicationGap(gap).label for gap in gaps)
                self.add_error(
                    "status",
                    f"Not published: {reasons}. Correct it, or tick each gap under "
                    "“Publish although” to confirm it.",
                )
        return cleaned
