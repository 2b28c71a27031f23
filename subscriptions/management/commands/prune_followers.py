"""Delete follower addresses never confirmed within 7 days, and addresses refused for good 30 days ago."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.following import prune_unconfirmed
from subscriptions.models import Subscriber

BOUNCED_KEEP_DAYS = 30


class Command(BaseCommand):
    help = "Delete unconfirmed follower addresses after 7 days and bounced ones after 30."

    def handle(self, *args, **options):
        unconfirmed = prune_unconfirmed()
        cutoff = timezone.now() - timedelta(days=BOUNCED_KEEP_DAYS)
        bounced, _ = Subscriber.objects.filter(bounced_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {unconfirmed} unconfirmed and {bounced} bounced follower record(s).")
