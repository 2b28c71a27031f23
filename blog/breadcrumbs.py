"""Breadcrumb trails for public pages, built from pages the view already holds (no queries)."""

from wagtail.models import Site


def breadcrumbs(request, parents, current):
    """The trail Home › ... › `current` (a title) as a list of {"title", "url"} dicts.

    `parents` are the pages between the site's home page and the current page,
    top first; the home page itself comes from the Site that routed the request
    (fetched with its root page and cached on the request by Wagtail). The last
    entry, the current page, has no URL.
    """
    trail = []
    site = Site.find_for_request(request)
    if site is not None:
        trail.append({"title": "Home", "url": site.root_page.get_url(request)})
    for page in parents:
        if page is not None and (site is None or page.pk != site.root_page_id):
            trail.append({"title": page.title, "url": page.get_url(request)})
    trail.append({"title": current, "url": None})
    return trail
