"""The links in followers' emails: signed with the site's key, so only the site can make one.

A link carries the address's own random key (Subscriber.key), signed; stopping all emails deletes
the address, so its old links then name nobody.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from wagtail.models import Site

from .models import Subscriber

LINK_SALT = "subscriptions.link"  # namespaces the signature of follow links


def token_for(subscriber):
    return signing.dumps(subscriber.key, salt=LINK_SALT)


def subscriber_for(token):
    """The subscriber a link's token names, or None (a forged, mangled or revoked link)."""
    try:
        key = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(key=key).first() if isinstance(key, str) else None


def site_root():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def link(name, subscriber, root=None):
    """The full URL of one of `subscriber`'s pages; `root` (site_root()) saves a query per link in a batch."""
    return (root or site_root()) + reverse(f"subscriptions:{name}", args=[token_for(subscriber)])
