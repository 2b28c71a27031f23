"""A reader's first steps through the demo site in a real browser."""

import re

from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


def test_home_to_a_post_to_a_module(page, demo_site, screenshot_dir):
    page.goto(demo_site + "/")
    page.screenshot(path=screenshot_dir / "home-desktop.png", full_page=True)
    page.get_by_role("link", name=re.compile("Rewarding the good days")).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Rewarding the good days")
    assert page.get_by_role("heading", name="Modules referenced in this reply").is_visible()
    page.screenshot(path=screenshot_dir / "post-desktop.png", full_page=True)

    module_link = page.locator("main a.module-link").first
    module_link.click()
    page.wait_for_load_state()
    assert re.search(r"module \d", page.locator("h1").inner_text(), re.IGNORECASE)
    assert page.get_by_role("heading", name="Discussions that draw on this module").is_visible()


def test_post_fits_a_phone(page, demo_site, screenshot_dir):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(demo_site + "/discussion-blog/")
    page.locator("main .card__title a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_dir / "post-375.png", full_page=True)
