from django.contrib import messages
from wagtail import hooks
from wagtail.models import GroupPagePermission
from wagtail.snippets.models import register_snippet

from .models import LetterReplyPage
from .viewsets import StaffWriterViewSet

register_snippet(StaffWriterViewSet)


def warn_about_unknown_modules(request, page):
    """Tell the writer about "Module N" mentions that match no module; the draft is saved anyway."""
    page = page.specific_deferred if not isinstance(page, LetterReplyPage) else page
    if not isinstance(page, LetterReplyPage):
        return
    unknown = page.unknown_module_numbers()
    if unknown:
        numbers = ", ".join(str(n) for n in unknown)
        noun = "Module" if len(unknown) == 1 else "Modules"
        messages.warning(
            request,
            f"This reply mentions {noun} {numbers}, but there is no such module. "
            "Readers will see the mention without a link until the module exists or the text is corrected.",
        )


hooks.register("after_create_page", warn_about_unknown_modules)
hooks.register("after_edit_page", warn_about_unknown_modules)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_from_staff_without_page_permissions(pages, request):
    """Staff who cannot edit any page (comment moderators) see only live pages in the chooser."""
    user = request.user
    if user.is_superuser or GroupPagePermission.objects.filter(group__user=user).exists():
        return pages
    return pages.live()
