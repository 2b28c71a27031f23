from django.db import migrations

from cms.roles import sync_roles


def update_roles(apps, schema_editor):
    # Editors see how many readers follow each topic (not who).
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("outbox", "0002_roles"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
