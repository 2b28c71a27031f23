"""A bulk job in progress (the WordPress import), for the receivers of per-object signals.

A job that creates thousands of pages in batches does some per-object work itself, once per
batch (the search index), and creates what some receivers cannot concern (a page just made by
the job answers no reader's letter). Those receivers check `running()` and leave it to the job.
One job at a time, in one thread (the command and the worker run imports one by one).
"""

from contextlib import contextmanager
from contextvars import ContextVar

_running = ContextVar("bulk_job_running", default=False)


@contextmanager
def job():
    token = _running.set(True)
    try:
        yield
    finally:
        _running.reset(token)


def running():
    return _running.get()
