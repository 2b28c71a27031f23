from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

FEED_SIZE = 20


class LatestRepliesFeed(Feed):
    """RSS of the latest replies on one Discussion Blog."""

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index.title

    def link(self):
        return self.index.get_full_url(self.request)

    def description(self):
        return "Letters from families and replies from our staff, newest first."

    def items(self):
        return self.index.replies()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return item.writer.name if item.writer else None

    def item_pubdate(self, item):
        return item.first_published_at
