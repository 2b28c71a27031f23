"""RSS 2.0 and Atom 1.0 feeds of replies: one class for the blog, a tag and a module."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Site

FEED_SIZE = 20


class RepliesFeed(Feed):
    """The latest FEED_SIZE of `replies` (live, public LetterReplyPages, newest first).

    `link` is the full URL of the HTML listing the feed follows. Built per
    request by the page route that serves it, so it never holds stale state.
    """

    def __init__(self, replies, *, title, link, description, atom=False):
        super().__init__()
        self.replies = replies
        self.feed_title = title
        self.feed_link = link
        self.feed_description = description
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.feed_title

    def link(self):
        return self.feed_link

    def feed_url(self):
        # On the same host as the item links (the Site's), not whatever host the request named.
        site = Site.find_for_request(self.request)
        base = site.root_url if site is not None else self.request.build_absolute_uri("/").rstrip("/")
        return base + self.request.path

    def description(self):
        return self.feed_description

    def subtitle(self):
        return self.feed_description

    def items(self):
        return self.replies.select_related("writer").defer_streamfields()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return item.writer.name if item.writer else None

    def item_pubdate(self, item):
        return item.first_published_at or item.last_published_at

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry.
        return item.last_published_at or item.first_published_at


def feed_response(request, replies, *, title, link, description, atom=False):
    """Serve `replies` as an RSS (or, with `atom`, an Atom) feed."""
    return RepliesFeed(replies, title=title, link=link, description=description, atom=atom)(request)
