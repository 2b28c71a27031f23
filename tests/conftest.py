import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: Wagtail keeps site roots there, rate limits will too."""
    cache.clear()
    yield
    cache.clear()
