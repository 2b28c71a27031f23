"""What reaches Wagtail's admin search boxes: words only, and not too many of them.

Wagtail's admin views hand `q` to the search backend as typed. A few thousand characters of
quotes, brackets or words take seconds to parse or overflow the recursion limit; punctuation
alone crashes the PostgreSQL backend. The admin's boxes search titles and names, so words are all
they need.
"""

import re

# Wagtail's own limit for a query (modelsearch.utils.MAX_QUERY_STRING_LENGTH).
MAX_QUERY_LENGTH = 255
WORD = re.compile(r"[^\W_]+")


def tidy_admin_query(raw):
    """The words of `raw`, space-separated, at most MAX_QUERY_LENGTH characters."""
    return " ".join(WORD.findall(raw[: MAX_QUERY_LENGTH * 2]))[:MAX_QUERY_LENGTH].strip()


class AdminSearchQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and "q" in request.GET:
            query = request.GET.copy()
            query["q"] = tidy_admin_query(query.get("q", ""))
            request.GET = query
        return self.get_response(request)
