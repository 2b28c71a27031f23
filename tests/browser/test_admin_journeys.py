"""Each staff role's journey through the admin, at 1280 and at 375 px.

Every step is looked at at both widths: the messages say what happened, nothing a person must reach
(a link, a field, a button) lies outside the screen or under something else, nothing scrolls sideways,
and a screenshot of each width goes to test-artifacts/screenshots/admin-<role>-<nn>-<step>-<width>.png.
The actions themselves alternate between a phone and a desktop.

- writer: the inbox, take a letter, start the reply, a refused submission, title, standfirst, tags (with
  suggestions most used first) and reply, submit; a reviewer asks for changes; the request at the top of
  the editor; resubmit.
- editor: the dashboard under the site's name, request changes with a comment, then (once the writer has
  resubmitted) the privacy checklist and editorial approval; the reply is published.
- comment moderator: their own dashboard, the queue, the status filter (heading and bulk actions follow it),
  approve one comment and mark two as spam in bulk, on a phone.

axe-core finds no violation on the letters inbox and the moderation queue, at either width.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from playwright.sync_api import expect
from wagtail.models import TaskState, WorkflowState

from blog.models import LetterReplyPage, StaffWriter
from blog.tag_suggestions import suggest_tags
from cms.roles import EDITORS
from discussion.models import Comment, Letter
from tests.browser.conftest import BROWSER_TEST
from tests.mailqueue import run_worker

pytestmark = BROWSER_TEST

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SITE_NAME = "Family Support Discussion Blog"

# Bring an element into view as a person would: by scrolling up or down.
SHOW = """(el) => {
    el.scrollIntoView({block: "center", inline: "nearest", behavior: "instant"});
    // Scrolled into view up and down only: a person cannot reach what needs sideways scrolling (and
    // scrollIntoView would even scroll boxes whose overflow is hidden).
    for (let box = el.parentElement; box; box = box.parentElement) box.scrollTo({left: 0, behavior: "instant"});
    window.scrollTo({left: 0, top: window.scrollY, behavior: "instant"});
}"""
# Why an element a person must reach is out of reach, or "" when it is fine: outside the screen's
# width, or covered at its middle by something else (a clipping box, a sticky bar, a dialog).
OUT_OF_REACH = (
    "(el) => {\n    ("
    + SHOW
    + ")(el);\n"
    + """const r = el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    if (!r.width || !r.height) return "has no size";
    if (r.left < -0.5 || r.right > width + 0.5) {
        return `spans ${Math.round(r.left)} to ${Math.round(r.right)} px of a ${width} px screen`;
    }
    // Its own text cut off: a heading that does not wrap, a field narrower than what is typed in it.
    const textual = el.matches("h1, h2, h3, input[type=text], textarea");
    if (textual && el.clientWidth && el.scrollWidth > el.clientWidth + 1) {
        return `cuts off its text (${el.scrollWidth} px of text in ${el.clientWidth} px)`;
    }
    // A link that wraps is reached on its first line.
    const line = el.getClientRects()[0];
    const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
    const labels = el.labels ? [...el.labels] : [];
    if (hit && (hit === el || el.contains(hit) || labels.some((label) => label.contains(hit)))) return "";
    return "is covered by " + (hit ? hit.tagName.toLowerCase() + "." + hit.className : "nothing");
}"""
)


# Wait for the layout to settle after a resize or a page load: finite animations and transitions (a
# message sliding in, the sidebar folding away) end before anything is measured.
SETTLED = """async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const finite = document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity);
    // A paused animation never finishes: wait a second at most.
    const ended = Promise.all(finite.map((a) => a.finished.catch(() => null)));
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1000))]);
}"""


def query(fn):
    """Database work between browser steps, on a connection closed at once (see conftest)."""
    try:
        return fn()
    finally:
        connections.close_all()


class Journey:
    """One role's walk: each step checked and photographed at both widths."""

    def __init__(self, page, base_url, screenshot_dir, role, axe=None):
        self.page, self.base_url, self.dir, self.role, self.axe = page, base_url, screenshot_dir, role, axe
        self.count = 0

    def log_in(self, username, password):
        page = self.page
        page.goto(self.base_url + "/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(self.base_url + "/admin/")

    def step(self, name, must_reach, then=PHONE, axe=False):
        """Check the page at 1280 and 375 px, photograph it, and leave it at `then` width for the next action."""
        self.count += 1
        problems = []
        for size in (DESKTOP, PHONE):
            self.page.set_viewport_size(size)
            self.page.evaluate(SETTLED)
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > size["width"]:
                problems.append(f"{size['width']} px: the page scrolls sideways ({scroll_width} px wide)")
            for label, locator in must_reach.items():
                expect(locator).to_be_visible()
                problem = locator.evaluate(OUT_OF_REACH)
                if problem:
                    problems.append(f"{size['width']} px: {label} {problem}")
            if axe:
                found = self.axe.run(self.page, f"admin {self.role} {name} @{size['width']}")
                problems += [f"{size['width']} px: axe {v['impact']} {v['id']}: {v['targets'][:3]}" for v in found]
            # The screenshot shows the first thing the step is about (the message, the row, the dialog).
            next(iter(must_reach.values())).evaluate(SHOW)
            self.page.evaluate(SETTLED)
            path = self.dir / f"admin-{self.role}-{self.count:02d}-{name}-{size['width']}.png"
            self.page.screenshot(path=path, full_page=True)
        self.page.set_viewport_size(then)
        assert not problems, f"{self.role}, step {name}:\n" + "\n".join(problems)

    def message(self, text):
        """The message at the top of the page that says what happened."""
        message = self.page.locator(".messages > ul > li", has_text=text)
        expect(message).to_be_visible()
        return message

    def footer_action(self, name):
        """An action from the editor's footer menu ("Save draft" is the main button; the rest are under the arrow)."""
        page = self.page
        page.wait_for_load_state()
        footer = page.get_by_role("navigation", name="Actions (footer)")
        footer.get_by_role("button", name="More actions").click()
        footer.get_by_role("button", name=name, exact=True).click()


# The writer ----------------------------------------------------------------------------------------------

LETTER_BODY = (
    "Our 35-year-old son is tapering off fentanyl with a prescribed medication and moved back home last month.\n\n"
    "How do we approach this with CRAFT without pushing him away? We argue every time we bring it up."
)
HEADLINE = "Our son is tapering off fentanyl: how do we talk about it without a fight?"
REVIEW_COMMENT = "Please soften the opening and say less about his job, which could identify him."


@pytest.fixture
def writer_letters(demo_site):
    """A new letter to take, and one already assigned to the writer (to see staff by full name)."""
    writer = get_user_model().objects.get(username="writer")
    new = Letter.objects.create(pen_name="Cwfranklin", body=LETTER_BODY, consent=True, relation="parent")
    Letter.objects.create(
        pen_name="Worried grandmother in the hills",
        body="My grandson has been drinking heavily since he lost his job. What can I do from a distance?",
        consent=True,
        status=Letter.Status.ASSIGNED,
        assigned_to=writer,
    )
    Letter.objects.create(
        pen_name="Longanswered", body="Thank you for the reply last year.", consent=True, status=Letter.Status.PUBLISHED
    )
    return {"letter": new, "writer_name": writer.get_full_name(), "suggestions": suggest_tags("re")}


def request_changes(page_id, comment):
    """A reviewer's "Request changes" (the editor's side of it is walked in the editor's journey)."""
    editor = get_user_model().objects.get(username="editor")
    state = TaskState.objects.get(workflow_state__object_id=str(page_id), status=TaskState.STATUS_IN_PROGRESS)
    state.specific.task.specific.on_action(state.specific, editor, "reject", comment=comment)
    return editor.get_full_name()


def test_writer_journey(page, demo_site, screenshot_dir, writer_letters, axe):
    journey = Journey(page, demo_site, screenshot_dir, "writer", axe)
    letter = writer_letters["letter"]
    journey.log_in("writer", "writer-demo")

    # The inbox: letters still to answer, the start of each letter, staff by full name; published is a link away.
    page.get_by_role("link", name=re.compile(r"^Letters( \(\d+ new\))?$")).click()
    expect(page.get_by_role("heading", name="Still to answer", exact=True)).to_be_visible()
    row = page.locator("tr", has_text="Cwfranklin")
    expect(row.locator(".letters-inbox__excerpt")).to_contain_text("tapering off fentanyl")
    assigned = page.locator("tr", has_text="Worried grandmother")
    expect(assigned).to_contain_text(writer_letters["writer_name"])
    expect(page.get_by_text("Longanswered")).to_have_count(0)
    journey.step(
        "inbox",
        {
            "the letter's link": row.get_by_role("link", name="Cwfranklin"),
            "the assignee": assigned.get_by_text(writer_letters["writer_name"]),
            "the Published filter": page.get_by_role("link", name="Published", exact=True),
        },
        axe=True,
    )

    # The letter, taken on a phone.
    row.get_by_role("link", name="Cwfranklin").click()
    expect(page.get_by_role("heading", name="Letter from Cwfranklin", exact=True)).to_be_visible()
    page.get_by_role("button", name="Take this letter").click()
    journey.message("The letter is yours.")
    journey.step(
        "letter-taken",
        {
            "the message": page.locator(".messages > ul > li").first,
            "the title": page.get_by_role("heading", name="Letter from Cwfranklin", exact=True),
            "Start reply": page.get_by_role("button", name="Start reply"),
        },
    )

    # Start the reply: a draft named after the pen-name, which is only a placeholder.
    page.get_by_role("button", name="Start reply").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url)[1])
    title = page.get_by_role("textbox", name=re.compile(r"^Title"))
    expect(title).to_have_value("Reply to Cwfranklin")

    # Submitting now is refused, and says why.
    journey.footer_action("Submit to Reply review")
    refusal = journey.message("Not submitted for review: the reply needs a headline of its own and at least one tag.")
    expect(page.locator(".error-message", has_text="only names the letter writer")).to_be_visible()
    journey.step(
        "submit-refused",
        {
            "the message": refusal,
            "the title field": title,
            "the standfirst": page.get_by_role("textbox", name=re.compile(r"^Standfirst")),
            "the tags": page.locator("#panel-child-content-tags-section ul.tagit"),
        },
        then=DESKTOP,
    )

    # The draft, filled in at 1280 px: a headline, the standfirst, tags suggested most used first, the reply.
    title.fill(HEADLINE)
    page.get_by_role("textbox", name=re.compile(r"^Standfirst")).fill(
        "A mother asks how to talk with her son about his taper. Theo Abernathy replies."
    )
    tags = page.locator("#panel-child-content-tags-section ul.tagit input")
    tags.press_sequentially("re", delay=50)
    suggestions = page.locator("ul.ui-autocomplete:visible li")
    expect(suggestions).to_have_text(writer_letters["suggestions"])
    assert writer_letters["suggestions"] != sorted(writer_letters["suggestions"])  # by use, not by name
    suggestions.first.click()
    expect(page.locator("#id_tags")).to_have_value(writer_letters["suggestions"][0])
    reply = page.locator("#panel-child-content-reply-section")
    reply.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = reply.get_by_role("textbox")
    paragraph.click()
    paragraph.press_sequentially("Thank you for writing. Module 4 on communication can help you choose a calm moment.")
    expect(page.locator('input[name="reply-0-value"]')).to_have_value(re.compile("calm moment"))
    # The headline wraps in its box instead of running out of it, on a phone too.
    page.set_viewport_size(PHONE)
    assert title.evaluate("(el) => el.scrollHeight <= el.clientHeight + 1"), "the title field clips the headline"
    journey.step(
        "draft-filled",
        {
            "the title field": title,
            "the tags": page.locator("#panel-child-content-tags-section ul.tagit"),
            "Save draft": page.get_by_role("button", name="Save draft"),
            "the other actions": page.get_by_role("navigation", name="Actions (footer)").get_by_role(
                "button", name="More actions"
            ),
        },
    )

    # Submitted from a phone.
    journey.footer_action("Submit to Reply review")
    journey.message(f"Page '{HEADLINE}' has been submitted for moderation.")
    assert query(lambda: Letter.objects.get(pk=letter.pk).status) == Letter.Status.IN_REVIEW

    # A reviewer asks for changes; the writer finds the request at the top of the editor.
    reviewer = query(lambda: request_changes(page_id, REVIEW_COMMENT))
    page.goto(f"{demo_site}/admin/pages/{page_id}/edit/")
    request = page.locator(".changes-requested")
    expect(request).to_contain_text(f"{reviewer} asked for changes")
    expect(request).to_contain_text(REVIEW_COMMENT)
    assert request.bounding_box()["y"] < title.bounding_box()["y"], "the request is not above the title"
    journey.step("changes-requested", {"the reviewer's request": request, "the title field": title}, then=DESKTOP)

    # Resubmitted: the request leaves the editor.
    journey.footer_action("Resubmit to Privacy check")
    journey.message(f"Page '{HEADLINE}' has been submitted for moderation.")
    page.goto(f"{demo_site}/admin/pages/{page_id}/edit/")
    expect(page.locator(".changes-requested")).to_have_count(0)
    assert query(lambda: Letter.objects.get(pk=letter.pk).status) == Letter.Status.IN_REVIEW


# The editor ----------------------------------------------------------------------------------------------

REPLY_TITLE = "When our daughter's partner drinks at family dinners"
SECOND_EDITOR_PASSWORD = "second-editor-pw"  # noqa: S105 (a test user's)


@pytest.fixture
def submitted_reply(demo_site):
    """A reply the writer has submitted for review: the editor's journey starts from it."""
    writer = get_user_model().objects.get(username="writer")
    letter = Letter.objects.create(
        pen_name="Sundaytable",
        body="Our daughter's partner drinks at every family dinner. What do we say?",
        consent=True,
        assigned_to=writer,
        status=Letter.Status.ASSIGNED,
    )
    page = letter.start_reply(writer)
    page.title = REPLY_TITLE
    page.standfirst = "A father asks how to keep family dinners calm. Theo Abernathy replies."
    page.writer = StaffWriter.objects.filter(user=writer).first() or StaffWriter.objects.first()
    page.tags.add("boundaries")
    from wagtail.rich_text import RichText

    page.reply = [("paragraph", RichText("<p>Thank you for writing. Module 6 on boundaries can help.</p>"))]
    page.save_revision(user=writer)
    page.get_workflow().start(page, writer)
    # A second editor gives editorial approval: the one who passed the privacy check does not pass it alone.
    second = get_user_model().objects.create_user(
        "second-editor", "second.editor@example.org", SECOND_EDITOR_PASSWORD, first_name="Robin", last_name="Hale"
    )
    second.groups.add(Group.objects.get(name=EDITORS))
    return {"page_id": page.pk, "writer_name": writer.get_full_name()}


def resubmit(page_id):
    writer = get_user_model().objects.get(username="writer")
    WorkflowState.objects.get(object_id=str(page_id), status=WorkflowState.STATUS_NEEDS_CHANGES).resume(writer)


def open_for_review(journey, page_id):
    page = journey.page
    page.goto(journey.base_url + "/admin/")
    awaiting = page.locator("#awaiting-my-review-section")
    awaiting.get_by_role("link", name=REPLY_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{page_id}/edit/$"))


def test_editor_journey(page, demo_site, screenshot_dir, submitted_reply):
    journey = Journey(page, demo_site, screenshot_dir, "editor")
    page_id = submitted_reply["page_id"]
    journey.log_in("editor", "editor-demo")

    # The dashboard is headed with the site's name, and lists the reply waiting for review.
    expect(page.locator("h1")).to_have_text(SITE_NAME)
    awaiting = page.locator("#awaiting-my-review-section")
    journey.step(
        "dashboard",
        {"the heading": page.locator("h1"), "the reply waiting": awaiting.get_by_role("link", name=REPLY_TITLE)},
    )

    # Request changes, with a comment, from a phone.
    open_for_review(journey, page_id)
    journey.footer_action("Request changes")
    modal = page.get_by_role("dialog")
    modal.get_by_role("textbox").fill("Please remove the town they live in from the letter.")
    journey.step(
        "request-changes",
        {
            "the comment box": modal.get_by_role("textbox"),
            "the button": modal.get_by_role("button", name="Request changes"),
        },
    )
    modal.get_by_role("button", name="Request changes").click()
    sent_back = journey.message(f"Sent back to {submitted_reply['writer_name']} with your comment.")
    expect(page.locator(".messages")).not_to_contain_text("has been updated")
    journey.step("sent-back", {"the message": sent_back}, then=DESKTOP)

    # The writer resubmits; the privacy check, with its checklist side by side, at 1280 px.
    query(lambda: resubmit(page_id))
    query(run_worker)  # the worker reads the version for identifying details before the check
    open_for_review(journey, page_id)
    journey.footer_action("Approve privacy check")
    modal = page.get_by_role("dialog")
    items = modal.locator(".privacy-checklist__item")
    expect(items).to_have_count(5)
    for index in range(5):
        item = items.nth(index)
        box, label = item.get_by_role("checkbox").bounding_box(), item.locator("label").bounding_box()
        assert label["x"] >= box["x"] + box["width"], f"checklist point {index + 1}: the box is not beside its label"
        assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"], index
        item.get_by_role("checkbox").check()
    journey.step(
        "privacy-checklist",
        {
            **{f"checkbox {n + 1}": items.nth(n).get_by_role("checkbox") for n in range(5)},
            "the button": modal.get_by_role("button", name="Approve privacy check"),
        },
        then=DESKTOP,
    )
    modal.get_by_role("button", name="Approve privacy check").click()
    approved = journey.message("Privacy check approved; waiting for editorial approval.")
    journey.step("privacy-approved", {"the message": approved})

    # Editorial approval by another editor, from a phone: published, and the message links to the reply.
    page.context.clear_cookies()
    journey.log_in("second-editor", SECOND_EDITOR_PASSWORD)
    open_for_review(journey, page_id)
    journey.footer_action("Approve with comment and Publish")
    modal = page.get_by_role("dialog")
    modal.get_by_role("textbox").fill("A kind, clear reply.")
    modal.get_by_role("button", name="Approve with comment").click()
    published = journey.message("Published: ")
    full_url = query(lambda: LetterReplyPage.objects.get(pk=page_id).full_url)
    link = published.get_by_role("link", name=full_url)
    journey.step("published", {"the message's link": link})
    link.click()
    expect(page.locator("h1")).to_have_text(REPLY_TITLE)
    journey.step("published-reply", {"the reply's title": page.locator("h1")})


# The comment moderator ---------------------------------------------------------------------------------


@pytest.fixture
def comments_waiting(demo_site):
    posts = list(LetterReplyPage.objects.live().order_by("pk")[:2])
    made = {}

    def comment(name, body, post=0, reason=None, **fields):
        made[name] = Comment(page=posts[post], display_name=name, body=body, **fields)
        if reason:
            made[name].add_reason(*reason)
        made[name].save()

    comment("Rosa", "My son has a substance use disorder and we are finding it hard to stay hopeful.")
    comment("Ken", "You should just tell him to leave.", reason=(Comment.Reason.ADVICE, "\u201cyou should\u201d"))
    comment(
        "Pat", "Call me on 0161 496 0000 if you want to talk.", post=1, reason=(Comment.Reason.CONTACT, "0161 496 0000")
    )
    comment("Dealz", "Cheap pills at cheap-pills.shop", post=1, reason=(Comment.Reason.LINKS, "1 link"))
    comment("Spammy", "Great post, visit my site", status=Comment.Status.SPAM)
    return made


def filter_status(page, value):
    """Choose a status in the queue's filters (Wagtail's drop-down: "Show filters", then "Status")."""
    page.get_by_role("button", name="Show filters").click()
    status = page.locator("#id_status")
    if not status.is_visible():
        page.locator("button.w-drilldown__toggle[aria-controls='drilldown-id_status']").click()
    status.select_option(value)
    page.keyboard.press("Escape")


def test_moderator_journey(page, demo_site, screenshot_dir, comments_waiting, axe):
    journey = Journey(page, demo_site, screenshot_dir, "moderator", axe)
    journey.log_in("moderator", "moderator-demo")

    # A dashboard of their own: what waits and the way in; no search of pages they cannot see.
    panel = page.locator("#comment-moderation-section")
    expect(panel).to_contain_text("Waiting for a moderator")
    expect(panel.get_by_role("link", name="4 comments")).to_be_visible()
    expect(page.get_by_placeholder("Search all pages…")).to_have_count(0)
    journey.step(
        "dashboard",
        {
            "the count": panel.get_by_role("link", name="4 comments"),
            "the queue": panel.get_by_role("link", name="Open the moderation queue"),
        },
    )

    # The queue on a phone: every row's buttons in reach, and why each comment waits.
    panel.get_by_role("link", name="Open the moderation queue").click()
    heading = page.locator("#comment-queue-heading")
    expect(heading).to_have_text("Waiting for a moderator")
    rosa = page.locator("tr", has_text="Rosa")
    expect(rosa).to_contain_text("every comment is read before it is published")
    reach = {"the heading": heading}
    for name in ("Rosa", "Ken", "Pat", "Dealz"):
        row = page.locator("tr", has_text=name)
        reach[f"{name}'s select box"] = row.locator(".bulk-action-checkbox")
        for action in ("Approve", "Reject", "Spam"):
            reach[f"{action} for {name}"] = row.get_by_role("button", name=f"{action}: comment by {name}")
    journey.step("queue", reach, axe=True)

    # The status filter reloads the list alone: the heading and the bulk actions follow it.
    page.evaluate("window.stillTheSamePage = true")
    filter_status(page, "spam")
    expect(heading).to_have_text("Spam")
    expect(page).to_have_url(re.compile(r"status=spam"))
    page.locator("tr", has_text="Spammy").locator(".bulk-action-checkbox").check()
    footer = page.locator("[data-bulk-action-footer]")
    expect(footer.get_by_role("link", name="Restore the selected comments to pending")).to_be_visible()
    expect(footer.get_by_role("link", name="Approve the selected comments")).to_be_hidden()
    assert page.evaluate("window.stillTheSamePage === true"), "the filter reloaded the whole page"
    assert page.title().startswith("Comments: Spam")
    journey.step(
        "filtered-spam",
        {
            "the heading": heading,
            "Restore": footer.get_by_role("link", name="Restore the selected comments to pending"),
        },
        axe=True,
    )
    page.locator("tr", has_text="Spammy").locator(".bulk-action-checkbox").uncheck()
    filter_status(page, "")
    expect(heading).to_have_text("Waiting for a moderator")

    # Approve one comment on a phone.
    page.locator("tr", has_text="Rosa").get_by_role("button", name="Approve: comment by Rosa").click()
    approved = journey.message("Approved: the comment by Rosa.")
    journey.step("approved", {"the message": approved, "the heading": heading})

    # Mark two as spam in bulk on a phone: no "Restore" offered for pending comments.
    for name in ("Pat", "Dealz"):
        page.locator("tr", has_text=name).locator(".bulk-action-checkbox").check()
    spam = footer.get_by_role("link", name="Mark the selected comments as spam")
    expect(footer.get_by_role("link", name="Restore the selected comments to pending")).to_be_hidden()
    expect(footer).to_contain_text("2 items selected")
    journey.step(
        "bulk-selected",
        {"Mark as spam": spam, "Approve": footer.get_by_role("link", name="Approve the selected comments")},
    )
    spam.click()
    page.get_by_role("button", name="Yes, mark as spam").click()
    marked = journey.message("Marked as spam: 2 comments.")
    journey.step("bulk-spam", {"the message": marked})
    statuses = query(
        lambda: dict(
            Comment.objects.filter(display_name__in=["Pat", "Dealz", "Rosa"]).values_list("display_name", "status")
        )
    )
    assert statuses == {"Pat": "spam", "Dealz": "spam", "Rosa": "approved"}
