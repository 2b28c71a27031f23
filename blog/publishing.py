"""No reply goes live without a passed privacy check on the version that goes live.

A revision of a `LetterReplyPage` has passed when a `PrivacyClearance` records it with the same
reader-facing content it has now: the review workflow's privacy check was approved for it
(recorded when the task is approved), it came in from the organisation's published archive (the
WordPress import) or it is demo content. The content is compared because Wagtail may overwrite a
revision in place (the editor's autosave): a revision changed after its approval has not passed.

Wagtail saves a new revision for "Publish" and "Save draft" even when nothing changed, so a revision
also passes when the run of revisions just before it with the same reader-facing content (title,
slug, search texts, standfirst, pen-name, letter, reply, byline, date, image, tags) includes one
that passed. Any change to what readers would see, and any revert to an older version, needs the
check again.

Every way of publishing asks `publish_refusal`: `LetterReplyPage.publish` (bulk publish, workflow
approval, scheduled publication, the import, code), and the admin hooks in `wagtail_hooks.py` for
the editor's Publish, scheduling, reverting and copying, which publish without calling it.
"""

import hashlib
import json
import logging
import re
from html import unescape

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.log_actions import log
from wagtail.models import Revision

logger = logging.getLogger(__name__)

# What readers see of a reply, besides the letter and the reply themselves.
READER_FIELDS = (
    "title",
    "slug",
    "seo_title",
    "search_description",
    "standfirst",
    "pen_name",
    "date",
    "writer",
    "featured_image",
)
# How far back an unchanged run of revisions is followed to find the one that was checked.
RUN_LIMIT = 25

_BLOCK_TAG = re.compile(r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote)\b[^<>]*>", re.IGNORECASE)
# Bold and italic stay (as Draftail writes them, whichever tag came in); other markup goes.
_BOLD = re.compile(r"</?(?:b|strong)\b[^<>]*>", re.IGNORECASE)
_ITALIC = re.compile(r"</?(?:i|em)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")
# Where a link or an embed points is content; Draftail's block keys are not.
_ATTRIBUTE = re.compile(r"""\b(href|src|id|linktype|embedtype|alt)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)

SCHEDULED = "wagtail.publish.scheduled"
LOG_ARCHIVE = "blog.privacy_check.archive"
LOG_UNSCHEDULED = "blog.privacy_check.unscheduled"


class PrivacyCheckRequired(PermissionDenied):
    """Publishing a reply whose version has not passed the privacy check."""


def _text(value):
    """A string as readers read it: rich text's words, bold and italic, and where its links point."""
    if "<" not in value:
        return " ".join(value.split())
    marked = _ITALIC.sub("\x1f", _BOLD.sub("\x1e", _BLOCK_TAG.sub(" ", value)))
    words = " ".join(unescape(_TAG.sub("", marked)).split())
    return (words, tuple(_ATTRIBUTE.findall(value)))


def _reading(value):
    # Block ids change when a block is re-created in the editor; they are never shown.
    if isinstance(value, dict):
        return tuple(sorted((key, _reading(item)) for key, item in value.items() if key != "id"))
    if isinstance(value, list | tuple):
        return tuple(_reading(item) for item in value)
    if isinstance(value, str):
        return _text(value)
    return value


def reader_content(content):
    """What readers would see of a revision's content (its JSON), to compare two revisions by."""
    reply = content.get("reply") or "[]"
    if isinstance(reply, str):
        try:
            reply = json.loads(reply)
        except ValueError:
            reply = [reply]
    tags = sorted(str(item.get("tag")) for item in content.get("tagged_items") or [] if isinstance(item, dict))
    return (
        tuple(_reading(content.get(name)) for name in READER_FIELDS),
        _reading(content.get("letter") or ""),
        _reading(reply),
        tuple(tags),
    )


def fingerprint(revision):
    """A digest of what readers would see of `revision` as it is stored now."""
    reading = json.dumps(reader_content(revision.content or {}), default=str, ensure_ascii=False)
    return hashlib.sha256(reading.encode()).hexdigest()


def _unchanged_run(revision):
    """`revision` and the revisions saved just before it with the same reader-facing content, newest first."""
    earlier = (
        Revision.objects.filter(base_content_type_id=revision.base_content_type_id, object_id=revision.object_id)
        .filter(Q(created_at__lt=revision.created_at) | Q(created_at=revision.created_at, pk__lt=revision.pk))
        .order_by("-created_at", "-pk")[: RUN_LIMIT - 1]
    )
    digest = fingerprint(revision)
    run = [revision]
    # Usually the run is a revision or two: read the content a few revisions at a time.
    for candidate in earlier.iterator(chunk_size=4):
        if fingerprint(candidate) != digest:
            break
        run.append(candidate)
    return run, digest


def content_author_id(revision):
    """Who wrote what `revision` says: the author of the first revision in its unchanged run.

    A revision saved without a change (the editor's footer saves one whenever Draftail re-keys a
    paragraph) is not writing: the four-eyes rules look past it.
    """
    run, _digest = _unchanged_run(revision)
    return run[-1].user_id


def passed_clearance(revision):
    """The clearance that lets `revision` go live, or None: its privacy check has not passed."""
    from .models import PrivacyClearance

    run, digest = _unchanged_run(revision)
    return (
        PrivacyClearance.objects.filter(revision__in=run, fingerprint=digest)
        .select_related("approved_by", "revision")
        .order_by("-revision__created_at", "-revision_id", "-pk")
        .first()
    )


def has_passed(revision):
    return revision is not None and passed_clearance(revision) is not None


def changed_since(revision):
    """Whether the reply has a newer revision whose reader-facing content differs from `revision`'s."""
    latest = (
        Revision.objects.filter(base_content_type_id=revision.base_content_type_id, object_id=revision.object_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest is not None and latest.pk != revision.pk and fingerprint(latest) != fingerprint(revision)


def carry_approvals_forward(task_state):
    """Let an approval of `task_state` count for the reply's latest revision when readers would see no change.

    Wagtail re-approves on edit (every step, for the latest revision), and approving from the editor's
    footer saves a revision first whenever the form differs in any way, even in Draftail's block keys.
    If the latest revision reads the same as the one under review, the step is moved to it and the
    steps already approved for that content are copied to it; any real change still needs them again.
    """
    from wagtail.models import TaskState

    latest = task_state.workflow_state.content_object.get_latest_revision()
    if latest is None or task_state.revision_id in (None, latest.pk):
        return
    run, _digest = _unchanged_run(latest)
    same = [revision.pk for revision in run]
    if task_state.revision_id not in same:
        return
    approved = TaskState.objects.filter(
        workflow_state_id=task_state.workflow_state_id, status=TaskState.STATUS_APPROVED, revision_id__in=same
    )
    done = set(approved.filter(revision=latest).values_list("task_id", flat=True))
    for state in approved.exclude(revision=latest).exclude(task_id__in=done).order_by("finished_at"):
        state.copy(update_attrs={"revision": latest})
        done.add(state.task_id)
    task_state.revision = latest
    task_state.save(update_fields=["revision"])


def publish_refusal(revision, scheduled=False):
    """Why `revision` of a reply may not go live now, in a sentence; None if it may.

    A scheduled publication is also refused when the reply was changed after the scheduled version
    passed: the change may have removed an identifying detail that version still has.
    """
    if revision is None or not has_passed(revision):
        return "its privacy check has not passed for this version"
    if scheduled and changed_since(revision):
        return "the reply was changed after this version passed its privacy check"
    return None


def cancel_scheduled_publication(page, revision, reason):
    """Take a refused revision off the schedule, and say so in the page history and the log.

    Called by `publish_scheduled` through `LetterReplyPage.publish`: raising there would stop the
    command and delay every other scheduled reply.
    """
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])  # post_save: the letter stops saying "scheduled"
    log(instance=page, action=LOG_UNSCHEDULED, revision=revision, data={"reason": reason})
    logger.warning("Scheduled publication of page %s (revision %s) cancelled: %s", page.pk, revision.pk, reason)


def record_clearance(revision, source, task_state=None, user=None):
    """Record that `revision`, as it is now, passed the privacy check."""
    from .models import PrivacyClearance

    return PrivacyClearance.objects.create(
        revision=revision, fingerprint=fingerprint(revision), source=source, task_state=task_state, approved_by=user
    )


def record_archive_check(page, revision, new_revision=False):
    """A reply imported from the organisation's published archive counts as checked once, in this version.

    Called by the WordPress import for each version it publishes or schedules; noted in the page history.
    Called again for a version the import itself rewrote (its links to posts later in the file), the
    clearance follows the rewrite: it is the import's edit, not a person's.
    """
    from .models import PrivacyClearance

    clearance = (
        None
        if new_revision  # just saved by the import: nothing can have cleared it yet
        else PrivacyClearance.objects.filter(revision=revision, source=PrivacyClearance.Source.ARCHIVE).first()
    )
    if clearance is not None:
        clearance.fingerprint = fingerprint(revision)
        clearance.save(update_fields=["fingerprint"])
        return clearance
    clearance = record_clearance(revision, PrivacyClearance.Source.ARCHIVE)
    log(instance=page, action=LOG_ARCHIVE, revision=revision)
    return clearance


def record_demo_check(revision):
    """Demo content is written to be fictional: its replies count as checked (load_demo_content)."""
    from .models import PrivacyClearance

    return record_clearance(revision, PrivacyClearance.Source.DEMO)


def record_task_approval(sender, instance, user=None, **kwargs):
    """task_approved: a privacy-check task approved clears its revision, with the content approved."""
    from .models import PrivacyCheckTask, PrivacyClearance

    task_state = instance
    if task_state.revision_id is None or not isinstance(task_state.task.specific, PrivacyCheckTask):
        return
    if PrivacyClearance.objects.filter(task_state=task_state).exists():
        return
    record_clearance(task_state.revision, PrivacyClearance.Source.REVIEW, task_state=task_state, user=user)


def connect():
    from wagtail.signals import task_approved

    task_approved.connect(record_task_approval, dispatch_uid="blog_privacy_clearance_on_approval")
