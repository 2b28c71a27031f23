"""Four eyes on every reply: no one checks their own writing, and no one passes a reply alone.

- The privacy check is not approved by the reply's writer: its owner, the staff writer in its
  byline, or whoever made the version under review (the revision that last changed what readers see).
- Editorial approval, and publishing directly, are not given by the person whose privacy-check
  approval lets that version go live (nor the privacy check by whoever already gave the version
  editorial approval), unless `PRIVACY_REVIEWER_MAY_APPROVE` is on (for very small teams; off by
  default). Each time that setting is used, the page history says so.

The tasks (blog/models/review.py) leave out the approval a person may not give and refuse it if
posted anyway; the publish hooks (blog/wagtail_hooks.py) refuse the direct publish.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.log_actions import log
from wagtail.models import TaskState

from .publishing import content_author_id, passed_clearance

LOG_WAIVED = "blog.four_eyes.waived"

OWN_WRITING = "you wrote this reply or its version under review, so its privacy check needs another reviewer"
OWN_PRIVACY_CHECK = "you approved this version's privacy check, so editorial approval needs another editor"
OWN_EDITORIAL_APPROVAL = "you gave this version editorial approval, so its privacy check needs another reviewer"
OWN_PRIVACY_CHECK_PUBLISH = "you approved this version's privacy check, so another editor approves or publishes it"


def small_team():
    return bool(getattr(settings, "PRIVACY_REVIEWER_MAY_APPROVE", False))


def writer_ids(page, revision):
    """Who counts as the reply's writer for `revision`: its owner, its byline's staff writer, the author of its text."""
    from .models import StaffWriter

    ids = {page.owner_id, content_author_id(revision) if revision is not None else None}
    byline = (revision.content or {}).get("writer") if revision is not None else getattr(page, "writer_id", None)
    if byline:
        ids.add(StaffWriter.objects.filter(pk=byline).values_list("user_id", flat=True).first())
    return ids - {None}


def privacy_approver_id(revision):
    """Who approved the privacy check that lets `revision` go live (None for the archive or demo content)."""
    clearance = passed_clearance(revision) if revision is not None else None
    return clearance.approved_by_id if clearance is not None else None


def editorial_approver_ids(task_state):
    """Who gave editorial approval to the same version in the same run of the workflow.

    After requested changes Wagtail resumes at the step that asked for them, so editorial approval
    can come before the privacy check is asked again.
    """
    from .models import EditorialApprovalTask

    return set(
        TaskState.objects.filter(
            workflow_state_id=task_state.workflow_state_id,
            revision_id=task_state.revision_id,
            status=TaskState.STATUS_APPROVED,
            task__content_type=ContentType.objects.get_for_model(EditorialApprovalTask),
        ).values_list("finished_by_id", flat=True)
    )


def privacy_check_refusal(user, page, task_state):
    """Why `user` may not approve this privacy check, in a clause; None if they may."""
    revision = task_state.revision if task_state is not None else None
    if user.pk in writer_ids(page, revision):
        return OWN_WRITING
    if task_state is not None and not small_team() and user.pk in editorial_approver_ids(task_state):
        return OWN_EDITORIAL_APPROVAL
    return None


def second_pair_refusal(user, revision, publishing=False):
    """Why `user` may not give editorial approval to (or publish) `revision`; None if they may."""
    if small_team() or revision is None or privacy_approver_id(revision) != user.pk:
        return None
    return OWN_PRIVACY_CHECK_PUBLISH if publishing else OWN_PRIVACY_CHECK


def note_small_team_use(user, page, task_state, what):
    """The page history records each time one person gave both approvals (small-team setting).

    Call it just before `user` approves `task_state`, the editorial approval or the privacy check.
    """
    if not small_team() or task_state is None:
        return
    if what == "editorial approval":
        both = privacy_approver_id(task_state.revision) == user.pk
    else:
        both = user.pk in editorial_approver_ids(task_state)
    if both:
        log(instance=page, action=LOG_WAIVED, user=user, revision=task_state.revision, data={"what": what})


def note_small_team_publish(user, page, revision):
    """The same record for publishing directly a version whose privacy check `user` approved."""
    if small_team() and revision is not None and privacy_approver_id(revision) == user.pk:
        log(instance=page, action=LOG_WAIVED, user=user, revision=revision, data={"what": "publishing"})
