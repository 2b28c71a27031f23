"""The review workflow's tasks: a privacy check, then editorial approval."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import GroupApprovalTask, Revision, Task

from ..four_eyes import note_small_team_use, privacy_check_refusal, second_pair_refusal
from ..privacy import privacy_findings
from ..publishing import carry_approvals_forward, has_passed

CHECKLIST = [
    ("no_names", "Names of people (the family, the loved one, friends, staff elsewhere) are removed or changed"),
    ("no_places", "Towns, streets, schools and workplaces are removed or made general"),
    ("no_clinics", "Clinics, treatment centres, doctors and programmes are not named"),
    ("no_dates", "Dates and ages that could identify the family are removed or blurred"),
    ("no_contact", "No contact details: email addresses, phone numbers, social media handles, links"),
]


class RequestChangesForm(forms.Form):
    """Requesting changes without saying what to change helps no one."""

    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": "Please say what needs to change, so the writer can fix it."},
    )


class PrivacyChecklistForm(forms.Form):
    """The reviewer confirms each point of the de-identification checklist."""

    checklist_names = [name for name, _label in CHECKLIST]

    def checklist(self):
        return [self[name] for name in self.checklist_names]

    comment = forms.CharField(label="Comment (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # The step being approved (its template writes it in): the assistant's findings to mark are its version's.
    # (Not "task_state": the form's data are passed to `on_action` as keyword arguments beside it.)
    reviewed_step = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for name, label in CHECKLIST:
            self.fields[name] = forms.BooleanField(
                label=label,
                required=True,
                error_messages={"required": "Confirm this point before approving."},
            )
        self.fields["comment"] = comment  # after the checklist

    def clean(self):
        """Each finding of the de-identification assistant marked "changed" or "fine as it is" (assistant_review)."""
        from ..assistant_review import marks_for_form

        cleaned_data = super().clean()
        marks, problem = marks_for_form(cleaned_data.get("reviewed_step"), self.data)
        if problem:
            self.add_error(None, problem)
        cleaned_data["marks"] = marks
        return cleaned_data


class RequireCommentOnRejectMixin:
    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)


class PrivacyCheckTask(RequireCommentOnRejectMixin, GroupApprovalTask):
    """Approval only after the reviewer's checklist and clean automatic checks.

    While the automatic checks find the letter writer's email, another email
    address, a phone number or a URL in the letter or reply, the only action
    offered is "Request changes"; an approval posted anyway is refused.
    """

    @staticmethod
    def findings_for(obj):
        """Findings in the newest revision: what the reviewer is being asked to approve."""
        revision = Revision.objects.for_instance(obj).order_by("-created_at", "-pk").first()
        page = revision.as_object() if revision else obj
        if not hasattr(page, "reply"):
            return []
        return privacy_findings(page)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        if self.findings_for(obj) or self.approval_refusal(obj, user):
            return [action for action in actions if action[0] != "approve"]
        # Approval always goes through the checklist form.
        return [("reject", "Request changes", True), ("approve", "Approve privacy check", True)]

    def get_form_for_action(self, action):
        if action == "approve":
            return PrivacyChecklistForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        # Each checkbox beside its point, as a checklist reads (Wagtail's modal puts it under the label).
        if action == "approve":
            return "blog/admin/privacy_checklist_modal.html"
        return super().get_template_for_action(action)

    @staticmethod
    def approval_refusal(obj, user):
        """Four eyes (blog/four_eyes.py): why `user` may not approve this privacy check, or None."""
        return privacy_check_refusal(user, obj, obj.current_workflow_task_state)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The checklist answers are required by the form; the comment and the marks are kept.
        from .. import assistant_review

        comment = kwargs.get("comment", "")
        page = task_state.workflow_state.content_object
        if action_name == "approve":
            refusal = privacy_check_refusal(user, page, task_state)
            if refusal:
                raise PermissionDenied(f"Not approved: {refusal}.")
            if not self.findings_for(page):
                # The form checked the marks; the editor's footer passes them on unchecked: check again.
                status, found = assistant_review.findings_for(task_state.revision)
                marks = kwargs.get("marks") or {}
                problem = assistant_review.marks_problem(status, found, marks)
                if problem:
                    raise PermissionDenied(f"Not approved: {problem}")
                carry_approvals_forward(task_state)
                note_small_team_use(user, page, task_state, "privacy check")
                with transaction.atomic():
                    assistant_review.record_marks(task_state, found, marks)
                    # Approved without moving on, so the clearance is recorded (task_approved) before
                    # a later step could publish.
                    task_state.approve(user=user, comment=comment, update=False)
                    task_state.workflow_state.update(user=user)
        elif action_name == "reject":
            task_state.reject(user=user, comment=comment)

    @classmethod
    def get_description(cls):
        return "Editors confirm the letter and reply are de-identified; automatic checks must find no contact details."

    class Meta:
        verbose_name = "privacy check task"
        verbose_name_plural = "privacy check tasks"


CHANGED_SINCE_CHECK = (
    "the reply changed after its privacy check passed, so approving now would publish a version nobody "
    "checked: request changes, and it will be checked again when it is resubmitted"
)


def approval_would_publish(task_state):
    """Whether approving `task_state` finishes its workflow, which publishes the reply's latest revision."""
    workflow_state = task_state.workflow_state
    others = Task.objects.filter(workflow_tasks__workflow_id=workflow_state.workflow_id, active=True).exclude(
        pk=task_state.task_id
    )
    return not others.exclude(task_states__in=workflow_state.successful_task_states).exists()


class EditorialApprovalTask(RequireCommentOnRejectMixin, GroupApprovalTask):
    """Group approval by Editors; requesting changes needs a comment.

    Not by the person whose privacy-check approval lets the version go live (blog/four_eyes.py), and
    never when approving would publish a version that has not passed the privacy check.
    """

    @staticmethod
    def refusal_for(task_state, user):
        """Why `user` may not approve `task_state` now, in a clause; None if they may."""
        if task_state is None:
            return None
        if approval_would_publish(task_state):
            latest = task_state.workflow_state.content_object.get_latest_revision()
            if not has_passed(latest):
                return CHANGED_SINCE_CHECK
        return second_pair_refusal(user, task_state.revision)

    def approval_refusal(self, obj, user):
        return self.refusal_for(obj.current_workflow_task_state, user)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.approval_refusal(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            carry_approvals_forward(task_state)
            refusal = self.refusal_for(task_state, user)
            if refusal:
                raise PermissionDenied(f"Not approved: {refusal}.")
            note_small_team_use(user, task_state.workflow_state.content_object, task_state, "editorial approval")
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = "editorial approval task"
        verbose_name_plural = "editorial approval tasks"
