"""What the privacy check's approval form shows beside its checklist (blog/admin/privacy_checklist_modal.html)."""

from django import template

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
