"""Production settings for the benchmark: plain HTTP on the loopback, a database of its own.

Everything that matters for speed is production's: DEBUG off, whitenoise's
compressed manifest storage, the same middleware, templates and cache when
REDIS_URL is set. Without it, each worker's local memory, as the recorded figures
were measured (production without REDIS_URL caches in the database instead). Only
what a TLS proxy would otherwise do is turned off, so wrk can speak plain HTTP to gunicorn.
"""

import os
from pathlib import Path

import dj_database_url

# A signing key for a throwaway database on the loopback; production never imports this module.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "not-secret-" * 4)
# Warnings and errors only: the builder's thousands of saves would each log a line.
os.environ.setdefault("LOG_LEVEL", "WARNING")

from cms.settings.production import *  # noqa: E402, F403

BENCH_DIR = Path(__file__).resolve().parent

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
# Mail is queued in the outbox, as in production (EMAIL_BACKEND stays cms/settings/base.py's), and
# leaves only through a worker: none runs under `make bench`; `make bench-load` runs one with
# EMAIL_BACKEND (the delivery backend) and the server set to a local SMTP stand-in (bench/load.py).
OUTBOX_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STATIC_ROOT = BENCH_DIR / "staticfiles"

# Never the development database: PostgreSQL only when DATABASE_URL names it,
# otherwise an SQLite file of the bench's own.
BENCH_SQLITE_PATH = Path(os.environ.get("BENCH_SQLITE_PATH", BENCH_DIR / "bench.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}  # as cms/settings/base.py

if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cms"}}

# wrk is one client asking as fast as it can: the per-client search limit would answer it 429
# after the first minute's 60 searches. The limit itself is tested in make test.
SEARCH_RATE_LIMIT = 10**9
