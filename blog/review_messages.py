"""Messages that say what a reviewer's action did, instead of Wagtail's "Page '…' has been updated.".

After approving a step, the reviewer reads which step passed and what the reply waits
for next; after the last step, the link to the published reply; after requesting
changes, who the reply went back to. Wired from `wagtail_hooks.py`: the task that was
current is noted before the editor view runs, and compared with what happened after.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin import messages as admin_messages
from wagtail.models import Page, TaskState, WorkflowState

from .panels import person_name

_TASK_BEFORE = "_review_task_state_before"


def note_current_task(request, page):
    """Before the editor handles a POST: the task state the reviewer is acting on, if any."""
    if request.method == "POST" and request.POST.get("action-workflow-action"):
        setattr(request, _TASK_BEFORE, page.current_workflow_task_state)


def replace_confirmation(request, add_message):
    """Drop the success message Wagtail queued for this action and add ours; other messages stay."""
    storage = messages.get_messages(request)
    kept = [message for message in storage if message.level != messages.SUCCESS]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    add_message()


def published_message(request, page):
    """ "Published: <link>" for a reply that is live now (reloaded: publishing changed it); else None.

    The link shows the full address (to copy and share) and opens on the host the editor is using.
    """
    page = Page.objects.get(pk=page.pk).specific
    if not page.live or page.scheduled_revision is not None:
        return None
    url, full_url = page.get_url(request), page.get_full_url(request)
    if not url:
        return None
    return format_html('Published: <a class="message-link" href="{}">{}</a>', url, full_url)


def scheduled_message(page):
    scheduled = Page.objects.get(pk=page.pk).scheduled_revision
    if scheduled is None or scheduled.approved_go_live_at is None:
        return None
    when = timezone.localtime(scheduled.approved_go_live_at)
    return f"Approved: the reply is scheduled to go live on {when:%d %B %Y at %H:%M}."


def say_what_happened(request, page):
    """After the editor's workflow action or Publish: replace Wagtail's generic confirmation with what happened."""
    if request.method != "POST":
        return
    if request.POST.get("action-publish"):
        text = published_message(request, page)
        if text:
            replace_confirmation(request, lambda: admin_messages.success(request, text))
        return
    before = getattr(request, _TASK_BEFORE, None)
    if before is None:
        return
    acted_on = TaskState.objects.select_related("task").get(pk=before.pk)
    state = WorkflowState.objects.select_related("requested_by", "current_task_state__task").get(
        pk=acted_on.workflow_state_id
    )
    if acted_on.status == TaskState.STATUS_APPROVED:
        text = approved_message(request, page, acted_on, state)
    elif acted_on.status == TaskState.STATUS_REJECTED:
        text = f"Sent back to {person_name(state.requested_by)} with your comment."
    else:
        return  # nothing changed (the action was refused): Wagtail's message and any error stand
    if text:
        replace_confirmation(request, lambda: admin_messages.success(request, text))


def approved_message(request, page, acted_on, state):
    if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state_id != acted_on.pk:
        waiting_for = state.current_task_state.task.name
        return f"{acted_on.task.name} approved; waiting for {waiting_for[:1].lower()}{waiting_for[1:]}."
    if state.status == WorkflowState.STATUS_APPROVED:
        return published_message(request, page) or scheduled_message(page)
    return None
