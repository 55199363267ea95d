"""The documents a document cites, inline on the document: archivists confirm or reject what
the resolver linked or suggested, and add links the text does not spell out."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .. import threads
from ..forms import KnownRelationsForm, LabelledInlineFormSet
from ..models import Reference, ReferenceStatus, Request
from .workspace import WorkspaceInline


class ReferenceForm(KnownRelationsForm):
    class Meta:
        model = Reference
        fields = ["as_written", "number", "date", "direction", "kind", "target", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A link added by hand is the archivist's own, so confirmed from the start.
            self.fields["status"].initial = ReferenceStatus.CONFIRMED

    def clean(self):
        cleaned = super().clean()
        target, status = cleaned.get("target"), cleaned.get("status")
        if status == ReferenceStatus.MISSING and target is not None:
            raise ValidationError(
                {
                    "status": "A reference with a cited document is not missing: confirm, "
                    "reject or leave it suggested."
                }
            )
        if status != ReferenceStatus.MISSING and target is None:
            raise ValidationError({"target": "Choose the document cited, or mark it missing."})
        document = self.instance.document if self.instance.document_id else None
        if document is not None and target is not None and target.pk == document.pk:
            raise ValidationError({"target": "A document cannot cite itself."})
        return cleaned

    def save(self, commit=True):
        reference = super().save(commit=False)
        if reference.pk is None:
            reference.from_text = False
        if commit:
            reference.save()
        return reference


class ReferenceInline(WorkspaceInline, admin.TabularInline):
    """Citations with their match. Set "Confirmed" to keep a link or choose between
    suggestions, "Rejected" to turn one down: the resolver never changes either again."""

    model = Reference
    fk_name = "document"
    form = ReferenceForm
    formset = LabelledInlineFormSet
    fields = ["as_written", "number", "date", "direction", "target", "status"]
    autocomplete_fields = ["target"]
    verbose_name = "document cited"
    verbose_name_plural = "documents cited (threads)"
    after_fieldset = "Text"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("target")
            .defer("target__text", "target__search_text", "target__imported_values")
        )


@admin.action(
    permissions=["change"],
    description="Answer the selected documents' requests with the replies their threads suggest",
)
def accept_suggested_answers(modeladmin, request, queryset):
    """Each request without an answer gets the earliest document that replies to its document
    (catalogue.threads.suggested_answers); the archivist checks the result on the document."""
    suggestions = threads.suggested_answers(list(queryset.values_list("pk", flat=True)))
    count = 0
    for row in Request.objects.filter(pk__in=suggestions):
        row.answered_by_id = suggestions[row.pk]
        row._history_user = request.user
        row.save()
        count += 1
    modeladmin.message_user(
        request,
        f"Set the answer of {count} request{'s' if count != 1 else ''} from the threads.",
        messages.SUCCESS,
    )
