from django.db import migrations

from cms.roles import sync_roles


def update_roles(apps, schema_editor):
    # Editors see the outbox and retry; comment moderators see their own notifications.
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("discussion", "0006_letter_inbox_index"),
        ("blog", "0006_reply_tag_index"),
        ("home", "0002_site_root"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
