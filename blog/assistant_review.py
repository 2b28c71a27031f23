"""The de-identification assistant's findings where people work with them: the reviewer's marks, the writer's panel.

The engine and its per-revision cache are `blog/deidentify/` and `blog/reply_analysis.py`; this module
shows a revision's findings in context and checks the reviewer's marks. In the privacy check's approval
form each finding is marked "changed" or "fine as it is"; approval is refused while one is unmarked or
while the analysis is still running. The findings block nothing by themselves: the reviewer decides.
If the analysis failed, the form says so and the reviewer reads for everything unaided.
"""

import re
from dataclasses import dataclass

from .models import FindingMark, ReplyAnalysis
from .reply_analysis import analysis_for, analysis_status, reply_text_fields, request_analysis

READY, PENDING, FAILED = "ready", "pending", "failed"
CONTEXT_CHARS = 60
_SPACES = re.compile(r"\s+")  # line breaks between paragraphs read as one space in a snippet
FIELD_LABELS = {
    "title": "the headline",
    "standfirst": "the standfirst",
    "pen_name": "the pen-name",
    "letter": "the letter",
    "reply": "the reply",
}
DECISIONS = dict(FindingMark.Decision.choices)
MARK_PREFIX = "mark:"

STILL_RUNNING = "The de-identification check is still running; try again in a moment."
UNMARKED = (
    "Mark each highlighted detail \u201cchanged\u201d or \u201cfine as it is\u201d before approving "
    "({count} not marked)."
)
OUT_OF_DATE = "This form is out of date: close it and open the approval again."


@dataclass(frozen=True)
class ShownFinding:
    """A finding with the words around it, cut at word boundaries, for highlighting."""

    key: str
    kind: str
    label: str  # "a place", "an institution"...
    text: str
    field: str
    before: str
    after: str
    cut_before: bool
    cut_after: bool

    @property
    def where(self):
        return FIELD_LABELS.get(self.field, self.field)


def _in_context(finding, text):
    left = max(0, finding.start - CONTEXT_CHARS)
    right = min(len(text), finding.end + CONTEXT_CHARS)
    if left > 0:
        space = text.find(" ", left, finding.start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", finding.end, right)
        right = space if space != -1 else right
    return ShownFinding(
        key=finding.key,
        kind=finding.kind,
        label=finding.label,
        text=finding.text,
        field=finding.field,
        before=_SPACES.sub(" ", text[left : finding.start]),
        after=_SPACES.sub(" ", text[finding.end : right]),
        cut_before=left > 0,
        cut_after=right < len(text),
    )


def findings_for(revision):
    """(status, findings in context) for a revision of a reply: "ready", "pending" or "failed".

    A revision whose stored findings no longer match its text (saved over in place since it was
    analysed) is analysed again, and pending meanwhile.
    """
    if revision is None:
        return FAILED, []
    findings = analysis_for(revision)
    if findings is None:
        return (FAILED if analysis_status(revision) == FAILED else PENDING), []
    fields = reply_text_fields(revision.as_object())
    if any(fields.get(f.field, "")[f.start : f.end] != f.text for f in findings):
        ReplyAnalysis.objects.filter(revision=revision).update(status=ReplyAnalysis.Status.PENDING)
        request_analysis(revision)
        return PENDING, []
    return READY, [_in_context(finding, fields[finding.field]) for finding in findings]


def marks_in(data):
    """The reviewer's marks from a submitted form: {finding key: decision}, unknown decisions left out."""
    return {
        name[len(MARK_PREFIX) :]: value
        for name, value in data.items()
        if name.startswith(MARK_PREFIX) and value in DECISIONS
    }


def marks_problem(status, findings, marks):
    """Why these marks do not allow approval yet, in a sentence; None if they do."""
    if status == PENDING:
        return STILL_RUNNING
    unmarked = [finding for finding in findings if marks.get(finding.key) not in DECISIONS]
    if unmarked:
        return UNMARKED.format(count=len(unmarked))
    return None


def record_marks(task_state, findings, marks):
    """Keep the reviewer's marks with the approval they were given for."""
    FindingMark.objects.bulk_create(
        [
            FindingMark(task_state=task_state, key=f.key, kind=f.kind, text=f.text[:500], decision=marks[f.key])
            for f in findings
        ],
        ignore_conflicts=True,
    )


def marks_for_form(task_state_id, data):
    """({key: decision}, problem or None) for the approval form of the privacy-check step `task_state_id`."""
    from wagtail.models import TaskState

    state = TaskState.objects.filter(pk=task_state_id).select_related("revision").first() if task_state_id else None
    if state is None:
        return {}, OUT_OF_DATE
    status, findings = findings_for(state.revision)
    marks = marks_in(data)
    return {f.key: marks[f.key] for f in findings if f.key in marks}, marks_problem(status, findings, marks)
