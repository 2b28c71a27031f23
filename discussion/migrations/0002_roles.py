from django.db import migrations

from cms.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("blog", "0002_site_tree_and_roles"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
