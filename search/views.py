"""Public search over live, public replies and curriculum modules.

More than SEARCH_RATE_LIMIT searches from one client within SEARCH_RATE_WINDOW
seconds get a 429 with the query still in the box (`rate_limited`).
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from blog.models import PAGE_SIZE, LetterReplyPage, LetterReplyPageTag, ModulePage, paginate
from cms import caching
from discussion import ratelimit

from .forms import MAX_FILTER_LENGTH, SearchForm
from .highlight import excerpt, highlight, match_pattern, opening
from .terms import search_terms

POPULAR_TOPICS = 8


@dataclass
class Result:
    """One search result, ready to show: the template only prints it."""

    page: Page
    url: str
    title: SafeString
    snippet: SafeString
    # Where the snippet comes from when it is not the standfirst or summary ("From the letter").
    source: str = ""
    pen_name: SafeString | None = None
    # Why the page matched when neither its title nor its snippet shows it ("Tagged: boundaries").
    reason: SafeString | str = ""
    # The words matched none of the text shown: the match came from a tag (search/views.py `_explain`).
    unexplained: bool = False

    @property
    def is_module(self):
        return isinstance(self.page, ModulePage)


def _stream_texts(stream_value):
    """Plain text of a reply or module body, read from its stored JSON so that no block loads a page."""
    for block in stream_value.raw_data:
        value = block.get("value")
        if block.get("type") == "paragraph":
            yield get_text_for_indexing(value or "")
        elif isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (value.get(key) or "" for key in ("quote", "note") if isinstance(value.get(key), str))


def _snippet(fields, pattern):
    """(excerpt, source, matched): the excerpt of the first field that contains a match, or the opening
    of the first field with matched False."""
    for source, text in fields:
        found = excerpt(text, pattern)
        if found is not None:
            return found, source, True
    return opening(fields[0][1]), "", False


def _reply_result(page, url, pattern):
    snippet, source, matched = _snippet(
        [
            ("", page.standfirst),
            ("From the letter", get_text_for_indexing(page.letter or "")),
            ("From the reply", " ".join(_stream_texts(page.reply))),
        ],
        pattern,
    )
    shown = matched or (pattern is not None and (pattern.search(page.title) or pattern.search(page.pen_name)))
    return Result(
        page=page,
        url=url,
        title=highlight(page.title, pattern),
        snippet=snippet,
        source=source,
        pen_name=highlight(page.pen_name, pattern),
        unexplained=pattern is not None and not shown,
    )


def _module_result(page, url, pattern):
    snippet, source, _matched = _snippet(
        [("", page.summary), ("From the module", " ".join(_stream_texts(page.body)))],
        pattern,
    )
    return Result(page=page, url=url, title=highlight(page.title, pattern), snippet=snippet, source=source)


def _tagged(names, pattern):
    return format_html("Tagged: {}", format_html_join(", ", "{}", ((highlight(name, pattern),) for name in names)))


def _explain(results, pattern, tag_name, module):
    """Say why a reply is listed when its title and snippet cannot: "Tagged: boundaries" when the words
    matched a tag (one query, and only when some result needs it), or the topic or module filtered on."""
    if pattern is None:
        because = []
        if tag_name:
            because.append(_tagged([tag_name], None))
        if module is not None:
            because.append(format_html("Cites Module {}: {}", module.number, module.title))
        for result in results:
            if not result.is_module:
                result.reason = format_html_join(" \u00b7 ", "{}", ((reason,) for reason in because))
        return
    unexplained = {result.page.pk: result for result in results if result.unexplained}
    if not unexplained:
        return
    names = defaultdict(list)
    rows = LetterReplyPageTag.objects.filter(content_object_id__in=list(unexplained)).order_by("tag__name")
    for page_id, name in rows.values_list("content_object_id", "tag__name"):
        if pattern.search(name):
            names[page_id].append(name)
    for page_id, result in unexplained.items():
        if names[page_id]:
            result.reason = _tagged(names[page_id], pattern)


def _results(request, ids, pattern):
    """The specific pages behind one page of results (`ids`, in order): one query per kind, writers joined in."""
    replies = LetterReplyPage.objects.filter(pk__in=ids).select_related("writer").in_bulk()
    modules = ModulePage.objects.filter(pk__in=ids).in_bulk() if len(replies) < len(ids) else {}
    results = []
    for pk in ids:
        if pk in replies:
            reply = replies[pk]
            results.append(_reply_result(reply, reply.get_url(request), pattern))
        elif pk in modules:
            module = modules[pk]
            results.append(_module_result(module, module.get_url(request), pattern))
    return results


def _topics(public_replies):
    """Tags carried by live, public replies with their counts, most used first: one query."""
    return list(
        LetterReplyPageTag.objects.filter(content_object__in=public_replies)
        .values(slug=F("tag__slug"), name=F("tag__name"))
        .annotate(uses=Count("pk"))
        .order_by("-uses", "name")
    )


def _matching_pages(private, terms, tag, module):
    """Live, public replies and modules matching the words, within the topic and module if given."""
    pages = Page.objects.live().exclude(private).type(LetterReplyPage, ModulePage)
    if tag:
        pages = pages.filter(pk__in=LetterReplyPageTag.objects.filter(tag__slug=tag).values("content_object_id"))
    if module:
        # The module itself and the replies that cite it (references follow the published revision).
        citing = LetterReplyPage.objects.filter(referenced_modules=module).values("pk")
        pages = pages.filter(Q(pk__in=citing) | Q(pk=module.pk))
    if not terms:
        # Only a filter: everything in it, newest first.
        return pages.order_by("-first_published_at", "-pk")
    # Words only, ANDed: no operator or quote a reader types reaches the backend's query syntax.
    if connection.vendor == "sqlite":
        # SQLite's backend scores each match with a correlated full-text query of its own: a word in
        # every reply took a minute at 10,000 replies (bench/README.md). SQLite is the development
        # database, so there matches come newest first; PostgreSQL ranks them by relevance.
        return pages.order_by("-first_published_at").search(" ".join(terms), operator="and", order_by_relevance=False)
    return pages.search(" ".join(terms), operator="and")


def _hits(request, terms, tag, module):
    """(number of matches, page number shown, ids on that page) for a search.

    The same for every reader until something is published or unpublished, so kept in the
    shared cache per content version (cms/caching.py): ranking every reply that contains a
    common word is the costly part of a search, and readers search for the same words.
    """

    def build():
        private = Page.objects.all().private_q()
        page_obj = paginate(request, _matching_pages(private, terms, tag, module))
        return page_obj.paginator.count, page_obj.number, [page.pk for page in page_obj.object_list]

    asked = json.dumps([terms, tag, module.pk if module else None, request.GET.get("page", "")[:20]])
    return caching.site_wide("search:" + hashlib.sha256(asked.encode()).hexdigest(), build)


def _querystring(**params):
    return urlencode({name: value for name, value in params.items() if value})


def rate_limited(request):
    """429 before any query runs: the search box keeps what the reader typed, and the filters ride along."""
    form = SearchForm(request.GET, topics=[], modules=[])  # for its labels; no query for the choices
    context = {
        "form": form,
        "rate_limited": True,
        "search_query": form.data["query"],
        "selected_tag": request.GET.get("tag", "")[:MAX_FILTER_LENGTH],
        "selected_module": request.GET.get("module", "")[:MAX_FILTER_LENGTH],
        "retry_after": settings.SEARCH_RATE_WINDOW,
    }
    response = TemplateResponse(request, "search/search.html", context, status=429)
    response["Retry-After"] = str(settings.SEARCH_RATE_WINDOW)
    add_never_cache_headers(response)
    return response


def search(request):
    """Search live, public replies and modules, optionally within a topic (tag) or a module."""
    # Per client, in the shared cache: a reader never gets near the limit, a scraper soon does.
    if not ratelimit.allow(request, "search", settings.SEARCH_RATE_LIMIT, settings.SEARCH_RATE_WINDOW):
        return rate_limited(request)
    # The filter choices are the same for everyone: from the shared cache, per content version.
    topics = caching.site_wide(
        "search-topics", lambda: _topics(caching.exclude_restricted(LetterReplyPage.objects.live()))
    )
    modules = caching.site_wide(
        "search-modules", lambda: list(ModulePage.objects.live().order_by("number").defer_streamfields())
    )
    form = SearchForm(request.GET, topics=sorted(topics, key=lambda topic: topic["name"].lower()), modules=modules)
    form.is_valid()
    query = form.cleaned_data.get("query", "")
    terms = search_terms(query)
    tag, module = form.filters()

    searched = bool(terms or tag or module)
    page_obj = results = None
    if searched:
        count, number, ids = _hits(request, terms, tag, module)
        page_obj = Paginator(range(count), PAGE_SIZE).page(number)  # the pagination links, without a query
        pattern = match_pattern(terms)
        results = _results(request, ids, pattern)
        _explain(results, pattern, form.topic_names[tag] if tag else "", module)

    number = module.number if module else ""
    context = {
        "form": form,
        "search_query": query,
        "searched": searched,
        "unsearchable": bool(query) and not terms,
        "page_obj": page_obj,
        "results": results,
        "active_tag": (tag, form.topic_names[tag]) if tag else None,
        "active_module": module,
        "selected_tag": tag or "",
        "selected_module": str(number),
        "filter_errors": form.filter_errors(),
        "popular_topics": topics[:POPULAR_TOPICS],
        "modules": modules,
        "pagination_query": _querystring(query=query, tag=tag, module=number),
        "without_tag": _querystring(query=query, module=number),
        "without_module": _querystring(query=query, tag=tag),
        "without_filters": _querystring(query=query),
    }
    return TemplateResponse(request, "search/search.html", context)
