"""A letter follows its reply through the editorial pipeline, with no manual step.

Signal handlers keep `Letter.status` in step with the reply page (drafting, in
review, scheduled, published) and send the letter writer their one notice when
the reply goes live.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from wagtail.models import Revision, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from cms import bulk
from outbox import mail as outbox
from outbox.models import OutboundEmail
from outbox.signals import email_delivered

logger = logging.getLogger(__name__)


def letter_for_page_id(page_id):
    from .models import Letter

    return Letter.objects.filter(reply_page_id=page_id).select_related("reply_page").first()


def sync_letter(page_id):
    letter = letter_for_page_id(page_id)
    if letter is not None:
        letter.sync_with_page()
    return letter


NOTICE_REF = "letter-reply-notice:{}"


def notify_letter_writer(letter, page):
    """Queue one email to the letter writer, with the link; never twice, never without an address.

    `published_notice_sent_at` is set when the worker has really delivered it (on_notice_delivered),
    and the erasure of the address waits for that (erase_letter_contacts).
    """
    ref = NOTICE_REF.format(letter.pk)
    if not letter.email or letter.published_notice_sent_at or outbox.already_queued(ref):
        return False
    context = {"letter": letter, "url": page.full_url, "site_name": settings.WAGTAIL_SITE_NAME}
    outbox.send(
        f"Your letter has a reply on the {settings.WAGTAIL_SITE_NAME}",
        render_to_string("discussion/email/reply_published.txt", context),
        [letter.email],
        kind=OutboundEmail.Kind.REPLY_PUBLISHED,
        recipient_role="letter writer",
        private=True,
        ref=ref,
    )
    logger.info("Queued the reply-published notice for letter %s", letter.pk)
    return True


def on_notice_delivered(sender, email, **kwargs):
    prefix = NOTICE_REF.format("")
    if not email.ref.startswith(prefix):
        return
    from .models import Letter

    Letter.objects.filter(pk=int(email.ref[len(prefix) :]), published_notice_sent_at__isnull=True).update(
        published_notice_sent_at=email.sent_at
    )
    logger.info("Delivered the reply-published notice for letter %s", email.ref[len(prefix) :])


def on_page_published(sender, instance, **kwargs):
    if bulk.running():
        return  # a bulk job's pages (the WordPress import) answer no letter of the inbox
    letter = sync_letter(instance.pk)
    # Wagtail sends page_published when a publication is scheduled too: the notice waits for the real one.
    if letter is not None and instance.live:
        notify_letter_writer(letter, instance)


def on_page_unpublished(sender, instance, **kwargs):
    sync_letter(instance.pk)


def on_workflow_change(sender, instance, **kwargs):
    sync_letter(instance.object_id)


def on_task_submitted(sender, instance, **kwargs):
    # A workflow resumed after requested changes starts its task again without a workflow signal.
    sync_letter(instance.workflow_state.object_id)


def on_revision_saved(sender, instance, **kwargs):
    # Scheduling (and unscheduling) a publication only saves a revision.
    from blog.models import LetterReplyPage

    if bulk.running():
        return
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is LetterReplyPage:
        sync_letter(instance.object_id)


def original_letter(page):
    """The letter a reply answers, as it arrived: for the privacy check's side-by-side view (blog/originals.py)."""
    from blog.originals import OriginalLetter

    from .models import Letter

    letter = Letter.objects.filter(reply_page_id=page.pk).only("body", "received_at", "pen_name").first()
    return OriginalLetter(letter.body, letter.received_at, letter.pen_name) if letter is not None else None


def connect():
    from blog.models import LetterReplyPage
    from blog.originals import register_original_letter

    register_original_letter(original_letter)

    page_published.connect(on_page_published, sender=LetterReplyPage, dispatch_uid="letter_on_publish")
    page_unpublished.connect(on_page_unpublished, sender=LetterReplyPage, dispatch_uid="letter_on_unpublish")
    for signal in (workflow_submitted, workflow_approved, workflow_rejected, workflow_cancelled):
        signal.connect(on_workflow_change, sender=WorkflowState, dispatch_uid=f"letter_on_{id(signal)}")
    task_submitted.connect(on_task_submitted, dispatch_uid="letter_on_task_submitted")
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="letter_on_revision")
    email_delivered.connect(on_notice_delivered, dispatch_uid="letter_notice_delivered")
