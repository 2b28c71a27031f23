from django.template.response import TemplateResponse
from wagtail.models import Page

from blog.models import LetterReplyPage, ModulePage, paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Search live, public replies and modules."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = (
            Page.objects.live()
            .public()
            .type(LetterReplyPage, ModulePage)
            .specific(defer=True)
            .search(query)
        )
        results = paginate(request, pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": results})
