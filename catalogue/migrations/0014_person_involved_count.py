from django.db import migrations, models


# The new column is counted, with the rest of the kept counts, by 0016_archive_counts:
# catalogue/keptcounts.py reads the tables as they are at the latest migration.
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
    ]
