"""Erase what identifies a commenter: their email and IP hashes go, their name becomes "Former reader".

The moderator chooses what happens to the comments themselves: --keep-bodies leaves the text
under the anonymised name; --delete-bodies deletes each comment, except that a comment others
replied to keeps its place with its text replaced, so the replies still make sense. Reports made
from the commenter's network addresses are deleted too.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef

from cms import caching
from discussion.models.comments import Comment, CommentReport
from discussion.signals import erase_reader_data

from .export_commenter import commenter_email

ANONYMOUS_NAME = "Former reader"
REMOVED_BODY = "This comment was removed at the request of the person who wrote it."


class Command(BaseCommand):
    help = "Remove a commenter's email and IP hashes and anonymise their name; choose whether their comments stay."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The commenter's email address (any case).")
        bodies = parser.add_mutually_exclusive_group(required=True)
        bodies.add_argument("--keep-bodies", action="store_true", help="Keep the comments' text, anonymised.")
        bodies.add_argument("--delete-bodies", action="store_true", help="Delete the comments' text.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")

    def handle(self, *args, email, keep_bodies=False, delete_bodies=False, dry_run=False, **options):
        email = commenter_email(email)
        comments = Comment.objects.from_email(email)
        ids = list(comments.values_list("pk", flat=True))
        if not ids:
            others = self.erase_elsewhere(email, dry_run)
            self.stdout.write(
                f"No comments were sent with {email}" + (f". {others}" if others else ": nothing to erase.")
            )
            return
        ip_hashes = set(comments.exclude(ip_hash="").values_list("ip_hash", flat=True))
        others = Comment.objects.exclude(pk__in=ids)
        # Answered in a thread here, or (imported from deeper threads) by a reply that records it.
        answered = Comment.objects.filter(pk__in=ids).filter(
            Exists(others.filter(parent=OuterRef("pk"))) | Exists(others.filter(replying_to=OuterRef("pk")))
        )
        answered_ids = set(answered.values_list("pk", flat=True))
        reports = CommentReport.objects.filter(ip_hash__in=ip_hashes)

        if delete_bodies:
            plan = (
                f"delete {len(ids) - len(answered_ids)} comment(s) and blank the text of {len(answered_ids)} "
                "that others replied to"
            )
        else:
            plan = f"keep the text of {len(ids)} comment(s) under the name \u201c{ANONYMOUS_NAME}\u201d"
        summary = f"{len(ids)} comment(s) from {email}: remove the email and IP hashes, {plan}; "
        summary += f"delete {reports.count()} report(s) made from the same addresses."
        if dry_run:
            others = self.erase_elsewhere(email, dry_run=True)
            self.stdout.write(
                "Dry run, nothing changed. Would " + summary[0].lower() + summary[1:] + (f" {others}" if others else "")
            )
            return

        with transaction.atomic():
            caching.comments_changed(comments.values_list("page_id", flat=True))  # bulk changes send no signal
            reports.delete()
            anonymised = {"email": "", "ip_hash": "", "display_name": ANONYMOUS_NAME}
            if delete_bodies:
                Comment.objects.filter(pk__in=answered_ids).update(body=REMOVED_BODY, body_hash="", **anonymised)
                Comment.objects.filter(pk__in=ids).exclude(pk__in=answered_ids).delete()
            else:
                Comment.objects.filter(pk__in=ids).update(**anonymised)
            others = self.erase_elsewhere(email, dry_run=False)
        self.stdout.write("Done: " + summary + (f" {others}" if others else ""))

    def erase_elsewhere(self, email, dry_run):
        """What other parts of the site keep about the address (following by email), erased too."""
        parts = [
            f"{key}: {what}"
            for _receiver, (key, what) in erase_reader_data.send(sender=Comment, email=email, dry_run=dry_run)
            if what
        ]
        if not parts:
            return ""
        return ("Would also erase " if dry_run else "Also erased ") + "; ".join(parts) + "."
