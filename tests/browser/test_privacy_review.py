"""The privacy check in the browser: the assistant's findings marked by the reviewer, publishing held till then.

A writer submits a reply whose letter names a town and a school. The reviewer (an editor) opens the
privacy check: while the worker has not read the version the form says the check is still running;
then both details are highlighted in context with their kinds; approving is refused until each is
marked; marked, the check is approved. A second editor could not publish before that, and can after.
"""

import re

from django.contrib.auth import get_user_model
from django.db import connections
from playwright.sync_api import expect

from blog.models import FindingMark, LetterReplyPage
from discussion.models import Letter
from tests.browser.conftest import BROWSER_TEST
from tests.browser.test_editorial_workflow import footer_action, log_in
from tests.mailqueue import run_worker

pytestmark = BROWSER_TEST

PEN_NAME = "Worried mum"
LETTER = (
    "Our son goes to Westfield High School in Kettering and has started vaping. How do we talk to him without a fight?"
)
TITLE = "Talking with a teenager about vaping"


def query(fn):
    """Database work between browser steps, on a connection closed at once (see conftest)."""
    try:
        return fn()
    finally:
        connections.close_all()


def writer_submits(page, base_url):
    def letter():
        writer = get_user_model().objects.get(username="writer")
        Letter.objects.create(
            pen_name=PEN_NAME, body=LETTER, consent=True, assigned_to=writer, status=Letter.Status.ASSIGNED
        )

    query(letter)
    log_in(page, base_url, "writer", "writer-demo")
    page.goto(base_url + "/admin/letters/")
    page.get_by_role("link", name=PEN_NAME, exact=True).click()
    page.get_by_role("button", name="Start reply").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url)[1])
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile(r"^Standfirst")).fill("A mother asks how to start the conversation.")
    tags = page.locator("#panel-child-content-tags-section ul.tagit input")
    tags.fill("vaping")
    tags.press("Enter")
    reply = page.locator("#panel-child-content-reply-section")
    reply.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = reply.get_by_role("textbox")
    paragraph.click()
    paragraph.press_sequentially("Thank you for writing. Choose a calm moment.")
    expect(page.locator('input[name="reply-0-value"]')).to_have_value(re.compile("calm moment"))
    footer_action(page, "Submit to Reply review")
    expect(page.get_by_text(f"Page '{TITLE}' has been submitted for moderation.")).to_be_visible()
    return page_id


def publish_is_held(page, base_url, page_id):
    """As the second editor: the Publish item is there, disabled, and says what it waits for."""
    page.goto(f"{base_url}/admin/pages/{page_id}/edit/")
    page.wait_for_load_state()
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    expect(footer.get_by_role("button", name="Publish", exact=True)).to_be_disabled()
    expect(footer.get_by_text("Publishing waits for the privacy check of this version")).to_be_visible()


def test_the_reviewer_marks_each_finding_before_the_reply_can_go_live(page, browser, demo_site, screenshot_dir):
    page_id = writer_submits(page, demo_site)

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reviewer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        editor = editor_context.new_page()
        editor.set_default_timeout(15_000)
        log_in(editor, demo_site, "editor2", "editor2-demo")
        publish_is_held(editor, demo_site, page_id)

        reviewer = reviewer_context.new_page()
        reviewer.set_default_timeout(15_000)
        log_in(reviewer, demo_site, "editor", "editor-demo")
        reviewer.goto(f"{demo_site}/admin/pages/{page_id}/edit/")
        # Before the worker has read the version, the form says so.
        footer_action(reviewer, "Approve privacy check")
        modal = reviewer.get_by_role("dialog")
        expect(modal.get_by_text("The de-identification check is still running on this version")).to_be_visible()
        modal.get_by_role("button", name="Close").click()
        expect(modal).to_be_hidden()

        query(run_worker)  # the worker analyses the submitted version
        reviewer.reload()
        footer_action(reviewer, "Approve privacy check")
        modal = reviewer.get_by_role("dialog")
        school = modal.get_by_role("group", name=re.compile("An institution in the letter: .Westfield High School"))
        town = modal.get_by_role("group", name=re.compile("A place in the letter: .Kettering"))
        expect(school.locator("mark")).to_have_text("Westfield High School")
        expect(town.locator("mark")).to_have_text("Kettering")
        expect(school).to_contain_text("goes to Westfield High School in Kettering")

        # The checklist alone is not enough: each finding needs a mark.
        for box in modal.get_by_role("checkbox").all():
            box.check()
        modal.get_by_role("button", name="Approve privacy check").click()
        expect(modal.get_by_text("before approving (2 not marked)")).to_be_visible()
        reviewer.screenshot(path=screenshot_dir / "admin-privacy-findings-unmarked.png")
        publish_is_held(editor, demo_site, page_id)

        modal = reviewer.get_by_role("dialog")
        for box in modal.get_by_role("checkbox").all():
            box.check()
        modal.get_by_role("group", name=re.compile("Westfield High School")).get_by_label("Changed").check()
        modal.get_by_role("group", name=re.compile("Kettering")).get_by_label("Fine as it is").check()
        reviewer.screenshot(path=screenshot_dir / "admin-privacy-findings-marked.png")
        modal.get_by_role("button", name="Approve privacy check").click()
        expect(modal).to_be_hidden()
        expect(reviewer.get_by_text("Privacy check approved; waiting for editorial approval.")).to_be_visible()
        marks = query(lambda: dict(FindingMark.objects.values_list("text", "decision")))
        assert marks == {"Westfield High School": "changed", "Kettering": "fine"}

        # Now the second editor may approve it and so publish it (the one who checked it may not).
        editor.goto(f"{demo_site}/admin/pages/{page_id}/edit/")
        footer_action(editor, "Approve with comment and Publish")
        dialog = editor.get_by_role("dialog")
        dialog.get_by_role("textbox").fill("Clear and kind.")
        dialog.get_by_role("button", name="Approve with comment").click()
        expect(editor.get_by_text("Published: ")).to_be_visible()
        assert query(lambda: LetterReplyPage.objects.get(pk=page_id).live)
    finally:
        editor_context.close()
        reviewer_context.close()
