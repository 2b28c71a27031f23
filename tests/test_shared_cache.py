"""Production's cache is shared by every web process: Redis, or a table in the database, never process memory.

The database cache's add() and incr() are atomic across processes (tests/test_production_workers.py races
real processes on them); here, what they do one call at a time, and the production settings' choice.
"""

import json
import time

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings

from cms.database_cache import TABLE, DatabaseCache
from discussion import moderation, ratelimit
from tests.factories import LetterReplyPageFactory
from tests.test_settings import run_settings

PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "blog.example.org"}
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DATABASE_CACHE = {"default": {"BACKEND": "cms.database_cache.DatabaseCache", "LOCATION": TABLE}}


def production_cache(**env):
    result = run_settings("cms.settings.production", **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    return values["cache"], values["cache_location"]


@pytest.mark.parametrize("workers", [None, "1", "4"])
def test_production_without_redis_caches_in_the_database_table_migrate_creates(workers):
    env = {"WEB_CONCURRENCY": workers} if workers else {}
    assert production_cache(**env) == ("cms.database_cache.DatabaseCache", TABLE)


def test_production_with_redis_caches_in_redis():
    backend, location = production_cache(REDIS_URL="redis://cache.internal:6379/1")
    assert (backend, location) == ("django_redis.cache.RedisCache", "redis://cache.internal:6379/1")


def test_production_never_caches_in_process_memory():
    for env in ({}, {"REDIS_URL": "redis://cache.internal:6379/1"}):
        assert production_cache(**env)[0] != LOCMEM


@pytest.mark.django_db
def test_migrate_creates_the_cache_table():
    assert TABLE in connection.introspection.table_names()


@pytest.fixture
def db_cache(db):
    cache = DatabaseCache(TABLE, {"KEY_PREFIX": "unit"})
    cache.clear()
    yield cache
    cache.clear()


def expire(key, version=None):
    """Move an entry's expiry into the past, as time passing would."""
    cache_key = DatabaseCache(TABLE, {"KEY_PREFIX": "unit"}).make_key(key, version)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET expires = %s WHERE cache_key = %s", ["2000-01-01 00:00:00", cache_key])  # noqa: S608


def expiry(key):
    cache_key = DatabaseCache(TABLE, {"KEY_PREFIX": "unit"}).make_key(key)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {TABLE} WHERE cache_key = %s", [cache_key])  # noqa: S608
        return cursor.fetchone()[0]


def test_add_takes_a_new_key_once(db_cache):
    assert db_cache.add("claim", "first", 60) is True
    assert db_cache.add("claim", "second", 60) is False
    assert db_cache.get("claim") == "first"


def test_add_takes_over_an_expired_entry(db_cache):
    db_cache.set("claim", "old", 60)
    expire("claim")
    assert db_cache.add("claim", "new", 60) is True
    assert db_cache.add("claim", "newer", 60) is False
    assert db_cache.get("claim") == "new"


def test_add_without_timeout_never_expires(db_cache):
    assert db_cache.add("version", 7, None) is True
    assert db_cache.get("version") == 7
    assert str(expiry("version")).startswith("9999-12-31")


def test_incr_counts_and_keeps_the_expiry(db_cache):
    db_cache.add("count", 1, 600)
    before = expiry("count")
    time.sleep(1.1)  # the expiry is kept to the second: a set() would have moved it
    assert [db_cache.incr("count") for _ in range(3)] == [2, 3, 4]
    assert db_cache.incr("count", 10) == 14
    assert db_cache.decr("count") == 13
    assert db_cache.get("count") == 13
    assert expiry("count") == before


def test_incr_of_a_missing_or_expired_entry_is_a_value_error(db_cache):
    with pytest.raises(ValueError, match="'count' not found"):
        db_cache.incr("count")
    db_cache.add("count", 1, 600)
    expire("count")
    with pytest.raises(ValueError):
        db_cache.incr("count")


def test_get_set_and_delete_still_work_as_django_s(db_cache):
    db_cache.set("entry", {"a": [1, 2]}, 60)
    assert db_cache.get("entry") == {"a": [1, 2]}
    assert db_cache.get_many(["entry", "missing"]) == {"entry": {"a": [1, 2]}}
    assert db_cache.delete("entry") is True
    assert db_cache.get("entry", "gone") == "gone"


def client(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_rate_limit_counts_exactly_in_the_database_cache():
    reader, other = client("203.0.113.5"), client("203.0.113.6")
    answers = [ratelimit.allow(reader, "comment-post", 8, 600) for _ in range(10)]
    assert answers == [True] * 8 + [False] * 2
    assert ratelimit.allow(other, "comment-post", 8, 600) is True


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_a_new_window_starts_when_the_count_expires():
    reader = client("203.0.113.7")
    assert [ratelimit.allow(reader, "search", 2, 600) for _ in range(3)] == [True, True, False]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET expires = %s", ["2000-01-01 00:00:00"])  # noqa: S608
    assert [ratelimit.allow(reader, "search", 2, 600) for _ in range(3)] == [True, True, False]


@pytest.mark.django_db
@pytest.mark.parametrize("caches", [None, DATABASE_CACHE], ids=["memory", "database"])
def test_a_claim_is_taken_once_per_sender(caches):
    with override_settings(**({"CACHES": caches} if caches else {})):
        page = LetterReplyPageFactory()
        body = "Thank you, this helped us talk at dinner."
        assert moderation.claim_submission(page, body, "iphash-a", "Parent@example.org") is True
        assert moderation.claim_submission(page, body, "iphash-a", "parent@example.org") is False
        assert moderation.claim_submission(page, body, "iphash-b", "parent@example.org") is False
        assert moderation.claim_submission(page, body, "iphash-a", "") is False
        assert moderation.claim_submission(page, body, "iphash-b", "") is True


@pytest.mark.django_db
def test_a_refused_claim_gives_back_what_it_took():
    """Claims are taken in one order, so that of two requests from one sender, one always gets them all."""
    page = LetterReplyPageFactory()
    body = "Thank you, this helped us talk at dinner."
    # Another request from the same address holds its claim; this one, with an email too, is refused...
    assert moderation.claim_submission(page, body, "iphash-a", "") is True
    assert moderation.claim_submission(page, body, "iphash-a", "parent@example.org") is False
    # ...without keeping the email's claim, which a request with that email alone may then take.
    assert moderation.claim_submission(page, body, "", "parent@example.org") is True
