"""The review workflow's tasks: a privacy check, then editorial approval."""

from django import forms
from wagtail.models import GroupApprovalTask, Revision

from ..privacy import privacy_findings

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
        if self.findings_for(obj):
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

    def on_action(self, task_state, user, action_name, **kwargs):
        # The checklist answers are required by the form; only the comment is kept.
        comment = kwargs.get("comment", "")
        if action_name == "approve" and not self.findings_for(task_state.workflow_state.content_object):
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            task_state.reject(user=user, comment=comment)

    @classmethod
    def get_description(cls):
        return "Editors confirm the letter and reply are de-identified; automatic checks must find no contact details."

    class Meta:
        verbose_name = "privacy check task"
        verbose_name_plural = "privacy check tasks"


class EditorialApprovalTask(RequireCommentOnRejectMixin, GroupApprovalTask):
    """Group approval by Editors; requesting changes needs a comment."""

    class Meta:
        verbose_name = "editorial approval task"
        verbose_name_plural = "editorial approval tasks"
