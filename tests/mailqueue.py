"""Running the mail worker from a test: what production's `worker:` process does, in this process.

`deliver_mail()` first runs what the transaction's commit would run (a TestCase never commits,
so the delivery tasks queued on commit would never be queued), then the worker until the queue
is empty. Mail then appears in Django's `mail.outbox` (OUTBOX_DELIVERY_BACKEND in the test settings).
"""

from unittest import mock

from django.db import connections, transaction
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_commit_callbacks(using="default"):
    connection = connections[using]
    while connection.run_on_commit:
        pending = list(connection.run_on_commit)
        del connection.run_on_commit[:]
        for _savepoints, callback, _robust in pending:
            callback()


def run_worker():
    """The database worker over every queue until none is ready (batch mode), as `db_worker --batch` runs.

    Inside a test's transaction SQLite cannot begin the worker's exclusive one (a savepoint stands in),
    and the worker must not close the connection between tasks, as it does to renew old connections.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="worker",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    if connections["default"].in_atomic_block:
        with (
            mock.patch.object(db_worker, "exclusive_transaction", transaction.atomic),
            mock.patch.object(db_worker, "close_old_connections", lambda: None),
        ):
            worker.run()
    else:
        worker.run()


def deliver_mail(using="default"):
    if connections[using].in_atomic_block:
        run_commit_callbacks(using)
    run_worker()
