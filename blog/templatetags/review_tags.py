from django import template
from wagtail.models import TaskState, WorkflowState

register = template.Library()


@register.simple_tag
def review_comments(page):
    """The reviewers' comments from the page's most recently finished workflow, in task order."""
    state = (
        WorkflowState.objects.for_instance(page)
        .exclude(status=WorkflowState.STATUS_IN_PROGRESS)
        .order_by("-created_at")
        .first()
    )
    if state is None:
        return []
    return list(
        TaskState.objects.filter(workflow_state=state)
        .exclude(comment="")
        .select_related("task", "finished_by")
        .order_by("started_at")
    )
