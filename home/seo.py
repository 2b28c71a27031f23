"""What search engines and link previews read in a page's head: canonical URL, robots,
OpenGraph and Twitter card values, and JSON-LD Article data for replies.

Everything is computed from objects the view has already loaded (the page, its writer,
the Site cached on the request, the paginator page), so the head costs no queries.
A view that is not a page of its own (a writer's replies) may put `meta_title`,
`meta_description` or `meta_noindex` in its context.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

DEFAULT_IMAGE = "img/social-default.png"
DEFAULT_IMAGE_WIDTH = 1200
DEFAULT_IMAGE_HEIGHT = 630
DEFAULT_IMAGE_ALT = "Discussion Blog: letters from families and replies from staff, guided by the CRAFT curriculum."
DESCRIPTION_LENGTH = 300

# Views whose pages search engines should not index: internal search results
# (endless, thin pages) and account pages.
NOINDEX_VIEWS = {"search", "login", "logout", "discussion:letter_thanks"}
# On these, the query string is what the page is, so the canonical URL keeps it.
QUERY_VIEWS = {"search"}

# As Django's json_script: no "<", ">" or "&" in the JSON, so "</script>" in an
# editor's title cannot end the element early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_for(request):
    """The Site serving this request (Wagtail caches it on the request), or None."""
    if request is None:
        return None
    return Site.find_for_request(request)


def site_name(request):
    site = site_for(request)
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def root_url(request, page=None):
    """Scheme and host of the canonical site, as the sitemap and `page.full_url` use."""
    if page is not None and page.pk:
        parts = page.get_url_parts(request)
        if parts and parts[1]:
            return parts[1]
    site = site_for(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute(base, url):
    """`url` made absolute against `base`, unless it already is (a CDN's STATIC_URL)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return base + url


def default_image_url(base):
    return absolute(base, static(DEFAULT_IMAGE))


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def paginator_page(context):
    """The page of results a listing shows, whatever the view called it.

    Checked by type, not isinstance, so lazy objects in the context (request.user) stay unevaluated.
    """
    for value in context.flatten().values():
        if issubclass(type(value), PaginatorPage):
            return value
    return None


def canonical_url(request, base, page=None, page_number=None, keep_query=False):
    """This page's own full URL: routable sub-pages (tag pages) keep their path, listings
    their page number after the first, search its query; anything else in the query string goes."""
    path = request.path
    if page is not None and page.pk:
        parts = page.get_url_parts(request)
        page_path = parts[2] if parts else None
        if page_path and not path.startswith(page_path):
            path = page_path  # served somewhere else (a preview): point at the page itself
    params = []
    if keep_query:
        params = [(key, value) for key, value in request.GET.items() if key != "page"]
    if page_number and page_number > 1:
        params.append(("page", page_number))
    return base + path + ("?" + urlencode(params) if params else "")


def description_for(page, context):
    """A view's own description (`meta_description`), else the page's: search description,
    then a reply's standfirst or a module's summary, then an index's intro."""
    text = str(context.get("meta_description") or "")
    if not text and page is not None:
        for field in ("search_description", "standfirst", "summary"):
            text = getattr(page, field, "") or ""
            if text.strip():
                break
        else:
            text = strip_tags(str(getattr(page, "intro", "") or ""))
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def title_for(page, context, name):
    if context.get("meta_title"):
        return str(context["meta_title"])
    if page is None:
        return name
    active_tag = context.get("active_tag")
    if active_tag is not None:
        return f"Posts tagged \u201c{active_tag.name}\u201d"
    return page.seo_title or page.title


def is_article(page):
    from blog.models import LetterReplyPage

    return isinstance(page, LetterReplyPage)


def head_meta(context):
    """Everything the head needs, as plain values for includes/meta.html."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    if page is not None and not hasattr(page, "get_url_parts"):
        page = None  # a paginator page or other object called "page" by a non-Wagtail view
    view_name = _view_name(request)
    base = root_url(request, page)
    page_number = None
    if "page" in request.GET:
        listing = paginator_page(context)
        page_number = listing.number if listing is not None else None
    url = canonical_url(request, base, page, page_number, keep_query=view_name in QUERY_VIEWS)
    name = site_name(request)
    article = is_article(page)
    meta = {
        "canonical": url,
        "noindex": bool(
            context.get("meta_noindex") or view_name in NOINDEX_VIEWS or getattr(request, "is_preview", False)
        ),
        "title": title_for(page, context, name),
        "description": description_for(page, context),
        "type": "article" if article else "website",
        "site_name": name,
        "image": default_image_url(base),
        "image_width": DEFAULT_IMAGE_WIDTH,
        "image_height": DEFAULT_IMAGE_HEIGHT,
        "image_alt": DEFAULT_IMAGE_ALT,
    }
    if article and page.featured_image_id:
        meta.update(featured_image_meta(page, base))
    if article:
        data = article_data(page, meta)
        meta["published"] = data["datePublished"].isoformat()
        meta["modified"] = data["dateModified"].isoformat() if "dateModified" in data else ""
        meta["json_ld"] = json_ld_script(data)
    return meta


def featured_image_meta(page, base):
    """A reply's featured image as its link-preview image: a 1200x630 crop, its alt text the image's description."""
    image = page.featured_image
    if image is None:
        return {}
    try:
        rendition = image.get_rendition(f"fill-{DEFAULT_IMAGE_WIDTH}x{DEFAULT_IMAGE_HEIGHT}")
    except SourceImageIOError:  # the file is missing: the site's default image instead of a broken one
        return {}
    return {
        "image": absolute(base, rendition.url),
        "image_width": rendition.width,
        "image_height": rendition.height,
        "image_alt": image.description or page.title,
    }


def article_data(page, meta):
    """schema.org Article for a reply, from the page and its (already loaded) writer."""
    publisher = {"@type": "Organization", "name": meta["site_name"], "logo": meta["image"]}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(page.seo_title or page.title).chars(110),
        "description": meta["description"],
        "image": [meta["image"]],
        "datePublished": page.date,
        "dateModified": page.last_published_at or page.latest_revision_created_at,
        "author": {"@type": "Person", "name": page.writer.name} if page.writer else publisher,
        "publisher": publisher,
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta["canonical"]},
        "url": meta["canonical"],
    }
    if data["dateModified"] is None:
        del data["dateModified"]
    return data


def json_ld_script(data):
    """A `<script type="application/ld+json">` element: data, not code, and safe to embed."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
