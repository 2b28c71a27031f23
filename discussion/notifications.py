"""Emails to staff about letters. (The letter writer's own notice lives in pipeline.py.)"""

from django.conf import settings
from django.urls import reverse

from outbox import mail as outbox
from outbox.models import OutboundEmail


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_assigned(letter, assigned_by):
    """Tell a writer a letter is theirs. The email never carries the letter writer's contact details."""
    writer = letter.assigned_to
    if not writer or not writer.email or writer == assigned_by:
        return False
    url = admin_url(reverse("letters:edit", args=[letter.pk]))
    by = assigned_by.get_full_name() or assigned_by.get_username()
    outbox.send(
        f"A letter from {letter.pen_name} is assigned to you",
        (
            f"{by} assigned you the letter from {letter.pen_name}"
            f"{' (marked urgent)' if letter.urgent else ''}.\n\nRead it and start a reply: {url}\n"
        ),
        [writer.email],
        kind=OutboundEmail.Kind.LETTER_ASSIGNED,
        recipient_role="writer",
        private=False,  # a staff member's address, and no contact details of the letter writer
    )
    return True
