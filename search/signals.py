from wagtail.search import index
from wagtail.signals import page_published

from cms import bulk


def reindex_published_reply(sender, instance, **kwargs):
    """Index a reply again once it is published.

    Publishing saves the page row (and indexes it) before it commits the page's tags,
    so without this a newly added tag would not be searchable until the next save.
    A bulk job (the WordPress import) indexes what it published once per batch instead.
    """
    if bulk.running():
        return
    index.insert_or_update_object(instance)


def connect():
    from blog.models import LetterReplyPage

    page_published.connect(reindex_published_reply, sender=LetterReplyPage, dispatch_uid="search-reindex-reply")
