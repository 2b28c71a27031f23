"""A reader follows a topic by email, confirms from the email, hears of a new reply on it, and leaves in one click."""

import re

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import BlogIndexPage, LetterReplyPage
from subscriptions.models import Subscriber
from tests.browser.conftest import BROWSER_TEST
from tests.factories import privacy_checked
from tests.mailqueue import run_worker

pytestmark = BROWSER_TEST


def query(fn):
    try:
        return fn()
    finally:
        connections.close_all()


def deliver():
    """What the worker process does: every due task, announcements included (they wait a minute)."""

    def work():
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()

    query(work)


@pytest.fixture
def topic(demo_site):
    reply = LetterReplyPage.objects.live().filter(tags__isnull=False).first()
    tag = reply.tags.first()
    blog = BlogIndexPage.objects.get()
    return tag, blog.url + blog.reverse_subpage("tag_view", args=[tag.slug]).lstrip("/")


@pytest.fixture
def draft_on_topic(topic):
    tag, _url = topic
    reply = LetterReplyPage.objects.live().first()
    draft = reply.copy(update_attrs={"slug": "a-new-reply-on-this-topic", "title": "A new reply on this topic"})
    draft = LetterReplyPage.objects.get(pk=draft.pk)
    draft.unpublish()
    draft.tags.set([tag])
    draft.save_revision()
    return draft


def test_follow_confirm_hear_and_unsubscribe(topic, draft_on_topic, page, demo_site, screenshot_dir):
    tag, tag_url = topic
    page.goto(demo_site + tag_url)
    box = page.locator(".follow-box")
    assert f"\u201c{tag.name}\u201d" in box.inner_text()
    box.get_by_label("Your email").fill("reader@example.org")
    page.screenshot(path=screenshot_dir / "follow-box.png", full_page=True)
    box.get_by_role("button", name="Follow").click()
    page.wait_for_load_state()
    assert "Check your inbox" in page.locator("h1").inner_text()

    # The confirmation email, from the outbox once the worker has run.
    deliver()
    [confirmation] = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    confirm_url = re.search(r"https?://\S+/follow/confirm/\S+/", confirmation.body).group(0)
    page.goto(confirm_url.replace(confirm_url.split("/follow/")[0], demo_site))
    assert not query(lambda: Subscriber.objects.get(email="reader@example.org").confirmed)  # opening it did nothing
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert "you are following by email" in page.locator("h1").inner_text()
    assert tag.name in page.locator("main").inner_text()
    page.screenshot(path=screenshot_dir / "follow-confirmed.png", full_page=True)

    # A reply on the topic is published: the reader hears of it once.
    query(lambda: privacy_checked(LetterReplyPage.objects.get(pk=draft_on_topic.pk).save_revision()).publish())
    deliver()
    notices = [m for m in mail.outbox if m.to == ["reader@example.org"] and m.subject.startswith("New reply")]
    assert len(notices) == 1
    assert "A new reply on this topic" in notices[0].body

    # One click from the mail program: a POST to the List-Unsubscribe address, no cookie, no token.
    unsubscribe = re.match(r"<([^>]+)>", notices[0].extra_headers["List-Unsubscribe"]).group(1)
    unsubscribe = unsubscribe.replace(unsubscribe.split("/follow/")[0], demo_site)
    response = page.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert not query(lambda: Subscriber.objects.filter(email="reader@example.org").exists())
