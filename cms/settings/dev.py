from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
# A fixed key is fine on a developer's machine only; production refuses to start without one.
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
# The worker (started by `make run`) prints each email on its console.
OUTBOX_DELIVERY_BACKEND = os.environ.get(  # noqa: F405
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
ALLOWED_HOSTS = ALLOWED_HOSTS + ["testserver"]  # noqa: F405
