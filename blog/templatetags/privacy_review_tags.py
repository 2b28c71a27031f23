"""What the privacy check's approval form shows beside its checklist (blog/admin/privacy_checklist_modal.html)."""

from django import template

from ..assistant_review import DECISIONS, findings_for, marks_in
from ..letter_changes import letter_changes
from ..originals import original_letter

register = template.Library()


def version_under_review(task_state):
    """The reply as in the revision the privacy check is asked to approve."""
    revision = getattr(task_state, "revision", None)
    return revision.as_object() if revision is not None else None


@register.simple_tag
def letter_edit(task_state):
    """The letter as it arrived beside the version under review, or None when the reply has no letter in the inbox."""
    page = version_under_review(task_state)
    original = original_letter(page)
    if original is None:
        return None
    rows = letter_changes(original.text, page.letter)
    return {"original": original, "rows": rows, "changed": sum(1 for row in rows if row.changed)}


@register.simple_tag
def assistant_findings(task_state, form=None):
    """The de-identification assistant's findings for the version under review, with the reviewer's marks so far."""
    status, findings = findings_for(getattr(task_state, "revision", None))
    bound = form is not None and form.is_bound
    marks = marks_in(form.data) if bound else {}
    rows = [
        {"finding": finding, "mark": marks.get(finding.key), "missing": bound and finding.key not in marks}
        for finding in findings
    ]
    return {"status": status, "rows": rows, "decisions": DECISIONS.items()}
