"""Accessibility in a real browser: axe-core on every public page, keyboard use, and phones at 375 px.

Each test visits every page it checks on one live server (a demo site costs a few seconds to load, a
page visit a fraction of one). Failures are collected across pages and reported together, so one
broken page does not hide another.
"""

import re
from urllib.parse import urlsplit

import pytest

from blog.models import BlogIndexPage, LetterReplyPage, ModulePage
from discussion.models import Comment
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
LETTER_ERRORS = "letter form (errors)"


# Database work is done in fixtures, before the browser starts (see conftest).
@pytest.fixture
def public_pages(demo_site):
    """The public pages to check, name -> path; the writer page is found from a byline in the browser."""
    blog_index = BlogIndexPage.objects.live().get()
    post = (
        LetterReplyPage.objects.live().public().filter(referenced_modules__isnull=False).order_by("-date", "pk").first()
    )
    # The post shows a comment thread as well as the comment form.
    first = Comment.objects.create(
        page=post, display_name="Morgan", body="This helped us a lot. Thank you.", status="approved"
    )
    Comment.objects.create(page=post, parent=first, display_name="Sam", body="Same for our family.", status="approved")
    tag = post.tags.order_by("name").first()
    module = ModulePage.objects.live().public().filter(cited_by__isnull=False).distinct().order_by("number").first()
    return {
        "home": "/",
        "blog index": blog_index.url,
        "post": post.url,
        "tag": blog_index.url + blog_index.reverse_subpage("tag_view", args=[tag.slug]),
        "module index": module.get_parent().url,
        "module": module.url,
        "writer": None,
        "search results": "/search/?query=family",
        "letter form": "/write-to-us/",
        LETTER_ERRORS: "/write-to-us/",
        "404": "/no-such-page/",
    }


def writer_path(page, demo_site, post_path):
    """The staff writer page, as a reader finds it: from the byline on a post."""
    page.goto(demo_site + post_path)
    byline = page.locator("main a[href*='/writer/']")
    assert byline.count(), f"no link to a staff writer page on {post_path}"
    return urlsplit(byline.first.get_attribute("href")).path


def visit(page, demo_site, name, path):
    """Open a page the way a reader reaches it and check it is the page meant (not an error page by accident)."""
    response = page.goto(demo_site + path)
    expected = 404 if name == "404" else 200
    assert response.status == expected, f"{name}: {path} answered {response.status}, expected {expected}"
    if name == LETTER_ERRORS:
        # The form uses novalidate: an empty submission comes back from the server with its errors shown.
        page.get_by_role("button", name="Send my letter").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").is_visible()
        assert page.locator(".field--error").count() >= 2


def each_page(page, demo_site, public_pages):
    """Yield (name, path) after opening each page."""
    for name, path in public_pages.items():
        if path is None:
            path = writer_path(page, demo_site, public_pages["post"])
        visit(page, demo_site, name, path)
        yield name, path


def blocking_violations(axe, page, name, path):
    blocking = [v for v in axe.run(page, name) if v["impact"] in axe.blocking]
    return [f"{name} ({path}):\n{axe.describe(blocking)}"] if blocking else []


# Where the header's parts sit: the same rows on every page at desktop width, whatever the menu marks current.
HEADER_LAYOUT = """() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const name = box(".site-name"), write = box(".site-header__write"), nav = box(".site-nav");
    return {nameTop: name.top, nameBottom: name.bottom, writeTop: write.top, navTop: nav.top,
            navHeight: nav.height, navLeft: nav.left};
}"""


def test_every_public_page_passes_axe_and_fits_a_phone(axe, page, demo_site, public_pages, screenshot_dir):
    """Each page once: axe at desktop width, then at 375 px axe again (the layout changes) and no sideways scroll.

    At desktop width each page's header is also measured: the same rows everywhere (name and "Write to us",
    then the menu on one line), so it never wraps one way on a tag page and another on the home page.
    """
    violations, too_wide, headers = [], [], {}
    for name, path in each_page(page, demo_site, public_pages):
        page.set_viewport_size(DESKTOP)
        violations += blocking_violations(axe, page, name, path)
        headers[name] = page.evaluate(HEADER_LAYOUT)

        page.set_viewport_size(PHONE)
        violations += blocking_violations(axe, page, f"{name} @375", path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            # Name the elements that stick out, so the failure says what to fix.
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll("body *")]
                    .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
                    .slice(0, 5)
                    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))""",
                PHONE["width"],
            )
            too_wide.append(f"{name} ({path}): scrollWidth {width}, wider: {culprits}")
        # For a person to judge "readable": phone-home.png, phone-letter-form-errors.png, ...
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=screenshot_dir / f"phone-{slug}.png", full_page=True)
    assert not violations, "serious or critical axe-core violations:\n" + "\n".join(violations)
    assert not too_wide, "pages that scroll sideways at 375 px:\n" + "\n".join(too_wide)
    home = headers["home"]
    for name, header in headers.items():
        assert abs(header["writeTop"] - home["writeTop"]) < 1, f"{name}: 'Write to us' moved: {header}"
        assert header["navTop"] >= header["nameBottom"], f"{name}: the menu is not on its own row: {header}"
        # One line of menu, where the home page has it (pages without the header search sit 2 px higher).
        assert header["navHeight"] == home["navHeight"], f"{name}: the menu wraps differently: {header}"
        assert abs(header["navTop"] - home["navTop"]) <= 2 and header["navLeft"] == home["navLeft"], (name, header)


# Keyboard -------------------------------------------------------------------

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.innerText || "").trim().slice(0, 40),
        name: el.getAttribute("name"),
    };
}"""

FOCUS_STYLE = """() => {
    const s = getComputedStyle(document.activeElement);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return {outline: outline, boxShadow: s.boxShadow, visible: outline || s.boxShadow !== "none"};
}"""

# A group of radio buttons is one stop, as browsers make it: the checked one (else the first); arrows move within.
TAB_STOPS = """(selector) => [...document.querySelector(selector).querySelectorAll(
        "a[href], input, textarea, select, button")]
    .filter((el) => el.type !== "hidden" && el.tabIndex >= 0 && !el.disabled && el.getClientRects().length)
    .filter((el) => {
        if (el.type !== "radio") return true;
        const group = [...el.form.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
        return el.checked || (!group.some((r) => r.checked) && group[0] === el);
    })
    .map((el) => el.id || el.name || el.textContent.trim())"""

INSIDE = "(selector) => document.querySelector(selector).contains(document.activeElement)"
FOCUSED_KEY = "() => { const el = document.activeElement; return el.id || el.name || el.textContent.trim(); }"


def tab_out_of(page, selector, key="Tab", limit=30):
    """Press `key` from inside the element until focus leaves it; the keys of the controls passed on the way."""
    visited = []
    for _ in range(limit):
        if not page.evaluate(INSIDE, selector):
            return visited
        visited.append(page.evaluate(FOCUSED_KEY))
        page.keyboard.press(key)
    pytest.fail(f"keyboard trap: {limit} presses of {key} did not leave {selector} (stuck on {visited[-3:]})")


def assert_no_keyboard_trap(page, form_selector):
    stops = page.evaluate(TAB_STOPS, form_selector)
    assert len(stops) >= 3, stops
    page.locator(form_selector).locator("textarea, input:not([type=hidden])").first.focus()
    forward = tab_out_of(page, form_selector)
    assert set(stops) <= set(forward), f"Tab skipped {set(stops) - set(forward)} in {form_selector}"
    # And back: from the last control, Shift+Tab walks out above the form.
    page.locator(form_selector).locator("button[type=submit]").focus()
    backward = tab_out_of(page, form_selector, key="Shift+Tab")
    assert set(stops) <= set(backward), f"Shift+Tab skipped {set(stops) - set(backward)} in {form_selector}"


def test_keyboard_skip_link_visible_focus_and_no_traps(page, demo_site, public_pages):
    # From the top of the page, the first Tab lands on the skip link, which shows itself.
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["cls"] == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0 and box["height"] > 10, box
    assert page.evaluate(FOCUS_STYLE)["visible"]

    # Activating it moves focus to the main content: the next Tab goes to the first link in main.
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    focused_link = page.evaluate(FOCUSED)
    assert focused_link["tag"] == "a", focused_link
    assert page.evaluate(FOCUS_STYLE)["visible"], f"no visible focus style on {focused_link}"

    # A focused button is visibly styled too (the header search's button).
    page.locator("#site-search-query").focus()
    page.keyboard.press("Tab")
    focused_button = page.evaluate(FOCUSED)
    assert focused_button["tag"] == "button", focused_button
    assert page.evaluate(FOCUS_STYLE)["visible"], f"no visible focus style on {focused_button}"

    # No traps: Tab and Shift+Tab pass every control of the comment form and the letter form, and leave them.
    page.goto(demo_site + public_pages["post"])
    assert_no_keyboard_trap(page, "form[data-comment-form]")
    page.goto(demo_site + public_pages["letter form"])
    assert_no_keyboard_trap(page, "form.letter-form")
