"""The Content Security Policy in a real browser: nothing on the public site is blocked, for a reader or for
staff (whose pages carry Wagtail's userbar); the JSON-LD data block is not treated as script; and the admin's
report-only policy blocks nothing there.
"""

from playwright.sync_api import expect

from blog.models import LetterReplyPage
from tests.browser.conftest import BROWSER_TEST
from tests.browser.test_editorial_workflow import log_in

pytestmark = BROWSER_TEST

# Injected by the browser itself before any page script, so the policy does not apply to it.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => window.__csp.push({
    directive: event.effectiveDirective, blocked: event.blockedURI, disposition: event.disposition,
    source: event.sourceFile, line: event.lineNumber,
}));
"""


def violations(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("window.__csp")


def public_urls(base_url):
    post = LetterReplyPage.objects.live().order_by("path").first()
    return [
        base_url + "/",
        base_url + post.url,
        base_url + "/write-to-us/",
        base_url + "/search/?query=module",
        base_url + "/account/login/",
    ]


def test_nothing_on_the_public_site_is_blocked_for_a_reader(browser, demo_site):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    for url in public_urls(demo_site):
        assert violations(page, url) == [], url
    # The post's JSON-LD is there, and was not reported as a blocked inline script.
    page.goto(public_urls(demo_site)[1])
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.evaluate("window.__csp") == []
    context.close()


def test_staff_see_the_public_site_and_the_admin_without_anything_blocked(browser, demo_site):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    log_in(page, demo_site, "editor", "editor-demo")
    # The admin is only reported on: whatever a strict policy would stop there still runs.
    enforced = [v for v in page.evaluate("window.__csp") if v["disposition"] == "enforce"]
    assert enforced == []
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Public pages with Wagtail's userbar (its own script and stylesheet files).
    for url in public_urls(demo_site)[:2]:
        assert violations(page, url) == [], url
        expect(page.locator("wagtail-userbar")).to_be_attached()
    context.close()
