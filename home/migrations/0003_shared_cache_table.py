"""The table production caches in when REDIS_URL is not set (cms/database_cache.py).

Created on every database, whatever the settings say today, so switching a site from Redis to the
database needs no step beyond the `migrate` every release runs."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "cms_cache"  # cms.database_cache.TABLE, frozen here as migrations are


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    # Django's own schema for a cache table; it leaves an existing one (createcachetable run by hand) as it is.
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("home", "0002_site_root")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
