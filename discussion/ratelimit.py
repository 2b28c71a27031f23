"""Who is asking, and how often: per-client limits kept in the shared cache.

Every web process counts in the same cache (Redis, or in production without REDIS_URL a table in
the database: cms/database_cache.py), whose `add` and `incr` are atomic, so two processes never
both count the same attempt or both miss one.

The client is identified by a keyed hash of its IP address; the raw address is
never stored. Behind a proxy, set TRUSTED_PROXY_COUNT to the number of proxies
in front of the app so the real client address is read from X-Forwarded-For;
by default that header is ignored, because any client can forge it.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(request):
    """A keyed hash of the client's IP: stable enough to spot repeats, useless to identify anyone."""
    return address_hash(client_ip(request))


def address_hash(address):
    """The keyed hash of one IP address, as `ip_hash` makes it (imported comments are hashed the same way)."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def allow(request, scope, limit, window):
    """Count one attempt at `scope`; False once the client has made more than `limit` in `window` seconds."""
    return count_within(f"ratelimit:{scope}:{ip_hash(request)}", limit, window)


def count_within(key, limit, window):
    """Count one attempt under `key`; False once there have been more than `limit` in `window` seconds."""
    for _attempt in range(3):
        if cache.add(key, 1, timeout=window):  # the first attempt of a new window
            return True
        try:
            return cache.incr(key) <= limit
        except ValueError:  # the window ended between add and incr: count this attempt in the next one
            continue
    return True  # a cache that keeps losing the key: let the reader through rather than refuse everyone
