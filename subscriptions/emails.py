"""The emails followers get, as queued in the outbox: a plain-text and an HTML part, the manage link,
and RFC 8058 one-click unsubscribe headers on every one. No tracking pixel, no third-party content;
a reply is named by its title, the letter writer's pen-name and its standfirst, never a commenter's email.

An announcement to thousands renders its templates once (per distinct reason to send) and puts each
address's own links in afterwards: rendering per reader would take longer than the sending.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import mail as outbox
from outbox.models import OutboundEmail

from . import links

SLOT = "~token~"  # where each reader's own token goes in a link
PLACEHOLDERS = {"manage": "\x00manage\x00", "unsubscribe": "\x00unsubscribe\x00", "confirm": "\x00confirm\x00"}


def unsubscribe_mailto():
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return settings.FOLLOW_UNSUBSCRIBE_MAILTO or sender


class Batch:
    """Messages of one kind to many followers."""

    def __init__(self):
        root = links.site_root()
        self.urls = {name: root + reverse(f"subscriptions:{name}", args=[SLOT]) for name in PLACEHOLDERS}
        self.rendered = {}
        self.mailto = unsubscribe_mailto()

    def message(self, subscriber, subject, template, context, same_for=None):
        """`same_for`: a key under which the rendered text is the same for every reader (None: render anew)."""
        key = (template, same_for)
        parts = self.rendered.get(key) if same_for is not None else None
        if parts is None:
            full = {
                "site_name": settings.WAGTAIL_SITE_NAME,
                "manage_url": PLACEHOLDERS["manage"],
                "unsubscribe_url": PLACEHOLDERS["unsubscribe"],
                "confirm_url": PLACEHOLDERS["confirm"],
                **context,
            }
            parts = tuple(render_to_string(f"subscriptions/email/{template}.{ext}", full) for ext in ("txt", "html"))
            if same_for is not None:
                self.rendered[key] = parts
        token = links.token_for(subscriber)
        urls = {name: url.replace(SLOT, token) for name, url in self.urls.items()}
        text, html = parts
        mailto = f"mailto:{self.mailto}?subject=unsubscribe%20{subscriber.key}"
        for name, placeholder in PLACEHOLDERS.items():
            text, html = text.replace(placeholder, urls[name]), html.replace(placeholder, urls[name])
        return {
            "subject": subject,
            "body": text,
            "html_body": html,
            "recipient": subscriber.email,
            "headers": {
                "List-Unsubscribe": f"<{urls['unsubscribe']}>, <{mailto}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        }


def _queue(messages, kind):
    envelope = outbox.Envelope(kind=kind, recipient_role="follower", private=True)
    return outbox.queue_messages(messages, envelope)


def queue_confirmation(subscriber, follows):
    subject = f"Confirm that you want emails from the {settings.WAGTAIL_SITE_NAME}"
    message = Batch().message(subscriber, subject, "confirm", {"follows": follows})
    _queue([message], OutboundEmail.Kind.FOLLOW_CONFIRM)


def queue_now_following(subscriber, follow):
    message = Batch().message(subscriber, f"You now follow {follow}", "now_following", {"follow": follow})
    _queue([message], OutboundEmail.Kind.FOLLOW_NOTICE)


def reply_context(page):
    return {"title": page.title, "pen_name": page.pen_name, "standfirst": page.standfirst, "url": page.full_url}


def queue_reply(page, subscribers, reasons, batch=None):
    batch = batch or Batch()
    reply = reply_context(page)
    subject = f"New reply: {page.title}"
    messages = []
    for subscriber in subscribers:
        why = tuple(reasons.get(subscriber.pk, []))
        messages.append(batch.message(subscriber, subject, "reply", {"reply": reply, "reasons": why}, same_for=why))
    _queue(messages, OutboundEmail.Kind.FOLLOW_REPLY)


def queue_digest(subscriber, pages, since):
    replies = [reply_context(page) for page in pages]
    count = f"{len(replies)} new repl{'y' if len(replies) == 1 else 'ies'}"
    subject = f"This week on the {settings.WAGTAIL_SITE_NAME}: {count}"
    message = Batch().message(subscriber, subject, "digest", {"replies": replies, "since": since})
    _queue([message], OutboundEmail.Kind.FOLLOW_DIGEST)


def queue_comment(comment, page, subscribers):
    context = {
        "post": reply_context(page),
        "name": comment.display_name,
        "body": comment.body,
        "url": f"{page.full_url}#comment-{comment.pk}",
        "is_reply": bool(comment.parent_id),
    }
    subject = f"New comment on \u201c{page.title}\u201d"
    batch = Batch()
    messages = [batch.message(s, subject, "comment", context, same_for=comment.pk) for s in subscribers]
    _queue(messages, OutboundEmail.Kind.FOLLOW_COMMENT)
