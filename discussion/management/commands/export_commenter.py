"""Print, as JSON, everything kept about the comments sent with one email address (a reader's access request)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import timezone

from discussion.models.comments import Comment
from discussion.signals import collect_reader_data


def commenter_email(value):
    email = (value or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CommandError(f"Not an email address: {value!r}") from error
    return email


def _time(value):
    return value.isoformat() if value else None


class Command(BaseCommand):
    help = "Print as JSON every comment sent with --email, with what is stored about each, and what it follows."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The commenter's email address (any case).")

    def handle(self, *args, email, **options):
        email = commenter_email(email)
        comments = Comment.objects.from_email(email).select_related("page").order_by("created_at", "pk")
        data = {
            "email": email,
            "exported_at": timezone.now().isoformat(),
            "comments": [
                {
                    "id": c.pk,
                    "post": c.page.title,
                    "post_url": c.page.full_url,
                    # The comment it answered (deeper threads sit under their first comment: `parent`).
                    "in_reply_to": c.replying_to_id or c.parent_id,
                    "name": c.display_name,
                    "email": c.email,
                    "comment": c.body,
                    "status": c.status,
                    "held_for": c.hold_reasons,
                    "sent_at": _time(c.created_at),
                    "moderated_at": _time(c.moderated_at),
                    "edited_by_moderator_at": _time(c.edited_by_moderator_at),
                    # A keyed hash of the network address the comment came from: the address itself is never kept.
                    "ip_hash": c.ip_hash,
                }
                for c in comments
            ],
        }
        # What other parts of the site keep about the same address (following by email).
        for _receiver, (key, part) in collect_reader_data.send(sender=Comment, email=email):
            data[key] = part
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
