from django.db import migrations

from cms.roles import sync_roles


def update_roles(apps, schema_editor):
    # Comment moderators may now change the comment moderation settings.
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0003_comment_moderation"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
