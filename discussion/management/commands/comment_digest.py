"""Email comment moderators a digest of the comments waiting for them. Safe to run from cron (e.g. daily).

Sends only when the comment moderation setting asks for a digest (or with --force), and only
about comments no earlier email mentioned; with nothing new it sends nothing.
"""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from discussion.comment_notifications import send_digest
from discussion.models.comments import CommentSettings, NotificationMode


class Command(BaseCommand):
    help = "Email comment moderators a digest of the comments that arrived since the last notice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Send even if the moderation settings ask for an email per comment."
        )

    def handle(self, *args, force=False, **options):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        mode = CommentSettings.for_site(site).notification_mode if site else NotificationMode.EACH
        if mode != NotificationMode.DIGEST and not force:
            self.stdout.write(f"No digest: moderator emails are set to \u201c{NotificationMode(mode).label}\u201d.")
            return
        count = send_digest()
        if count:
            self.stdout.write(f"Sent a digest of {count} comment(s) to the comment moderators.")
        else:
            self.stdout.write("No new comments waiting: nothing sent.")
