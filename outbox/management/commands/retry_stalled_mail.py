"""Hand back to the worker any email that should have been tried by now (run every minute by the scheduler)."""

from django.core.management.base import BaseCommand

from outbox.delivery import requeue_stalled


class Command(BaseCommand):
    help = "Queue again the emails whose delivery task was lost (a process that died after its commit)."

    def handle(self, *args, **options):
        count = requeue_stalled()
        self.stdout.write(f"Queued {count} stalled email(s) again.")
