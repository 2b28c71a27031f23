"""Erase letter writers' email addresses once they are no longer needed. Safe to run daily (cron)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from discussion.models import Letter
from discussion.pipeline import NOTICE_REF
from outbox.models import OutboundEmail


class Command(BaseCommand):
    help = (
        "Erase the email of letters whose reply notice went out (or that were declined) more than "
        "LETTER_EMAIL_RETENTION_DAYS ago, and of letters unanswered for LETTER_UNANSWERED_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        done = now - timedelta(days=settings.LETTER_EMAIL_RETENTION_DAYS)
        unanswered = now - timedelta(days=settings.LETTER_UNANSWERED_RETENTION_DAYS)
        due = Letter.objects.exclude(email="").filter(
            Q(published_notice_sent_at__lte=done)
            | Q(status=Letter.Status.DECLINED, status_changed_at__lte=done)
            | Q(received_at__lte=unanswered)
        )
        ids = list(due.values_list("pk", flat=True))
        count = len(ids)
        if not dry_run:
            due.update(email="", email_erased_at=now)
            # The notice in the outbox holds the address too (an unanswered letter's may still be waiting).
            OutboundEmail.objects.filter(ref__in=[NOTICE_REF.format(pk) for pk in ids]).delete()
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(f"{verb} the email address of {count} letter(s).")
