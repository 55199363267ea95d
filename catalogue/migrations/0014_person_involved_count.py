from django.db import migrations, models


def count_from_scratch(apps, schema_editor):
    # Every document's share of the kept counts now names the new column: counted again from
    # the documents (catalogue/keptcounts.py reads the tables as they are at this migration).
    from catalogue import keptcounts

    keptcounts.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0013_kept_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="personcount",
            name="involved",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_from_scratch, migrations.RunPython.noop),
    ]
