"""The de-identification assistant at work: each saved revision of a reply analysed once, by the worker.

Saving or submitting a reply in the admin saves a revision; on commit, `analyse_reply_revision` is
queued for the worker (the `worker` backend's "default" queue), which runs the engine
(blog/deidentify/) on the revision's title, standfirst, pen-name, letter and reply and stores the
findings in a `ReplyAnalysis`. The review form and the editor's side panel call `analysis_for`:
the findings when they are ready, None while the worker has not got to them.

Revisions saved without a person (the WordPress import, the demo content) are not queued: the
published archive is analysed when someone edits it, or when `analysis_for` is first asked.
"""

import logging
import re
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .deidentify import ENGINE_VERSION, Finding, engine_version, find_identifying_details
from .models import LetterReplyPage, ReplyAnalysis, StaffWriter

logger = logging.getLogger(__name__)

# Block-level tags end a line, so sentences and paragraphs stay apart; inline tags go without a trace.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")


def plain_text(html):
    """Rich text as the reader reads it: one paragraph to a line."""
    text = unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", html or "")))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def reply_text_fields(page):
    """{field: plain text} of what a reply publishes, the engine's input and its findings' offsets."""
    reply = []
    for block in page.reply:
        if block.block_type == "paragraph":
            reply.append(plain_text(block.value.source))
        elif block.block_type == "heading":
            reply.append(plain_text(block.value))
        elif block.block_type == "pull_quote":
            reply += [plain_text(block.value["quote"]), plain_text(block.value["attribution"])]
        elif block.block_type == "module_callout":
            reply.append(plain_text(block.value["note"]))
        elif block.block_type == "image":
            reply.append(plain_text(block.value["caption"]))
    return {
        "title": page.title or "",
        "standfirst": page.standfirst or "",
        "pen_name": page.pen_name or "",
        "letter": plain_text(page.letter),
        "reply": "\n\n".join(part for part in reply if part),
    }


def _is_current(analysis):
    # Only the rules' version is compared: reading the model's would load it in the web process.
    return analysis.engine_version.startswith(f"deid {ENGINE_VERSION};")


# Behind mail in the one worker: a reviewer can wait a second for findings, a crisis alert cannot.
@task(backend="worker", queue_name="default", priority=-10)
def analyse_reply_revision(revision_id):
    return analyse_revision(revision_id)


def analyse_revision(revision_id):
    """Run the engine on one revision and keep its findings; a revision already analysed is left as it is."""
    analysis, _created = ReplyAnalysis.objects.get_or_create(revision_id=revision_id)
    if analysis.status == ReplyAnalysis.Status.READY and _is_current(analysis):
        return len(analysis.findings)
    try:
        page = analysis.revision.as_object()
        findings = find_identifying_details(
            reply_text_fields(page),
            pen_name=page.pen_name or "",
            staff_names=list(StaffWriter.objects.values_list("name", flat=True)),
        )
    except Exception as error:
        # The type only: a message or a traceback's locals could quote the letter, and logs carry none.
        logger.error("Analysing revision %s failed: %s", revision_id, type(error).__name__)
        analysis.status, analysis.error = ReplyAnalysis.Status.FAILED, type(error).__name__
        analysis.analysed_at = timezone.now()
        analysis.save(update_fields=["status", "error", "analysed_at"])
        return None
    analysis.findings = [finding.as_dict() for finding in findings]
    analysis.status, analysis.error = ReplyAnalysis.Status.READY, ""
    analysis.engine_version = engine_version()
    analysis.analysed_at = timezone.now()
    analysis.save(update_fields=["findings", "status", "error", "engine_version", "analysed_at"])
    return len(findings)


def request_analysis(revision):
    """Mark the revision's analysis pending and queue it for the worker once this transaction commits."""
    analysis, created = ReplyAnalysis.objects.get_or_create(revision=revision)
    if not created and analysis.status == ReplyAnalysis.Status.READY and _is_current(analysis):
        return analysis
    if not created:
        analysis.status, analysis.findings, analysis.error = ReplyAnalysis.Status.PENDING, [], ""
        analysis.save(update_fields=["status", "findings", "error"])
    revision_id = revision.pk
    transaction.on_commit(lambda: analyse_reply_revision.enqueue(revision_id))
    return analysis


def analysis_for(revision):
    """The assistant's findings for this revision of a reply, or None while the worker works on them.

    A list of `Finding` (blog/deidentify/): kind, text, field, start, end, context, key, label, in
    field order (title, standfirst, pen_name, letter, reply) and then text order; offsets are into
    `reply_text_fields(revision.as_object())`. A revision never analysed (or analysed by older
    rules) is queued now. `analysis_status` tells "pending" from "failed".
    """
    analysis = ReplyAnalysis.objects.filter(revision=revision).first()
    if analysis is not None and analysis.status == ReplyAnalysis.Status.READY and _is_current(analysis):
        return [Finding.from_dict(data) for data in analysis.findings]
    if analysis is None or (analysis.status == ReplyAnalysis.Status.READY and not _is_current(analysis)):
        request_analysis(revision)
    return None


def analysis_status(revision):
    """ "ready", "pending", "failed" or "none" (never requested) for this revision."""
    analysis = ReplyAnalysis.objects.filter(revision=revision).first()
    if analysis is None:
        return "none"
    if analysis.status == ReplyAnalysis.Status.READY and not _is_current(analysis):
        return ReplyAnalysis.Status.PENDING.value
    return analysis.status


def analyse_saved_revision(sender, instance, created, **kwargs):
    """post_save of a Revision: queue a reply's analysis when a person saved or submitted it."""
    if not created or kwargs.get("raw") or instance.user_id is None:
        return
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is not LetterReplyPage:
        return
    request_analysis(instance)
