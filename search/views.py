from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from wagtail.models import Page

from blog.models import LetterReplyPage, ModulePage, paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Search live, public replies and modules."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = Page.objects.live().public().type(LetterReplyPage, ModulePage).specific().search(query)
        results = paginate(request, pages)
        results.object_list = list(results.object_list)
        replies = [page for page in results.object_list if isinstance(page, LetterReplyPage)]
        prefetch_related_objects(replies, "writer")
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": results})
