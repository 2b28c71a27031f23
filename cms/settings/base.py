"""Settings shared by every environment. Everything that differs between
machines is read from the environment (see README, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "blog",
    "discussion",
    "search",
    "outbox",
    "subscriptions",
    "wpimport",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads a form sent in another charset than UTF-8 before anything does, and refuses it with 400
    # and the form shown again instead of Django's error (cms/form_charset.py).
    "cms.form_charset.FormCharsetMiddleware",
    # Outside sessions and CSRF, so it sees the cookies they set (cms/cache_headers.py).
    "cms.cache_headers.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin search boxes get words only, at most 255 characters (cms/admin_search.py).
    "cms.admin_search.AdminSearchQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress links by id ("/?p=123"), which the home page would otherwise answer (wpimport).
    "wpimport.middleware.WordPressIdRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy on the public site, -Report-Only in the admin (cms/csp.py).
    "cms.csp.AdminReportOnlyCSPMiddleware",
    # Cached post pages for anonymous readers, answered before routing (blog/page_cache.py).
    "blog.page_cache.PageCacheMiddleware",
    # Turns a sign-in lockout into the lockout page; axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.caching.context_processor",
            ],
            # {% reader_csrf_token %}: the forms on public pages (cms/reader_forms.py).
            "libraries": {"reader_forms": "cms.reader_forms"},
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# An SQLite file in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so two at once queue up instead
    # of one failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the shared cache in production (several web processes see the same
# entries); a per-process memory cache is enough for one developer. Production
# without REDIS_URL caches in the database instead (production.py), never in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cms",
        }
    }

# Cache-Control on pages that are the same for every reader (cms/cache_headers.py): browsers
# keep them PUBLIC_CACHE_SECONDS, a CDN CDN_CACHE_SECONDS (publishing purges the CDN at once).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS", "300"))

# A caching proxy or CDN in front of the site, told of every change a reader could see
# (wagtail.contrib.frontend_cache; what and when: cms/caching.py). FRONTEND_CACHE_PURGE_URL: the
# Varnish configured by deploy/varnish/default.vcl (PURGE a page, BAN everything), e.g.
# http://127.0.0.1:6081; or CLOUDFLARE_API_TOKEN with CLOUDFLARE_ZONE_ID. Neither: no purging.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "cms.edge_cache.VarnishBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes) on both sign-in pages, /admin/login/ and /account/login/.
# axes goes first so a locked-out client is refused before its password is even checked.
# AxesBackend is axes' AxesStandaloneBackend plus ModelBackend's get_user(): Wagtail's page
# test helpers (assertPageIsEditable...) sign in with the first backend, which must load users.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 30 minutes.
# By username *and* address: by username alone anyone could lock an editor out from anywhere,
# by address alone one guesser would lock out a whole office or family behind the same router.
# Guessing one account from many addresses is left to the password validators above.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=30)
# The 30 minutes run from the fifth failure; retrying while locked out does not extend them.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in forgets earlier typos.
AXES_RESET_ON_SUCCESS = True
# The same client address as the rate limits (TRUSTED_PROXY_COUNT, X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "discussion.ratelimit.client_ip"
# 429 and a page that says what happened and for how long (cms/lockout.py).
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "cms.lockout.lockout_response"
# Failed attempts (username, address) are deleted at the first sign-in after their cool-off; successful
# sign-ins are not logged at all: nobody reads that log, and it would keep staff addresses forever.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# WordPress exports uploaded in the admin wait here for the worker: outside MEDIA_ROOT, never served
# (they hold commenters' emails and addresses), and deleted once imported. Web and worker share it.
WPIMPORT_DIR = Path(os.environ.get("WPIMPORT_DIR", BASE_DIR / "private" / "wordpress-imports"))
# A copy of wp-content/uploads on the server for imports started in the admin (the command takes --media-dir).
WPIMPORT_MEDIA_DIR = os.environ.get("WPIMPORT_MEDIA_DIR", "")

# Content Security Policy (django-csp; cms/csp.py picks which header each response gets).
# Public pages: only this site's own scripts, styles, fonts and images; no inline
# script, no inline event handlers or style attributes, no plugins, no framing.
# JSON-LD (<script type="application/ld+json">) is data the browser never runs,
# so script-src does not apply to it.
# Violation reports go to CSP_REPORT_URI from the environment, if set (lower-case here:
# a CSP_REPORT_URI setting is django-csp 3 configuration, which django-csp 4 refuses).
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "")
_csp_reporting = {"report-uri": [_csp_report_uri]} if _csp_report_uri else {}
# Uploaded images come from MEDIA_URL, which may be another host (a bucket or CDN).
_csp_media = [MEDIA_URL] if MEDIA_URL.startswith(("https://", "http://")) else []
_csp_public = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *_csp_media],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**_csp_public, **_csp_reporting}}
# The Wagtail admin needs inline script and style, so the same policy is only reported on
# there; it frames its own previews, and its uploaders preview images from blob: URLs.
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": {
        **_csp_public,
        "img-src": [SELF, "data:", "blob:", *_csp_media],
        "frame-ancestors": [SELF],
        **_csp_reporting,
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: the backend and server come from the environment; the console in dev.
# Every email is queued in the outbox (outbox/mail.py) and delivered by the worker process
# (`manage.py db_worker`, the Procfile's `worker:`) through OUTBOX_DELIVERY_BACKEND: no request
# waits on the mail server. The EMAIL_BACKEND environment variable chooses how mail leaves.
EMAIL_BACKEND = "outbox.mail.QueuedEmailBackend"
OUTBOX_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# A mail server that accepts a connection and never answers holds a worker this long, not forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Transient failures (refused, dropped, timed out, 4xx) are retried this long, then marked failed.
OUTBOX_RETRY_HOURS = int(os.environ.get("OUTBOX_RETRY_HOURS", "48"))
# Sent and failed messages (with their recipients' addresses) are deleted after this many days.
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "30"))
# Following by email: the mailbox named in List-Unsubscribe's mailto (a person reads it), and how long
# after going live a reply is announced (unpublished within that time, it never is).
FOLLOW_UNSUBSCRIBE_MAILTO = os.environ.get("FOLLOW_UNSUBSCRIBE_MAILTO", "")
FOLLOW_ANNOUNCE_DELAY = int(os.environ.get("FOLLOW_ANNOUNCE_DELAY", "60"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Discussion Blog <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Wagtail's own small tasks run in the request as before ("default"); the site's
# (email delivery) go to the worker process through a queue in the site's own database ("worker").
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail", "default"]},
}

LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/"

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Family Support Discussion Blog")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin's sign-in form, refusing a form sent in another charset than UTF-8 (cms/form_charset.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.form_charset.AdminLoginForm"
# No staff avatars from gravatar.com: it would send hashes of staff emails to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads. No format a browser would run as a page: no .html/.htm/.svg/.xml documents, no SVG images.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents go through Wagtail's serve view (privacy checks, nosniff, "default-src 'none'")
# and always download as attachments, PDFs too, so none opens inside the site's origin.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A small file can still decode to a huge bitmap; 40 megapixels is well above any camera photo we use.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Members-only curriculum modules send readers to this sign-in page.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
TAGGIT_CASE_INSENSITIVE = True


def require_secret_key():
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")


# Number of reverse proxies in front of the app whose X-Forwarded-For may be
# trusted to name the client (0: use the connection's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Public searches per client per window (seconds): far above a reader's pace, well below a scraper's.
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "60"))
SEARCH_RATE_WINDOW = int(os.environ.get("SEARCH_RATE_WINDOW", "60"))

# The automatic privacy check lets these through: public helplines a reply may
# cite, and the organisation's own domains (comma-separated in the environment).
PRIVACY_CHECK_ALLOWED_NUMBERS = env_list("PRIVACY_CHECK_ALLOWED_NUMBERS", "1-800-662-4357")
PRIVACY_CHECK_ALLOWED_DOMAINS = env_list("PRIVACY_CHECK_ALLOWED_DOMAINS")
# Four eyes: the editor who approved a reply's privacy check may not also give its editorial approval
# or publish it. Very small teams may allow it; each use is recorded in the page history.
PRIVACY_REVIEWER_MAY_APPROVE = env_bool("PRIVACY_REVIEWER_MAY_APPROVE", False)
# An edit to a reply in review sends it back through every step: approvals are for the version approved.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# Letter writers' email addresses are kept only as long as they are needed
# (`manage.py erase_letter_contacts`, run daily).
LETTER_EMAIL_RETENTION_DAYS = int(os.environ.get("LETTER_EMAIL_RETENTION_DAYS", "30"))
LETTER_UNANSWERED_RETENTION_DAYS = int(os.environ.get("LETTER_UNANSWERED_RETENTION_DAYS", "365"))
# Comments' and reports' IP hashes likewise (`manage.py erase_comment_ip_hashes`, run daily).
COMMENT_IP_HASH_RETENTION_DAYS = int(os.environ.get("COMMENT_IP_HASH_RETENTION_DAYS", "90"))

# Logs go to the console and carry no personal data: the app never logs emails, IP addresses
# or letters, and the filter (cms/logging.py) masks any email or IP address that slips through.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_personal_data": {"()": "cms.logging.ScrubPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub_personal_data"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Drops Django's own handlers (a DEBUG-only console that would bypass the filter; mail_admins,
        # whose emails carry the whole request): django.* reaches the console above like everything else.
        "django": {"level": LOG_LEVEL},
        # Client errors, server errors and security events (bad Host, CSRF): the path, never the client.
        "django.request": {"level": "WARNING"},
        "django.security": {"level": "WARNING"},
        # At DEBUG these log each SQL statement with its parameters (letters, email addresses) and
        # whole template contexts (the request, what a reader searched for): never wanted in a log.
        "django.db.backends": {"level": "INFO"},
        "django.template": {"level": "INFO"},
        # runserver's request lines, through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A line per task started and finished, including Wagtail's own in-request ones: the outbox
        # logs each delivery and failure itself (outbox.delivery).
        "django_tasks": {"level": "WARNING"},
    },
}
