"""From a reader's letter to a published reply, through the real Wagtail admin.

A reader sends a letter through the public form; the writer takes it from the
inbox, starts a reply, fills in the draft and submits it to "Reply review"; an
editor, in a browser context of their own, passes the privacy check (with its
de-identification checklist) and a second editor gives the editorial approval;
the reply is then live for an anonymous reader and the letter is marked published.
"""

import re

from django.core import mail
from playwright.sync_api import expect

from discussion.models import Letter
from tests.browser.conftest import BROWSER_TEST
from tests.mailqueue import run_worker

pytestmark = BROWSER_TEST

PEN_NAME = "Quiet harbour"
LETTER_EMAIL = "quiet.harbour@example.net"
LETTER_BODY = (
    "My partner has been drinking more since the winter, mostly alone in the evenings. "
    "How do I bring it up without it turning into a fight? A friend said Module 4 might help."
)
PLACEHOLDER = f"Reply to {PEN_NAME}"
TITLE = "Bringing up a partner's drinking without a fight"
TAG = "communication"
STANDFIRST = "How to start a calm conversation about drinking, and when to wait."
REPLY_TEXT = "Thank you for writing. Module 4 on communication suggests choosing a calm moment and starting with I."


def log_in(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base_url + "/admin/")


def footer_action(page, name):
    """Click an action in the editor footer's "More actions" menu (the main button is "Save draft")."""
    # The menu toggle only works once the admin's scripts have run.
    page.wait_for_load_state()
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name=name, exact=True).click()


def send_letter(page, base_url):
    page.goto(base_url + "/write-to-us/")
    page.get_by_label("Pen-name").fill(PEN_NAME)
    page.get_by_label("Your email address").fill(LETTER_EMAIL)
    page.get_by_label("Your letter").fill(LETTER_BODY)
    page.get_by_label("I agree").check()
    # The honeypot ("website") stays empty, as a person leaves it.
    page.get_by_role("button", name="Send my letter").click()
    expect(page).to_have_url(base_url + "/write-to-us/thank-you/")
    return Letter.objects.get(pen_name=PEN_NAME)


def writer_drafts_and_submits(page, base_url, screenshot_dir):
    """As the writer: inbox, take the letter, start the reply, fill in the draft, submit it. Returns the page id."""
    log_in(page, base_url, "writer", "writer-demo")
    page.get_by_role("link", name=re.compile(r"^Letters( \(\d+ new\))?$")).click()
    expect(page).to_have_url(base_url + "/admin/letters/")
    page.get_by_role("link", name=PEN_NAME, exact=True).click()
    expect(page.get_by_role("heading", name="The letter")).to_be_visible()
    page.get_by_role("button", name="Take this letter").click()
    expect(page.get_by_text("The letter is yours.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "admin-letter.png", full_page=True)

    page.get_by_role("button", name="Start reply").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url)[1])
    expect(page.get_by_text("A draft reply was created with the letter filled in.")).to_be_visible()
    title = page.get_by_role("textbox", name=re.compile(r"^Title"))
    expect(title).to_have_value(PLACEHOLDER)
    expect(page.get_by_role("textbox", name=re.compile(r"^Pen name"))).to_have_value(PEN_NAME)

    # A headline of its own, and a tag: a reply is not submitted for review without them.
    title.fill(TITLE)
    page.get_by_role("textbox", name=re.compile(r"^Standfirst")).fill(STANDFIRST)
    tags = page.locator("#panel-child-content-tags-section ul.tagit input")
    tags.fill(TAG)
    tags.press("Enter")
    expect(page.locator("#id_tags")).to_have_value(TAG)

    # The reply StreamField starts empty: insert a paragraph block and type into its Draftail editor.
    reply = page.locator("#panel-child-content-reply-section")
    reply.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = reply.get_by_role("textbox")
    paragraph.click()
    paragraph.press_sequentially(REPLY_TEXT)
    expect(paragraph).to_have_text(REPLY_TEXT)
    # Draftail writes to its hidden input on change; wait for it before saving.
    expect(page.locator('input[name="reply-0-value"]')).to_have_value(re.compile("calm moment"))

    # The byline is filled in only when the writer's account is linked to a StaffWriter.
    byline = page.locator("#panel-child-content-byline-section")
    writer_input = page.locator("#id_writer")
    if not writer_input.input_value():
        byline.get_by_role("button", name="Choose staff writer").click()
        chooser = page.get_by_role("dialog")
        chooser.get_by_role("link", name=re.compile(r"^Theo Abernathy")).click()
        expect(chooser).to_be_hidden()
        expect(page.locator(".modal-backdrop")).to_have_count(0)  # faded out
        expect(writer_input).to_have_value(re.compile(r"^\d+$"))
    page.screenshot(path=screenshot_dir / "admin-editor.png", full_page=True)

    footer_action(page, "Submit to Reply review")
    expect(page.get_by_text(f"Page '{TITLE}' has been submitted for moderation.")).to_be_visible()
    return page_id


def editor_reviews(page, base_url, screenshot_dir):
    """As an editor: pass the privacy check (with its checklist); as a second editor, give editorial approval."""
    log_in(page, base_url, "editor", "editor-demo")
    awaiting = page.locator("#awaiting-my-review-section")
    expect(awaiting.get_by_role("row", name=re.compile(rf"{re.escape(TITLE)}.*Privacy check"))).to_be_visible()
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))

    run_worker()  # the worker's de-identification analysis of the submitted version
    footer_action(page, "Approve privacy check")
    modal = page.get_by_role("dialog")
    expect(modal.get_by_text("The assistant found no names, places, institutions")).to_be_visible()
    checklist = modal.get_by_role("checkbox")
    expect(checklist).to_have_count(5)
    modal.get_by_label("Comment (optional)").fill("Nothing identifying in the letter or the reply.")
    for index in range(5):
        checklist.nth(index).check()
    page.screenshot(path=screenshot_dir / "admin-review-modal.png")
    modal.get_by_role("button", name="Approve privacy check").click()
    expect(modal).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))

    # Editorial approval comes from a second editor: the one who passed the privacy check does not pass it alone.
    page.context.clear_cookies()
    log_in(page, base_url, "editor2", "editor2-demo")
    expect(awaiting.get_by_role("row", name=re.compile(rf"{re.escape(TITLE)}.*Editorial approval"))).to_be_visible()
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))

    footer_action(page, "Approve with comment and Publish")
    modal.get_by_role("textbox").fill("A kind, clear reply. Approved.")
    modal.get_by_role("button", name="Approve with comment").click()
    expect(modal).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    page.screenshot(path=screenshot_dir / "admin-approved.png")


def test_letter_to_published_reply(page, browser, demo_site, screenshot_dir):
    letter = send_letter(page, demo_site)
    assert letter.status == Letter.Status.NEW

    page_id = writer_drafts_and_submits(page, demo_site, screenshot_dir)
    letter.refresh_from_db()
    assert letter.reply_page_id == page_id
    assert letter.status == Letter.Status.IN_REVIEW

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        editor_page = editor_context.new_page()
        editor_page.set_default_timeout(15_000)
        editor_reviews(editor_page, demo_site, screenshot_dir)
    finally:
        editor_context.close()

    # An anonymous reader finds the reply on the Discussion Blog.
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        reader = reader_context.new_page()
        reader.goto(demo_site + "/discussion-blog/")
        reader.get_by_role("link", name=TITLE).first.click()
        expect(reader.locator("h1")).to_have_text(TITLE)
        expect(reader.get_by_text(STANDFIRST)).to_be_visible()
        expect(reader.get_by_text(REPLY_TEXT)).to_be_visible()
        # "Module 4" in the letter and the reply survived the workflow as a cross-reference.
        expect(reader.get_by_role("heading", name="Modules referenced in this reply")).to_be_visible()
        reader.screenshot(path=screenshot_dir / "reply-published.png", full_page=True)
    finally:
        reader_context.close()

    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED
    assert letter.reply_page.live
    run_worker()  # what the worker process does: deliver what the workflow queued
    notices = [message for message in mail.outbox if LETTER_EMAIL in message.to]
    assert len(notices) == 1
    assert letter.reply_page.url in notices[0].body
