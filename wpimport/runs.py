"""Import runs: one at a time, with their progress visible while they work and their report kept after.

The command line and the admin's background task both go through `perform`. Progress is
written to a small file beside the uploads (web and worker share that folder): the import
commits in batches, but a dry run holds one transaction, whose writes another process cannot
see until it ends.
"""

import contextlib
import json
import logging
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .importer import Options, WordPressImporter
from .models import ImportRun
from .wxr import ExportError

logger = logging.getLogger(__name__)

# A run whose progress has not moved for this long was left by a worker that stopped.
STALE_AFTER = timedelta(minutes=15)
PROGRESS_EVERY = 1.0  # seconds between progress writes


class ImportBusy(Exception):
    """Another import is waiting or running: two at once could make the same post twice."""


def import_dir():
    path = Path(settings.WPIMPORT_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def progress_path(run):
    return import_dir() / f"run-{run.pk}.progress.json"


def read_progress(run):
    """{"phase", "done", "total", "percent", "outcomes"} while the run works, else None."""
    try:
        return json.loads(progress_path(run).read_text())
    except (OSError, ValueError):
        return None


def _last_sign_of_life(run):
    try:
        return datetime.fromtimestamp(progress_path(run).stat().st_mtime, tz=UTC)
    except OSError:
        return run.started_at or run.created_at


def create_run(**fields):
    """A new run holding the one-import-at-a-time lock; raises ImportBusy while another holds it."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return ImportRun.objects.create(active=True, **fields)
        except IntegrityError:
            current = ImportRun.objects.filter(active=True).first()
            if current is None:
                continue
            if timezone.now() - _last_sign_of_life(current) < STALE_AFTER:
                raise ImportBusy(
                    f"Another import ({current.file_name}, {current.get_state_display().lower()}) has not finished. "
                    "Wait for it to finish, then try again."
                ) from None
            finish(current, ImportRun.State.FAILED, error="The import stopped: no progress for 15 minutes.")
    raise ImportBusy("Another import has just started. Wait for it to finish, then try again.")


def finish(run, state, report=None, error=""):
    run.state = state
    run.active = False
    run.finished_at = timezone.now()
    run.report = report
    run.error = error
    run.save(update_fields=["state", "active", "finished_at", "report", "error"])
    with contextlib.suppress(OSError):
        progress_path(run).unlink(missing_ok=True)


def perform(run, path, media_dir=None, download=True, media_hosts=(), on_progress=None):
    """Import `path` for `run`; the run ends done (with its report) or failed (with the reason)."""
    run.state = ImportRun.State.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["state", "started_at"])
    last_write = [0.0]

    def progress(phase, done, total, report=None):
        if on_progress:
            on_progress(phase, done, total, report)
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_EVERY and done < total:
            return
        last_write[0] = now
        data = {
            "phase": phase,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 100,
            "outcomes": {k: dict(v) for k, v in report.outcomes.items()} if report else {},
        }
        target = progress_path(run)
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(data))
        os.replace(partial, target)  # readers see the old file or the new one, never half of one

    options = Options(
        dry_run=run.dry_run,
        media_dir=media_dir,
        download=download,
        media_hosts=tuple(media_hosts),
        blog_category=run.blog_category,
        time_zone=run.time_zone,
    )
    try:
        report = WordPressImporter(path, options, progress=progress, file_name=run.file_name).run()
    except ExportError as error:
        finish(run, ImportRun.State.FAILED, error=str(error))
        raise
    except Exception as error:
        logger.exception("The import of run %s failed", run.pk)
        finish(run, ImportRun.State.FAILED, error=f"The import stopped with an error: {error}")
        raise
    finish(run, ImportRun.State.DONE, report=report.as_dict())
    return report
