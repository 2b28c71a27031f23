"""Dashboard panels for the editorial pipeline. Each runs a fixed, small number of queries."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from .models import Comment, Letter

OPEN_STATUSES = [Letter.Status.ASSIGNED, Letter.Status.DRAFTING, Letter.Status.IN_REVIEW, Letter.Status.SCHEDULED]
PIPELINE = [
    Letter.Status.NEW,
    Letter.Status.ASSIGNED,
    Letter.Status.DRAFTING,
    Letter.Status.IN_REVIEW,
    Letter.Status.SCHEDULED,
    Letter.Status.PUBLISHED,
    Letter.Status.DECLINED,
]
LIMIT = 20


class LettersAssignedToMePanel(Component):
    name = "letters_assigned_to_me"
    template_name = "discussion/admin/panels/letters_assigned_to_me.html"
    order = 90

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        letters = Letter.objects.filter(assigned_to=user, status__in=OPEN_STATUSES).order_by("-urgent", "received_at")
        return {"letters": list(letters[:LIMIT]), "now": timezone.now()}


class AwaitingMyReviewPanel(Component):
    name = "awaiting_my_review"
    template_name = "discussion/admin/panels/awaiting_my_review.html"
    order = 95

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__active=True)
        if not user.is_superuser:
            states = states.filter(task__groupapprovaltask__groups__user=user)
        states = list(
            states.select_related("task", "workflow_state__requested_by").order_by("started_at").distinct()[:LIMIT]
        )
        pages = Page.objects.in_bulk([int(state.workflow_state.object_id) for state in states])
        items = [
            {"state": state, "page": pages.get(int(state.workflow_state.object_id))}
            for state in states
            if int(state.workflow_state.object_id) in pages
        ]
        return {"items": items, "now": timezone.now()}


class PipelineSummaryPanel(Component):
    name = "letters_pipeline"
    template_name = "discussion/admin/panels/pipeline.html"
    order = 80

    def get_context_data(self, parent_context):
        rows = {
            row["status"]: row
            for row in Letter.objects.values("status").annotate(count=Count("id"), oldest=Min("status_changed_at"))
        }
        labels = dict(Letter.Status.choices)
        stages = [
            {
                "status": status,
                "label": labels[status],
                "count": rows.get(status, {}).get("count", 0),
                "oldest": rows.get(status, {}).get("oldest"),
            }
            for status in PIPELINE
        ]
        return {"stages": stages, "now": timezone.now()}


class ModerationPanel(Component):
    """The comment moderator's dashboard: what waits, for how long, what readers reported, and the way in."""

    name = "comment_moderation"
    template_name = "discussion/admin/panels/moderation.html"
    order = 70

    def get_context_data(self, parent_context):
        waiting = Comment.objects.pending().aggregate(
            count=Count("pk"),
            oldest=Min("created_at"),
            reported=Count("pk", filter=Q(reason_codes__contains=f",{Comment.Reason.REPORTED},")),
        )
        queue = reverse("comment_moderation:index")
        return {
            **waiting,
            "now": timezone.now(),
            "queue_url": queue,
            "reported_url": f"{queue}?reason={Comment.Reason.REPORTED}",
        }


def construct_panels(request, panels):
    user = request.user
    # Ours replaces Wagtail's own review panel, which queries once per item.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "workflow_objects_to_moderate"]
    if user.has_perm("discussion.change_comment"):
        panels.append(ModerationPanel())
    if user.has_perm("discussion.view_letter"):
        panels.append(PipelineSummaryPanel())
        panels.append(LettersAssignedToMePanel())
    panels.append(AwaitingMyReviewPanel())
