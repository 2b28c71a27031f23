"""Delete sent and failed emails (and with them their recipients' addresses) after OUTBOX_KEEP_DAYS; daily."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from outbox.models import OutboundEmail


class Command(BaseCommand):
    help = "Delete sent and failed emails older than OUTBOX_KEEP_DAYS, and the worker's finished task records."

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
        done = OutboundEmail.objects.filter(
            status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED], created_at__lt=cutoff
        )
        count, _ = done.delete()
        # The task records carry only message ids; finished ones are of no further use.
        tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {count} old email(s) and {tasks} finished task record(s).")
