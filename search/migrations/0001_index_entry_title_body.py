"""PostgreSQL: a GIN index on the expression Wagtail's database search filters on.

Wagtail's PostgreSQL search backend matches `(title || body) @@ query`; its own GIN
indexes are on title and body separately, so that filter read every index entry
(a parallel sequential scan, bench/README.md "Query plans"). Other databases: nothing.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
