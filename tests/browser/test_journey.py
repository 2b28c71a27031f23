"""A reader's journey through the demo site in a real browser, with screenshots at desktop and phone widths.

home → a post → a module link in the reply → back → a related post → a tag page → search → a post's
comment form. The screenshots (home, post and search at 1280 and 375 px) go to test-artifacts/screenshots/,
which `make test` names at its end.
"""

import re

import pytest

from blog.models import LetterReplyPage
from discussion.models import Comment
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def screenshots(page, screenshot_dir, name):
    """Full-page screenshots at desktop and phone width; the page is left at desktop width."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=screenshot_dir / f"{name}-{size['width']}.png", full_page=True)
        if size is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.set_viewport_size(DESKTOP)


def heading(page):
    return page.locator("h1").inner_text()


@pytest.fixture
def comments(demo_site):
    """A short approved thread under the post the journey opens, so its screenshots show comments."""
    post = LetterReplyPage.objects.live().get(title__startswith="Rewarding the good days")
    first = Comment.objects.create(
        page=post,
        display_name="Ines",
        body="We tried this for three weeks. Sunday lunches are easier now. Thank you for explaining the difference.",
        status="approved",
    )
    Comment.objects.create(
        page=post, parent=first, display_name="Tom", body="Good to hear it. Same here.", status="approved"
    )


def test_readers_journey(comments, page, demo_site, screenshot_dir):
    # Home: the latest replies, the way into the modules, the call to write in.
    page.goto(demo_site + "/")
    assert page.get_by_role("heading", name="Latest replies").is_visible()
    screenshots(page, screenshot_dir, "home")

    # A post: the letter, the reply with its module references, related posts and comments.
    post_link = page.locator("main .card__title a", has_text=re.compile("Rewarding the good days"))
    post_title = post_link.inner_text()
    post_link.click()
    page.wait_for_load_state()
    assert heading(page) == post_title
    post_url = page.url
    assert page.get_by_role("heading", name="Modules referenced in this reply").is_visible()
    assert page.get_by_role("heading", name="Related posts").is_visible()
    screenshots(page, screenshot_dir, "post")

    # A module mentioned in the reply itself, then back to the post.
    module_link = page.locator("main .reply a.module-link").first
    number = re.search(r"\d+", module_link.inner_text()).group()
    module_link.click()
    page.wait_for_load_state()
    assert re.search(rf"module {number}\b", heading(page), re.IGNORECASE), heading(page)
    assert page.get_by_role("heading", name="Discussions that draw on this module").is_visible()
    assert page.locator("main .card__title a", has_text=post_title).count() == 1
    page.go_back()
    page.wait_for_load_state()
    assert page.url == post_url

    # A related post, then one of its tags.
    related = page.locator(".related .card__title a").first
    related_title = related.inner_text()
    related.click()
    page.wait_for_load_state()
    assert heading(page) == related_title
    tag_link = page.locator(".post__tags a").first
    tag = tag_link.inner_text()
    tag_link.click()
    page.wait_for_load_state()
    assert heading(page) == f"Posts tagged \u201c{tag}\u201d"
    assert page.locator("main .card__title a", has_text=related_title).count() == 1

    # Search from the header: a common word finds replies.
    searchbox = page.get_by_role("searchbox", name="Search")
    searchbox.fill("family")
    with page.expect_navigation():
        searchbox.press("Enter")
    assert "query=family" in page.url
    results = page.locator("main .card__title a")
    assert results.count() > 0
    assert re.search(r"\d+ results? for \u201cfamily\u201d", page.locator(".result-count").inner_text())
    screenshots(page, screenshot_dir, "search")

    # A reply from the results, and a comment on it that waits for a moderator.
    reply = page.locator("main .card__title a", has_text=re.compile(r"^(?!Module \d)")).first
    reply.click()
    page.wait_for_load_state()
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("Reading this helped me feel less alone. Thank you for writing it.")
    form.get_by_label("Your name").fill("Alex")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    notice = page.locator("#comment-notice")
    assert notice.is_visible()
    assert "waiting for a moderator" in notice.inner_text()
