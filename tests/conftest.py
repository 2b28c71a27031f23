import pytest
from django.core.cache import cache


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
