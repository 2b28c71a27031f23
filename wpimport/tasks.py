"""The admin's import, run by the worker process (the task queue the outbox uses)."""

import logging
from pathlib import Path

from django.conf import settings
from django_tasks import task

from .models import ImportRun
from .runs import perform
from .wxr import ExportError

logger = logging.getLogger(__name__)


@task(backend="worker", queue_name="default")
def import_export(run_id):
    run = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).first()
    if run is None:  # already run, or the task was queued twice
        return "skipped"
    path = Path(run.stored_path)
    try:
        perform(run, path, media_dir=settings.WPIMPORT_MEDIA_DIR or None, download=True)
    except ExportError:
        pass  # the reason is on the run, for the administrator
    except Exception:
        logger.exception("WordPress import %s failed", run_id)
    finally:
        # The export holds commenters' emails and addresses: it is not kept once imported.
        path.unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run.pk).update(stored_path="")
    return ImportRun.objects.get(pk=run.pk).state
