"""Erase the IP hashes of old comments and reports once they are no longer needed. Safe to run daily (cron)."""

from django.core.management.base import BaseCommand

from discussion.retention import erase_comment_ip_hashes


class Command(BaseCommand):
    help = (
        "Blank the IP hash of comments and reports older than COMMENT_IP_HASH_RETENTION_DAYS, "
        "and delete reports that old that a moderator has resolved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        erased = erase_comment_ip_hashes(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        deleted = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} the IP hash of {erased.comments} comment(s) and {erased.reports} outstanding report(s); "
            f"{deleted} {erased.resolved_reports} resolved report(s)."
        )
