"""The two curator roles, and the two permissions that set them apart.

Archivists edit everything and decide what the public sees (publish) and which records are
the same person (merge). Contributors edit, but a draft they improve waits for an archivist.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITED_MODELS = ["document", "person", "personname", "recipient", "request", "transmissionevent"]
# Rows that are parts of a document or a person: removing a wrong one is part of editing.
DELETABLE_PARTS = ["personname", "recipient", "request", "transmissionevent"]

GROUPS = {
    "Archivist": ["publish_document", "merge_person"],
    "Contributor": [],
}


def edit_codenames():
    codenames = []
    for model in EDITED_MODELS:
        codenames += [f"add_{model}", f"change_{model}", f"view_{model}"]
    codenames += [f"delete_{model}" for model in DELETABLE_PARTS]
    return codenames


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, extra in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="catalogue", codename__in=edit_codenames() + extra
        )
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": [models.OrderBy(models.F("date"), nulls_last=True), "title"],
                "permissions": [("publish_document", "Can publish and unpublish documents")],
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["sort_name", "name"],
                "permissions": [("merge_person", "Can merge people into one")],
                "verbose_name_plural": "people",
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
