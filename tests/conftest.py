import time

import pytest
from django.core.cache import cache

from tests.deid_eval import DEID_TABLE

_session_started = time.time()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: Wagtail keeps site roots there, rate limits will too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def mail_goes_through_the_outbox(django_test_environment):
    """Django's test set-up swaps EMAIL_BACKEND for its in-memory outbox; put the queue back, as in
    production, so every test's mail is queued and reaches `mail.outbox` only through the worker."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "outbox.mail.QueuedEmailBackend"


def pytest_terminal_summary(terminalreporter):
    """The de-identification assistant's precision and recall, when this run measured them
    (tests/test_deid_evaluation.py writes the table; with -n 2 it is written by a worker process)."""
    if DEID_TABLE.exists() and DEID_TABLE.stat().st_mtime >= _session_started:
        terminalreporter.write_sep("-", "de-identification assistant")
        for line in DEID_TABLE.read_text().splitlines():
            terminalreporter.write_line(line)
