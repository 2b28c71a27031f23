"""Settings come from the environment; production refuses to start unsafely."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
cache = s.CACHES["default"]
print(json.dumps({
    "cache": cache["BACKEND"], "cache_location": cache.get("LOCATION"),
    "db": s.DATABASES["default"]["ENGINE"], "db_name": str(s.DATABASES["default"]["NAME"]),
    "static": s.STORAGES["staticfiles"]["BACKEND"], "debug": s.DEBUG, "hosts": s.ALLOWED_HOSTS,
    "email": s.OUTBOX_DELIVERY_BACKEND,
    "queue": s.EMAIL_BACKEND,
}))
"""


def run_settings(module, **env):
    ignore = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in ignore}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    command = [sys.executable, "-c", PRINT_SETTINGS]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("cms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reads_everything_from_the_environment():
    result = run_settings(
        "cms.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://blog:pw@db.internal:5432/blog",
        REDIS_URL="redis://cache.internal:6379/1",
        ALLOWED_HOSTS="blog.example.org,www.blog.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["cache_location"] == "redis://cache.internal:6379/1"
    assert values["db"] == "django.db.backends.postgresql"
    assert values["db_name"] == "blog"
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["debug"] is False
    assert values["hosts"] == ["blog.example.org", "www.blog.example.org"]


def test_development_defaults_sqlite_local_memory_and_console_email():
    result = run_settings("cms.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(ROOT / "db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"  # what the worker prints
    assert values["queue"] == "outbox.mail.QueuedEmailBackend"  # the site itself only ever queues
    assert values["debug"] is True


def test_procfile_runs_gunicorn_with_workers_from_the_environment_and_migrates_on_release():
    procfile = (ROOT / "Procfile").read_text()
    assert "web: gunicorn cms.wsgi:application --workers ${WEB_CONCURRENCY:-2}" in procfile
    assert "release:" in procfile and "migrate" in procfile
    assert "scheduler:" in procfile and "run_scheduler" in procfile


def test_deploy_check_is_clean_with_the_documented_production_environment():
    # Only the documented production environment: nothing the test run itself set.
    ignore = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in ignore}
    clean.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x9Z" * 12,
        ALLOWED_HOSTS="blog.example.org",
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
