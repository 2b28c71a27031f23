"""The admin's ways of publishing a reply, each refused until its version has passed the privacy check.

Wagtail's editor (Publish, scheduling, publishing a reverted version) and its create view publish
without `LetterReplyPage.publish`, after the `before_publish_page` hook; copying a page as live sets
it live directly, after `before_copy_page`. Bulk publishing does call `publish`, which would refuse
with a 403; its `before_bulk_action` hook says why first. The Publish item of the editor's menu is
replaced by a disabled one that says what it waits for. Wired from `wagtail_hooks.py`.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages as admin_messages
from wagtail.admin.action_menu import ActionMenuItem, WorkflowMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from .four_eyes import LOG_WAIVED, note_small_team_publish, second_pair_refusal
from .models import LetterReplyPage
from .privacy import privacy_findings
from .publishing import LOG_ARCHIVE, LOG_UNSCHEDULED, has_passed

NOT_CHECKED = (
    "goes live only after its privacy check has passed for this version. "
    "Submit it to Reply review (or finish the review it is in); any change after the check needs the check again."
)


def _reply(page):
    page = page.specific_deferred if not isinstance(page, LetterReplyPage) else page
    return page if isinstance(page, LetterReplyPage) else None


def workflow_button(page):
    return admin_messages.button(reverse("wagtailadmin_pages:workflow_history", args=[page.pk]), "Review workflow")


def publish_refusal_for(user, page, revision):
    """Why `user` may not publish (or schedule) `revision` of the reply `page` from the admin; None if they may."""
    title = f"\u201c{page.get_admin_display_title()}\u201d"
    if not has_passed(revision):
        return f"{title} {NOT_CHECKED}"
    refusal = second_pair_refusal(user, revision, publishing=True)
    if refusal:
        return f"{title}: {refusal}."
    return None


def refuse_publishing_unchecked_replies(request, page):
    """before_publish_page (edit, create, revert, schedule): the version just saved must have passed.

    The draft is kept (it was saved just before this hook); the message links to the review workflow.
    """
    reply = _reply(page)
    if reply is None:
        return None
    revision = reply.get_latest_revision()
    refusal = publish_refusal_for(request.user, reply, revision)
    findings = privacy_findings(reply)
    if findings:
        # Contact details come first: the check cannot pass until they are gone (blog/privacy.py).
        listed = "; ".join(str(finding) for finding in findings)
        refusal = f"the privacy check found {listed}. Remove it; {refusal or 'then publish.'}"
    if refusal:
        # Wagtail's create view adds a page to be published as live before this hook: keep a page that
        # was never published a draft (judged from the database: a reverted version carries old values).
        type(reply).objects.filter(pk=reply.pk, live=True, live_revision__isnull=True).update(
            live=False, has_unpublished_changes=True
        )
        admin_messages.error(request, f"Not published: {refusal}", buttons=[workflow_button(reply)])
        return redirect("wagtailadmin_pages:edit", reply.pk)
    note_small_team_publish(request.user, reply, revision)
    return None


def _replies_bulk_publish_would_publish(objects, include_descendants):
    pages = list(objects)
    if include_descendants:
        for page in objects:
            pages += Page.objects.descendant_of(page).not_live().type(LetterReplyPage)
    return [reply for reply in (_reply(page) for page in pages) if reply is not None]


def refuse_bulk_publishing_unchecked_replies(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    form = getattr(action_class_instance, "cleaned_form", None)
    include_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    blocked = []
    for reply in _replies_bulk_publish_would_publish(objects, include_descendants):
        revision = reply.get_latest_revision()
        if publish_refusal_for(request.user, reply, revision):
            blocked.append(reply)
    if blocked:
        titles = ", ".join(f"\u201c{reply.get_admin_display_title()}\u201d" for reply in blocked)
        admin_messages.error(
            request,
            f"Nothing was published: a reply goes live only after its privacy check has passed for the version "
            f"published, and by an editor other than the one who approved that check. Not yet for {titles}.",
            buttons=[workflow_button(blocked[0])],
        )
        return redirect("wagtailadmin_explore_root")
    for reply in _replies_bulk_publish_would_publish(objects, include_descendants):
        note_small_team_publish(request.user, reply, reply.get_latest_revision())
    return None


def refuse_copying_replies_as_live(request, page):
    """before_copy_page: a copy is a new reply, never checked; it may be copied as a draft only."""
    if request.method != "POST" or not request.POST.get("publish_copies") or request.POST.get("alias"):
        return None
    copies_reply = page.specific_class is LetterReplyPage or (
        request.POST.get("copy_subpages") and Page.objects.descendant_of(page).live().type(LetterReplyPage).exists()
    )
    if not copies_reply:
        return None
    admin_messages.error(
        request,
        "Not copied: a copied reply goes live only after its own privacy check. Copy it without "
        "\u201cPublish copied page\u201d, then submit the copy to Reply review.",
    )
    return redirect("wagtailadmin_pages:copy", page.pk)


class PublishAfterPrivacyCheckMenuItem(ActionMenuItem):
    """In place of Publish while the reply's latest version may not be published by this user: says why."""

    template_name = "blog/admin/publish_waits_menu_item.html"
    name = "action-publish-waits"
    icon_name = "upload"

    def __init__(self, order, reason):
        super().__init__(order=order)
        self.reason = reason

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reason"] = self.reason
        return context


def creating_a_reply(request):
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    return (kwargs.get("content_type_app_name"), kwargs.get("content_type_model_name")) == ("blog", "letterreplypage")


def publish_menu_waits_for_privacy_check(menu_items, request, context):
    """construct_page_action_menu: no Publish button that would only be refused; the server refuses anyway."""
    page = context.get("page")
    if context.get("view") == "create":
        if not creating_a_reply(request):
            return
        reason = "A new reply is published after its privacy check: submit it to Reply review."
    else:
        reply = _reply(page) if page is not None else None
        if reply is None:
            return
        revision = reply.get_latest_revision()
        if context.get("view") == "revisions_revert":
            reason = "A reverted version is a change: it is published after its own privacy check."
        elif not has_passed(revision):
            reason = "Publishing waits for the privacy check of this version (see the review workflow)."
        else:
            refusal = second_pair_refusal(request.user, revision, publishing=True)
            if not refusal:
                return
            reason = refusal[:1].upper() + refusal[1:] + "."
    for index, item in enumerate(menu_items):
        if item.name == "action-publish":
            menu_items[index] = PublishAfterPrivacyCheckMenuItem(order=item.order, reason=reason)


def say_when_approval_publishes(menu_items, request, context):
    """construct_page_action_menu: "Approve … and Publish" on the step whose approval publishes the reply.

    Wagtail drops "and Publish" when approvals are re-asked after an edit (an edit may send the reply back
    to the privacy check instead); on the last step of an unchanged reply the approval does publish.
    """
    from .models.review import approval_would_publish

    reply = _reply(context["page"]) if context.get("view") == "edit" and context.get("page") else None
    task_state = reply.current_workflow_task_state if reply is not None else None
    if task_state is None or not approval_would_publish(task_state):
        return
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name == "approve" and not item.label.endswith(" and Publish"):
            item.label = f"{item.label} and Publish"


class CancelledSchedule(LogFormatter):
    label = "Scheduled publication cancelled"

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason") or "this version has not passed the privacy check"
        return f"Scheduled publication cancelled: {reason}"


class FourEyesWaived(LogFormatter):
    label = "Both approvals by one person (small-team setting)"

    messages = {
        "editorial approval": "The privacy check's reviewer also gave editorial approval (small-team setting)",
        "privacy check": "The editor who gave editorial approval also approved the privacy check (small-team setting)",
        "publishing": "The privacy check's reviewer also published the reply (small-team setting)",
    }

    def format_message(self, log_entry):
        what = (log_entry.data or {}).get("what")
        return self.messages.get(what, "One person gave both approvals (small-team setting)")


def register_log_actions(actions):
    actions.register_action(
        LOG_ARCHIVE,
        "Privacy check: imported from the archive",
        "Privacy check counted as passed once: imported from the organisation's published archive",
    )
    actions.register_action(LOG_UNSCHEDULED)(CancelledSchedule)
    actions.register_action(LOG_WAIVED)(FourEyesWaived)
