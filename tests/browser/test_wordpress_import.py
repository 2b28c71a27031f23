"""Bringing the WordPress archive over, as an administrator does it in the admin, then as a reader finds it.

The administrator uploads tests/data/wordpress/discussion-blog.xml on Settings > WordPress
import and watches the run's page follow the import to its report; the worker (run here
in-process, as `db_worker` runs it in production) does the import meanwhile. A reader then
opens an old WordPress address and lands on the imported reply, with its comments.
"""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST
from tests.mailqueue import run_worker
from wpimport.models import ImportRun

pytestmark = BROWSER_TEST

DATA = Path(__file__).resolve().parents[1] / "data" / "wordpress"
PASSWORD = "import-archive-pw"


def test_an_administrator_imports_the_archive_and_a_reader_follows_an_old_link(
    demo_site, browser, settings, screenshot_dir
):
    settings.WPIMPORT_MEDIA_DIR = str(DATA / "uploads")
    get_user_model().objects.create_superuser("archivist", "archivist@example.org", PASSWORD)

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.set_default_timeout(20_000)
    admin.goto(demo_site + "/admin/login/")
    admin.get_by_label("Username").fill("archivist")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin).to_have_url(demo_site + "/admin/")

    # Settings > WordPress import, the way an administrator finds it.
    admin.get_by_role("button", name="Settings").click()
    admin.get_by_role("link", name="WordPress import").click()
    expect(admin.get_by_role("heading", name="WordPress import")).to_be_visible()
    admin.get_by_label("WordPress export file").set_input_files(str(DATA / "discussion-blog.xml"))
    admin.get_by_role("button", name="Upload and import").click()

    # The run's page: waiting for the worker, following the import by itself.
    expect(admin.locator("#wpimport-state")).to_contain_text("Waiting for the worker")
    expect(admin.locator("#wpimport-bar")).to_be_visible()
    run_worker()
    expect(admin.locator("#wpimport-state")).to_contain_text("Finished", timeout=30_000)
    report = admin.locator(".wpimport-report")
    expect(report).to_contain_text("post: created 7, created as a plain page 2, skipped 2")
    expect(report).to_contain_text("in the WordPress trash")
    admin.screenshot(path=str(screenshot_dir / "wordpress-import-report.png"), full_page=True)
    assert ImportRun.objects.get().state == ImportRun.State.DONE

    # A reader follows a link to the old WordPress site's address of the post.
    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    reader.goto(demo_site + "/2019/05/03/tapering-off-fentanyl/")
    expect(reader).to_have_url(re.compile(r"/discussion-blog/tapering-off-fentanyl/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Tapering off fentanyl: what do we say?")
    expect(reader.locator(".letter")).to_contain_text("Our 35-year-old son is tapering off fentanyl")
    comments = reader.locator("#comments")
    expect(comments).to_contain_text("Level 1 of the thread")
    expect(comments).to_contain_text("Level 10 of the thread")
    expect(comments).not_to_contain_text("Still waiting for moderation.")  # pending stays hidden
    reader.screenshot(path=str(screenshot_dir / "wordpress-import-reader.png"), full_page=True)

    # The old "?p=" link lands on the same reply.
    reader.goto(demo_site + "/?p=101")
    expect(reader).to_have_url(re.compile(r"/discussion-blog/tapering-off-fentanyl/$"))
