"""Tag suggestions in the reply editor: existing tags as the writer types, most used first.

Wagtail's own tag autocomplete lists matches alphabetically; a writer should meet
the topics readers already browse ("boundaries" on 40 replies) before a one-off.
"""

from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag
from wagtail.admin.widgets import AdminTagWidget

LIMIT = 10
MAX_TERM_LENGTH = 100


def suggest_tags(term, limit=LIMIT):
    """Names of tags with a word starting with `term`, most used on replies first, then by name."""
    term = " ".join((term or "").split())[:MAX_TERM_LENGTH]
    if not term:
        return []
    return list(
        Tag.objects.filter(Q(name__istartswith=term) | Q(name__icontains=f" {term}") | Q(name__icontains=f"-{term}"))
        .annotate(uses=Count("blog_letterreplypagetag_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


@require_GET
def tag_suggestions(request):
    return JsonResponse(suggest_tags(request.GET.get("term", "")), safe=False)


class ReplyTagWidget(AdminTagWidget):
    """Wagtail's tag field, asking our view for suggestions."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse("blog_tag_suggestions")
        return context
