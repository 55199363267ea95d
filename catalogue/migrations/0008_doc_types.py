"""Document types of the real corpus: note, directive and telephone message, and the record of
conversation under its full name ("conversation" becomes "record_of_conversation")."""

from django.db import migrations, models

TYPE_CHOICES = [
    ("ciphered_telegram", "Ciphered telegram"),
    ("telegram", "Telegram"),
    ("letter", "Letter"),
    ("memorandum", "Memorandum"),
    ("report", "Report"),
    ("record_of_conversation", "Record of conversation"),
    ("decision", "Decision"),
    ("note", "Note"),
    ("directive", "Directive"),
    ("telephone_message", "Telephone message"),
    ("other", "Other"),
]

RENAMES = (("conversation", "record_of_conversation"),)
FIELDS = ("doc_type", "enclosure_type")


def rename(apps, schema_editor, *, backwards=False):
    # The history table keeps the old value in past versions as they were; only the current rows
    # change, so that filters and exports see one value.
    Document = apps.get_model("catalogue", "Document")
    for old, new in RENAMES:
        if backwards:
            old, new = new, old
        for field in FIELDS:
            Document.objects.filter(**{field: old}).update(**{field: new})


def forwards(apps, schema_editor):
    rename(apps, schema_editor)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_places")]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="doc_type",
            field=models.CharField(
                choices=TYPE_CHOICES,
                db_index=True,
                default="other",
                max_length=30,
                verbose_name="document type",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="enclosure_type",
            field=models.CharField(
                blank=True,
                choices=TYPE_CHOICES,
                help_text="Type of the enclosed document, when this document relays one.",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocument",
            name="doc_type",
            field=models.CharField(
                choices=TYPE_CHOICES,
                db_index=True,
                default="other",
                max_length=30,
                verbose_name="document type",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocument",
            name="enclosure_type",
            field=models.CharField(
                blank=True,
                choices=TYPE_CHOICES,
                help_text="Type of the enclosed document, when this document relays one.",
                max_length=30,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
