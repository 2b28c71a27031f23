"""The shared cache when there is no Redis: a table in the site's own database.

Production never caches in each process's memory (cms/settings/production.py): the rate limits and the
duplicate-comment guard count in the cache, and every web process must see the same count. Without
REDIS_URL the cache is Django's database cache on the table `TABLE`, which a migration creates
(home/migrations/0003_shared_cache_table.py), so `migrate` gives it to every database.

Django's own DatabaseCache is not enough for counting: its add() reads, then writes, so two processes
taking over the same expired entry both succeed; its incr() is a get() then a set(), so two processes
that both read 5 both write 6, and the set() also moves the entry's expiry. Here both are atomic
across processes, as Redis' SET NX and INCRBY are, on PostgreSQL and on SQLite.
"""

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import IntegrityError, connections, router, transaction
from django.utils.timezone import now

TABLE = "cms_cache"


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache with add() and incr() atomic across processes (LOCATION: the table)."""

    def _quoted_table(self, connection):
        return connection.ops.quote_name(self._table)

    def _encode(self, value):
        # As Django's DatabaseCache stores values, so get() and set() read and write the same rows.
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def _decode(self, connection, value):
        return pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))  # noqa: S301 - our own rows

    def _expires(self, timeout):
        # As Django's DatabaseCache computes it, to the second.
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(microsecond=0)
        return datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None).replace(microsecond=0)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table, adapt = self._quoted_table(connection), connection.ops.adapt_datetimefield_value
        row = [self._encode(value), adapt(self._expires(timeout))]
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                # An expired entry is taken over in one statement: of two processes, only the first still
                # finds it expired (PostgreSQL re-reads a row it waited for; SQLite runs one writer at a time).
                cursor.execute(
                    f"UPDATE {table} SET value = %s, expires = %s WHERE cache_key = %s AND expires < %s",  # noqa: S608
                    [*row, key, adapt(now())],
                )
                if not cursor.rowcount:
                    cursor.execute(f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)", [key, *row])  # noqa: S608
        except IntegrityError:
            return False  # a live entry, or another process's insert a moment ago: the key is theirs
        return True

    def incr(self, key, delta=1, version=None):
        """Add `delta` to a live entry and return the sum, keeping its expiry; ValueError when there is none."""
        name, key = key, self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = self._quoted_table(connection)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # A write first: it locks the row (PostgreSQL) or the database (SQLite) until commit, so no
            # other process reads the count between this read and this write.
            cursor.execute(
                f"UPDATE {table} SET expires = expires WHERE cache_key = %s AND expires >= %s",  # noqa: S608
                [key, connection.ops.adapt_datetimefield_value(now())],
            )
            if not cursor.rowcount:
                raise ValueError(f"Key '{name}' not found.")
            cursor.execute(f"SELECT value FROM {table} WHERE cache_key = %s", [key])  # noqa: S608
            value = self._decode(connection, cursor.fetchone()[0]) + delta
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [self._encode(value), key])  # noqa: S608
        return value
