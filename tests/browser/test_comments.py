"""A reader comments, the language guide suggests a gentler word, a moderator approves, the reader sees it."""

import re

import pytest
from django.db import connections

from blog.models import LetterReplyPage
from discussion.models import Comment
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


# Database work is done in fixtures, which run before the browser starts; a query made while Playwright
# runs opens a connection of its own, closed at once so the test database can be dropped afterwards.
@pytest.fixture
def post_page(demo_site):
    return LetterReplyPage.objects.live().order_by("-date", "pk").first()


@pytest.fixture
def dana(post_page):
    body = "Thank you. https://a-very-long-address.example.org/" + "x" * 120
    return Comment.objects.create(page=post_page, display_name="Dana", body=body, status="approved")


def query(fn):
    try:
        return fn()
    finally:
        connections.close_all()


def test_comment_suggestion_revision_moderation_and_publication(post_page, page, browser, demo_site, screenshot_dir):
    post = demo_site + post_page.url

    # The reader writes a comment with a stigmatising word.
    page.goto(post)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("My son is an addict and we are finding it hard to stay hopeful.")
    form.get_by_label("Your name").fill("Rosa")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()

    # The form comes back once, with the text and a specific, gentle suggestion.
    suggestion = page.locator(".comment-suggestions")
    assert suggestion.is_visible()
    assert "\u2018addict\u2019 \u2192 \u2018person with a substance use disorder\u2019" in suggestion.inner_text()
    body = page.locator("#comment-form").get_by_label("Your comment")
    assert body.input_value() == "My son is an addict and we are finding it hard to stay hopeful."
    page.screenshot(path=screenshot_dir / "comment-suggestion.png", full_page=True)

    # The reader revises and posts; the comment waits for a moderator.
    revised = "My son has a substance use disorder and we are finding it hard to stay hopeful."
    body.fill(revised)
    page.locator("#comment-form").get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "Your comment is waiting for a moderator" in page.locator("#comment-notice").inner_text()
    assert revised not in page.locator(".comment-list").all_inner_texts()

    # A moderator signs in to the admin and approves it from the queue.
    moderator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    moderator.set_default_timeout(15_000)
    moderator.goto(demo_site + "/admin/login/")
    moderator.get_by_label("Username").fill("moderator")
    moderator.get_by_label("Password").fill("moderator-demo")
    moderator.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    moderator.wait_for_load_state()
    moderator.goto(demo_site + "/admin/comments/")
    row = moderator.locator("tr", has_text=revised)
    assert row.is_visible()
    moderator.screenshot(path=screenshot_dir / "comment-queue.png", full_page=True)
    row.get_by_role("button", name="Approve: comment by Rosa").click()
    moderator.wait_for_load_state()
    assert "Approved: the comment by Rosa." in moderator.content()
    moderator.context.close()

    # The reader reloads the post and sees the comment. (Opened again within a minute without
    # reloading, the browser may show its own copy: the page is public for PUBLIC_CACHE_SECONDS.)
    page.goto(post)
    page.reload()
    comment = page.locator(".comment", has_text=revised)
    assert comment.is_visible()
    assert "Rosa" in comment.inner_text()


def test_comments_fit_a_phone_and_reply_works_without_reloading(post_page, dana, page, demo_site, screenshot_dir):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(demo_site + post_page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="Reply to Dana").click()
    assert page.locator("[data-replying]").is_visible()
    assert page.locator("input[name='parent']").input_value() == str(dana.pk)
    page.screenshot(path=screenshot_dir / "comments-375.png", full_page=True)
    page.locator("#comment-form").get_by_label("Your comment").fill("Thinking of you, Dana.")
    page.locator("#comment-form").get_by_label("Your name").fill("Lee")
    page.locator("#comment-form").get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "Your comment is waiting for a moderator" in page.locator("#comment-notice").inner_text()
    assert query(lambda: Comment.objects.get(body="Thinking of you, Dana.").parent_id) == dana.pk
