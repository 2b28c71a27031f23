from django.db import migrations

from blog.review_workflow import ensure_review_workflow


def create_workflow(apps, schema_editor):
    ensure_review_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_review_tasks"),
        ("discussion", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
