"""A letter follows its reply through the editorial pipeline, with no manual step.

Signal handlers keep `Letter.status` in step with the reply page (drafting, in
review, scheduled, published) and send the letter writer their one notice when
the reply goes live.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.utils import timezone
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

logger = logging.getLogger(__name__)


def letter_for_page_id(page_id):
    from .models import Letter

    return Letter.objects.filter(reply_page_id=page_id).select_related("reply_page").first()


def sync_letter(page_id):
    letter = letter_for_page_id(page_id)
    if letter is not None:
        letter.sync_with_page()
    return letter


def notify_letter_writer(letter, page):
    """One email to the letter writer, with the link; never twice, never without consent to contact."""
    if not letter.email or letter.published_notice_sent_at:
        return False
    context = {"letter": letter, "url": page.full_url, "site_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=f"Your letter has a reply on the {settings.WAGTAIL_SITE_NAME}",
        message=render_to_string("discussion/email/reply_published.txt", context),
        from_email=None,
        recipient_list=[letter.email],
    )
    letter.published_notice_sent_at = timezone.now()
    letter.save(update_fields=["published_notice_sent_at"])
    logger.info("Sent the reply-published notice for letter %s", letter.pk)
    return True


def on_page_published(sender, instance, **kwargs):
    letter = sync_letter(instance.pk)
    if letter is not None:
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

    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is LetterReplyPage:
        sync_letter(instance.object_id)


def connect():
    from blog.models import LetterReplyPage

    page_published.connect(on_page_published, sender=LetterReplyPage, dispatch_uid="letter_on_publish")
    page_unpublished.connect(on_page_unpublished, sender=LetterReplyPage, dispatch_uid="letter_on_unpublish")
    for signal in (workflow_submitted, workflow_approved, workflow_rejected, workflow_cancelled):
        signal.connect(on_workflow_change, sender=WorkflowState, dispatch_uid=f"letter_on_{id(signal)}")
    task_submitted.connect(on_task_submitted, dispatch_uid="letter_on_task_submitted")
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="letter_on_revision")
