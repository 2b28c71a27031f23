from .base import *  # noqa: F403

DEBUG = False
require_secret_key()  # noqa: F405

# Never each process's own memory: the rate limits and the duplicate-comment guard count in the cache, so
# every web process must share it. Redis with REDIS_URL; otherwise a table in the site's database, made by
# `migrate` (cms/database_cache.py), so the Procfile's several workers share it out of the box.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "cms.database_cache.DatabaseCache",
            "LOCATION": "cms_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),  # noqa: F405
            # Past this Django deletes expired entries, then a third of the rest: its 300 would cull live counts.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "100000"))},  # noqa: F405
        }
    }

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))  # noqa: F405
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# LOGGING (console, LOG_LEVEL, personal data scrubbed) comes from base.py.
