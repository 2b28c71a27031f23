from django.utils.functional import cached_property
from wagtail.admin.panels import Panel
from wagtail.models import TaskState, WorkflowState

from .privacy import privacy_findings


def changes_requested(page):
    """The reviewer's latest "Request changes" on `page` while it waits for the writer, or None.

    Once the writer resubmits, the workflow is in progress again and this is None.
    """
    if not page.pk:
        return None
    state = WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_NEEDS_CHANGES).first()
    if state is None:
        return None
    return (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by", "task")
        .order_by("-finished_at", "-pk")
        .first()
    )


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user else "A reviewer"


class ChangesRequestedPanel(Panel):
    """At the very top of a reply's editor while a reviewer's request for changes waits: who asked, when, and what."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/changes_requested_panel.html"

        @cached_property
        def request_for_changes(self):
            return changes_requested(self.instance)

        def is_shown(self):
            return self.request_for_changes is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            task_state = self.request_for_changes
            context["task_state"] = task_state
            context["reviewer"] = person_name(task_state.finished_by)
            return context


class ReviewNotesPanel(Panel):
    """At the top of a reply's editor: the letter it answers, and what the privacy check will find."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/review_notes_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            letter = getattr(page, "source_letter", None) if page.pk else None
            context["letter"] = letter
            context["findings"] = privacy_findings(page) if page.pk else []
            return context


class DeidentificationPanel(Panel):
    """What the de-identification assistant found in the reply's latest version: read-only, for the writer.

    The reviewer sees the same findings in the privacy check's approval form, and marks each one.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/deid_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            from .assistant_review import findings_for

            context = super().get_context_data(parent_context)
            status, findings = findings_for(self.instance.get_latest_revision())
            context["assistant"] = {"status": status, "rows": [{"finding": finding} for finding in findings]}
            return context
