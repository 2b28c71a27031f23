"""The weekly digest for readers who follow by email weekly (run daily: each gets theirs 7 days after the last)."""

from django.core.management.base import BaseCommand

from subscriptions.following import send_digests


class Command(BaseCommand):
    help = "Queue the weekly digest of each weekly follower who is due; nothing for those with nothing new."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {send_digests()} digest(s).")
