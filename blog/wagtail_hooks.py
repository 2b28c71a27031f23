from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import GroupPagePermission, Page
from wagtail.snippets.models import register_snippet

from . import publish_guards, review_messages
from .models import LetterReplyPage
from .privacy import privacy_findings
from .tag_suggestions import tag_suggestions
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

# "Privacy check approved; waiting for editorial approval", "Published: <link>", "Sent back to <writer>...".
hooks.register("before_edit_page", review_messages.note_current_task)
hooks.register("after_edit_page", review_messages.say_what_happened)


@hooks.register("register_admin_urls")
def tag_suggestion_urls():
    return [path("blog/tag-suggestions/", tag_suggestions, name="blog_tag_suggestions")]


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_from_staff_without_page_permissions(pages, request):
    """Staff who cannot edit any page (comment moderators) see only live pages in the chooser."""
    user = request.user
    if user.is_superuser or GroupPagePermission.objects.filter(group__user=user).exists():
        return pages
    # A live page with a newer draft is listed under its draft title: leave those out too.
    # (By id: search results filter only on indexed fields, and has_unpublished_changes is not one.)
    retitled = Page.objects.filter(live=True, has_unpublished_changes=True).values_list("pk", flat=True)
    return pages.live().exclude(pk__in=list(retitled))


def privacy_problems(page):
    page = page.specific_deferred if not isinstance(page, LetterReplyPage) else page
    return privacy_findings(page) if isinstance(page, LetterReplyPage) else []


@hooks.register("before_publish_page")
def refuse_publishing_replies_with_contact_details(request, page):
    """The privacy check's automatic findings block every way of publishing, not only the workflow.

    The draft is kept (it was saved just before this hook); the editor is told what to remove.
    """
    findings = privacy_problems(page)
    if findings:
        listed = "; ".join(str(finding) for finding in findings)
        messages.error(request, f"Not published: the privacy check found {listed}. Remove it, then publish.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_replies_with_contact_details(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    # Bulk publishing publishes each page's latest revision: check that.
    blocked = [page for page in objects if privacy_problems(page.specific.get_latest_revision_as_object())]
    if blocked:
        titles = ", ".join(page.get_admin_display_title() for page in blocked)
        messages.error(request, f"Nothing was published: the privacy check has findings in {titles}.")
        return redirect("wagtailadmin_explore_root")
    return None


# A reply goes live only in a version whose privacy check passed, by every route (blog/publish_guards.py).
# First: a new page refused here must also be taken off live (Wagtail's create view adds it live).
hooks.register("before_publish_page", publish_guards.refuse_publishing_unchecked_replies, order=-1)
hooks.register("before_bulk_action", publish_guards.refuse_bulk_publishing_unchecked_replies)
hooks.register("before_copy_page", publish_guards.refuse_copying_replies_as_live)
hooks.register("construct_page_action_menu", publish_guards.publish_menu_waits_for_privacy_check)
hooks.register("construct_page_action_menu", publish_guards.say_when_approval_publishes)
hooks.register("register_log_actions", publish_guards.register_log_actions)


@hooks.register("insert_global_admin_css")
def admin_css():
    # Our admin screens (the reply editor's panels, the letters inbox, the comment queue): checklists
    # that read as checklists, and listings that fit a phone.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
