"""Importing a WordPress Discussion Blog: posts into letters and replies, comments and threads,
media, pages, redirects, the report, and a second import that changes nothing.

tests/data/wordpress/discussion-blog.xml is a small export written for these tests: a
classic-editor post with a quoted letter, a ten-level comment thread and a comment of each
status; a block-editor post with a quote-block letter; a post in each WordPress status; a
post without a letter; pages in a hierarchy; menu items; images, a document, a missing file
and a file type the site refuses. The copy of wp-content/uploads is beside it.
"""

import io
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision

from blog.models import ContentPage, LetterReplyPage, StaffWriter
from discussion.models import Comment
from discussion.ratelimit import address_hash
from outbox.models import OutboundEmail
from tests.factories import LetterReplyPageFactory, ModulePageFactory, privacy_checked
from wpimport.models import ImportedObject

DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT = DATA / "discussion-blog.xml"
UPLOADS = DATA / "uploads"


def run_import(export=EXPORT, *args, media=True):
    out = io.StringIO()
    options = ["--media-dir", str(UPLOADS)] if media else []
    call_command("import_wordpress", str(export), "--no-download", *options, *args, stdout=out)
    return out.getvalue()


def import_report(tmp_dir, export=EXPORT, *args):
    path = Path(tmp_dir) / "report.json"
    run_import(export, "--report", str(path), *args)
    return json.loads(path.read_text())


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "comments": Comment.objects.count(),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "redirects": Redirect.objects.count(),
        "writers": StaffWriter.objects.count(),
        "mappings": ImportedObject.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
    }


def post(wp_id):
    return ImportedObject.objects.get(kind="post", wp_id=wp_id).target.specific


def comment(wp_id):
    return Comment.objects.get(pk=ImportedObject.objects.get(kind="comment", wp_id=wp_id).object_id)


class ImportedBlogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for number in (4, 5, 6, 7):
            ModulePageFactory(number=number, title=f"Module {number} topic")
        cls.output = run_import()
        cls.classic = post(101)
        cls.block = post(102)

    # Posts -> letters and replies ----------------------------------------------------------------

    def test_a_classic_post_is_split_into_letter_pen_name_and_reply(self):
        reply = self.classic
        assert isinstance(reply, LetterReplyPage)
        assert reply.title == "Tapering off fentanyl: what do we say?"
        assert reply.pen_name == "Cwfranklin"
        # The quoted paragraphs, without the quotation marks that marked them, emphasis kept.
        assert reply.letter == (
            "<p>Our 35-year-old son is tapering off fentanyl and we don't know what to say to him.</p>"
            "<p>We have read about CRAFT. <i>How</i> do we approach this with him without pushing him away?</p>"
        )
        # The introduction before the letter is the standfirst (the post has no excerpt).
        assert reply.standfirst == "Our member wrote to us this month about tapering, a question many families share."
        kinds = [block.block_type for block in reply.reply]
        assert kinds == ["paragraph", "heading", "paragraph", "image", "heading", "paragraph"]
        first = reply.reply[0].value.source
        assert first.startswith("<p>Hi Cwfranklin,</p>")
        assert "<b>It is hard</b> to know what to say.<br/>Many families feel the same way." in first
        assert [b.value for b in reply.reply if b.block_type == "heading"] == ["Start with listening", "Rewards"]

    def test_scripts_iframes_event_handlers_and_javascript_links_are_removed(self):
        stored = json.dumps(list(self.classic.reply.raw_data)) + self.classic.letter
        for unsafe in ("<script", "evil.example", "onclick", "javascript:", "<iframe", "steal()"):
            assert unsafe not in stored
        assert "Click here" in stored  # the link's text stays, as text
        response = self.client.get(self.classic.url)
        assert "We are here for you." in response.text

    def test_shortcodes_never_show_raw_and_a_caption_becomes_an_image_with_its_caption(self):
        stored = json.dumps(list(self.classic.reply.raw_data))
        assert "[gallery" not in stored and "[caption" not in stored and "[/caption]" not in stored
        image_block = next(block for block in self.classic.reply if block.block_type == "image")
        assert image_block.value["caption"] == "Meals together are a good time to talk"
        image = image_block.value["image"]
        assert image.title == "family-dinner"
        assert image.contextual_alt_text == "A family at the dinner table"
        html = self.client.get(self.classic.url).text
        assert "Meals together are a good time to talk" in html
        assert 'alt="A family at the dinner table"' in html

    def test_a_block_editor_post_reads_its_quote_block_as_the_letter(self):
        reply = self.block
        assert reply.letter == (
            "<p>My daughter is 28 and drinks every night. When I say no to money she stops speaking to me.</p>"
            "<p>How do I set a boundary and keep her close?</p>"
        )
        assert reply.pen_name == "Carolyn P."
        assert reply.standfirst == "How to say no to money and still keep a daughter close."  # the excerpt
        paragraphs = " ".join(b.value.source for b in reply.reply if b.block_type == "paragraph")
        assert "<ul><li>Say what <i>you</i> will do, not what she must do.</li>" in paragraphs
        assert "<!-- wp:" not in json.dumps(list(reply.reply.raw_data))
        assert "onmouseover" not in paragraphs and "We are with you." in paragraphs
        image = next(b for b in reply.reply if b.block_type == "image").value
        assert image["caption"] == "A walk can be a calm place to talk"
        # No alt text in the post: the attachment's own alt text is used.
        assert image["image"].contextual_alt_text == "Two people walking in a park"

    def test_links_to_imported_posts_and_files_are_rewritten_to_the_new_objects(self):
        block_text = " ".join(b.value.source for b in self.block.reply if b.block_type == "paragraph")
        handout = Document.objects.get(title="CRAFT handout")
        assert f'<a linktype="document" id="{handout.pk}">our CRAFT handout</a>' in block_text
        assert f'<a linktype="page" id="{self.classic.pk}">our reply on tapering</a>' in block_text
        # A link to a post further down the export is rewritten too, once that post exists.
        classic_text = " ".join(b.value.source for b in self.classic.reply if b.block_type == "paragraph")
        assert f'<a linktype="page" id="{self.block.pk}">our reply about boundaries</a>' in classic_text
        html = self.client.get(self.classic.url).text
        assert f'href="{self.block.url}"' in html
        # The import's revision carries the same links: no second revision for one import.
        assert self.classic.revisions.count() == 1
        in_revision = " ".join(
            b.value.source for b in self.classic.latest_revision.as_object().reply if b.block_type == "paragraph"
        )
        assert f'<a linktype="page" id="{self.block.pk}">our reply about boundaries</a>' in in_revision

    def test_the_author_becomes_a_staff_writer_without_an_admin_account(self):
        assert self.classic.writer.name == "Jane Smith"
        assert self.block.writer.name == "Marcus Lee"
        assert self.classic.writer.user is None
        from django.contrib.auth import get_user_model

        assert not get_user_model().objects.filter(username__in=["jsmith", "mlee"]).exists()

    def test_tags_and_categories_become_tags(self):
        names = set(self.classic.tags.values_list("name", flat=True))
        assert names == {"tapering", "Communication", "Discussion Blog"}  # "Uncategorized" is no topic

    def test_module_mentions_become_cross_references(self):
        assert sorted(m.number for m in self.classic.referenced_modules.all()) == [4, 5, 6]
        assert sorted(m.number for m in self.block.referenced_modules.all()) == [7]

    def test_the_reply_records_that_it_came_from_the_archive(self):
        assert self.classic.imported_from == "https://blog.example.org/2019/05/03/tapering-off-fentanyl/"

    def test_a_post_without_a_letter_is_never_given_one(self):
        page = post(110)
        assert isinstance(page, ContentPage)
        assert page.live and page.get_parent().specific_class.__name__ == "BlogIndexPage"
        assert "From March our family support group meets every Tuesday at 7pm." in page.body[0].value.source

    # Statuses and dates ----------------------------------------------------------------------------

    def test_published_posts_are_live_with_their_original_date(self):
        assert self.classic.live
        assert self.classic.first_published_at == datetime(2019, 5, 3, 8, 30, tzinfo=UTC)
        assert self.classic.date.isoformat() == "2019-05-03"
        assert self.block.first_published_at == datetime(2020, 1, 15, 19, 0, tzinfo=UTC)
        assert self.classic.live_revision == self.classic.latest_revision
        assert not self.classic.has_unpublished_changes
        # In the page's history, as a publication.
        assert PageLogEntry.objects.filter(page=self.classic, action="wagtail.publish").count() == 1

    def test_drafts_and_pending_posts_are_drafts_dated_in_the_sites_time_zone(self):
        draft, pending = post(103), post(104)
        assert not draft.live and not pending.live
        assert draft.has_unpublished_changes
        # No GMT date in WordPress: the local date in the site's time zone.
        assert draft.date.isoformat() == "2020-02-01"
        assert draft.slug == "a-draft-about-relapse"  # WordPress gave the draft no slug

    def test_a_future_post_is_scheduled_for_its_date(self):
        scheduled = post(105)
        assert not scheduled.live
        assert scheduled.latest_revision.approved_go_live_at == datetime(2099, 12, 1, 14, 0, tzinfo=UTC)

    def test_a_private_post_is_shown_to_editors_only(self):
        private = post(106)
        assert private.live
        restriction = PageViewRestriction.objects.get(page=private)
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.all()) == [Group.objects.get(name="Editors")]
        response = self.client.get(private.url)
        assert response.status_code == 302 and "login" in response["Location"]

    def test_a_password_protected_post_keeps_its_password(self):
        protected = post(107)
        restriction = PageViewRestriction.objects.get(page=protected)
        assert restriction.restriction_type == PageViewRestriction.PASSWORD
        assert restriction.password == "family123"
        response = self.client.get(protected.url)
        assert "password" in response.text.lower()
        assert "Thank you for your letter" not in response.text

    def test_trash_auto_drafts_menus_and_other_types_are_skipped_and_reported(self):
        assert not ImportedObject.objects.filter(wp_id__in=[108, 109, 401, 402, 501]).exists()
        assert "in the WordPress trash" in self.output
        assert "an automatic draft WordPress never showed" in self.output
        assert "navigation menu item: skipped 2" in self.output

    # Comments -----------------------------------------------------------------------------------------

    def test_comment_statuses_map_and_pingbacks_are_counted_not_imported(self):
        assert comment(1001).status == Comment.Status.APPROVED
        assert comment(1011).status == Comment.Status.PENDING
        assert comment(1012).status == Comment.Status.SPAM
        assert comment(1013).status == Comment.Status.REJECTED
        assert not ImportedObject.objects.filter(kind="comment", wp_id__in=[1014, 1015]).exists()
        assert "skipped (pingbacks are not comments) 1" in self.output
        assert "skipped (trackbacks are not comments) 1" in self.output

    def test_a_ten_level_thread_is_kept_whole_in_order_at_the_sites_depth(self):
        thread = [comment(1001 + level) for level in range(10)]
        top = thread[0]
        assert top.parent_id is None
        for level, reply in enumerate(thread[1:], start=2):
            assert reply.parent_id == top.pk  # replies go one level deep here
            # ... and each still knows the comment it answered.
            expected = None if level == 2 else thread[level - 2].pk
            assert reply.replying_to_id == expected, level
        html = self.client.get(self.classic.url).text
        positions = [html.index(f"Level {n} of the thread") for n in range(1, 11)]
        assert positions == sorted(positions)  # shown in date order, none lost

    def test_name_email_and_date_are_kept_and_the_ip_address_never(self):
        first = comment(1001)
        assert first.display_name == "Reader 1"
        assert first.email == "reader1@example.net"
        assert first.created_at == datetime(2019, 5, 4, 12, 0, tzinfo=UTC)
        # Older than the retention period: not even the hash is kept.
        assert first.ip_hash == ""
        assert not Comment.objects.filter(ip_hash__contains="203.0.113").exists()
        assert not Comment.objects.filter(body__contains="203.0.113").exists()

    def test_the_posts_author_replying_is_a_staff_reply(self):
        assert comment(1017).is_staff_reply
        assert not comment(1001).is_staff_reply
        assert comment(1017).body == "Thank you, Reader 1. We read every comment."

    def test_imported_comments_are_not_held_again_and_moderators_get_no_email(self):
        held = comment(1016)
        assert held.status == Comment.Status.APPROVED
        assert held.hold_reasons == []
        assert not OutboundEmail.objects.exists()

    def test_comments_on_a_post_that_became_a_plain_page_are_reported(self):
        assert not ImportedObject.objects.filter(kind="comment", wp_id=3001).exists()
        assert "1 comment(s) not imported" in self.output

    # Media --------------------------------------------------------------------------------------------

    def test_images_and_documents_come_from_the_media_folder_with_their_alt_text(self):
        photo = Image.objects.get(title="family-dinner")
        assert (photo.width, photo.height) == (640, 400)
        assert photo.description == "A family at the dinner table"
        assert Document.objects.get(title="CRAFT handout").file.name.endswith(".pdf")
        assert "lost-photo" in self.output and "file missing" in self.output
        assert "a .mp3 file, a type this site does not accept" in self.output

    def test_the_featured_image_is_shown_on_the_card_and_as_the_link_preview(self):
        assert self.classic.featured_image.title == "family-dinner"
        index = self.client.get(self.classic.get_parent().url).text
        card = index[index.index(self.classic.title) - 800 : index.index(self.classic.title)]
        assert 'class="card__image"' in card and "family-dinner" in card
        head = self.client.get(self.classic.url).text
        preview = re.search(r'<meta property="og:image" content="([^"]+)"', head).group(1)
        assert preview.startswith("http") and "family-dinner" in preview and "fill-1200x630" in preview
        assert '<meta property="og:image:alt" content="A family at the dinner table">' in head

    # Pages ----------------------------------------------------------------------------------------------

    def test_pages_become_content_pages_in_their_hierarchy_and_menu_order(self):
        about = ImportedObject.objects.get(kind="page", wp_id=301).target
        children = [page.title for page in about.get_children()]
        assert children == ["Contact", "Our team"]  # menu order 1, then 2
        assert about.get_parent().pk == self.classic.get_parent().get_parent().pk  # under the home page
        assert not ImportedObject.objects.get(kind="page", wp_id=304).target.live
        contact = ImportedObject.objects.get(kind="page", wp_id=303).target.specific
        assert "[contact-form-7" not in json.dumps(list(contact.body.raw_data))
        assert self.client.get(about.url).status_code == 200

    # Redirects ------------------------------------------------------------------------------------------

    def test_old_addresses_redirect_permanently_to_the_imported_reply(self):
        for old in (
            "/2019/05/03/tapering-off-fentanyl/",
            "/2019/05/03/tapering-off-fentanyl",
            "/?p=101",
            "/?p=101&utm_source=newsletter",
        ):
            response = self.client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == self.classic.url, old
        response = self.client.get("/?page_id=301")
        assert response.status_code == 301
        assert response["Location"] == ImportedObject.objects.get(kind="page", wp_id=301).target.url

    def test_old_file_addresses_redirect_to_the_imported_files(self):
        photo = Image.objects.get(title="family-dinner")
        for old in (
            "/wp-content/uploads/2019/05/family-dinner.jpg",
            "/wp-content/uploads/2019/05/family-dinner-300x188.jpg",
        ):
            response = self.client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == photo.file.url, old
        response = self.client.get("/wp-content/uploads/2020/01/craft-handout.pdf")
        assert response["Location"] == Document.objects.get(title="CRAFT handout").url

    def test_an_unknown_old_id_is_still_the_home_page(self):
        assert self.client.get("/?p=999999").status_code == 200
        assert self.client.get("/?p=not-a-number").status_code == 200

    # Search and related posts ---------------------------------------------------------------------------

    def test_imported_posts_are_searchable_and_related(self):
        results = self.client.get("/search/", {"query": "fentanyl"}).text
        assert "1 result for" in results and f'href="{self.classic.url}"' in results
        written_here = LetterReplyPageFactory(tags=["tapering"])
        related = self.client.get(self.classic.url).context["related_posts"]
        # The imported post sharing a topic is related, as a reply written here is.
        assert [reply.pk for reply in related] == [written_here.pk, self.block.pk]

    # Idempotence -----------------------------------------------------------------------------------------

    def test_the_page_tree_is_whole(self):
        # treebeard's own check: paths, depths and each parent's count of children all agree.
        assert all(problems == [] for problems in Page.find_problems())
        blog = LetterReplyPage.objects.first().get_parent()
        assert blog.numchild == blog.get_children().count()
        paths = list(blog.get_children().values_list("path", flat=True))
        assert len(paths) == len(set(paths))

    def test_importing_the_same_export_again_changes_nothing(self):
        before = counts()
        output = run_import()
        assert counts() == before
        assert "post: skipped 2, unchanged 9" in output
        assert (
            "comment: skipped (pingbacks are not comments) 1, skipped (trackbacks are not comments) 1, unchanged 16"
            in output
        )


@pytest.mark.django_db
def test_a_newer_export_updates_changed_posts_with_a_revision_and_adds_new_comments(tmp_path):
    run_import()
    classic = post(101)
    revisions = classic.revisions.count()
    before = counts()
    newer = EXPORT.read_text()
    newer = newer.replace(
        "<title><![CDATA[Tapering off fentanyl: what do we say?]]></title>",
        "<title><![CDATA[Tapering off fentanyl: what do we say to him?]]></title>",
    )
    newer = newer.replace(
        "</wp:comment>\n\t</item>",
        "</wp:comment>\n"
        "\t\t<wp:comment><wp:comment_id>1099</wp:comment_id><wp:comment_author>New Reader</wp:comment_author>"
        "<wp:comment_date_gmt>2020-03-01 10:00:00</wp:comment_date_gmt><wp:comment_content>A new comment."
        "</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>1005"
        "</wp:comment_parent></wp:comment>\n\t</item>",
        1,
    )
    path = tmp_path / "newer.xml"
    path.write_text(newer)
    output = run_import(path)
    classic = post(101)
    assert classic.title == "Tapering off fentanyl: what do we say to him?"
    assert classic.live and classic.revisions.count() == revisions + 1
    assert "post: skipped 2, unchanged 8, updated 1" in output
    after = counts()
    assert after["comments"] == before["comments"] + 1
    assert after["revisions"] == before["revisions"] + 1
    assert after["pages"] == before["pages"]
    new = comment(1099)
    assert new.parent_id == comment(1001).pk and new.replying_to_id == comment(1005).pk


@pytest.mark.django_db
def test_a_post_edited_here_since_the_import_is_not_overwritten(tmp_path):
    run_import()
    classic = post(101)
    classic.title = "Edited by an editor here"
    privacy_checked(classic.save_revision()).publish()
    newer = tmp_path / "newer.xml"
    newer.write_text(EXPORT.read_text().replace("what do we say?", "what now?"))
    output = run_import(newer)
    assert post(101).title == "Edited by an editor here"
    assert "edited here since the last import" in output


@pytest.mark.django_db
def test_a_dry_run_reports_the_same_and_keeps_nothing(tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    before = counts()
    (tmp_path / "dry").mkdir()
    dry = import_report(tmp_path / "dry", EXPORT, "--dry-run")
    assert dry["dry_run"] is True
    assert counts() == before
    assert not [path for path in media.rglob("*") if path.is_file()]  # no file left behind
    real = import_report(tmp_path)
    assert real["outcomes"] == dry["outcomes"]
    assert real["found"] == dry["found"]


@pytest.mark.django_db
def test_the_report_lists_what_the_current_rules_would_hold_and_never_personal_data(tmp_path):
    report = import_report(tmp_path)
    held = report["comments_the_current_rules_would_hold"]
    assert [entry["wp_id"] for entry in held] == [1016]
    assert held[0]["reasons"] == ["Contact details (email or phone)", "Advice-giving"]
    text = json.dumps(report)
    for private in ("reader1@example.net", "harry@example.net", "203.0.113.7", "555-123-4567", "jane@example.org"):
        assert private not in text
    assert report["found"]["post"] == {
        "auto-draft": 1, "draft": 1, "future": 1, "pending": 1, "private": 1, "publish": 5, "trash": 1,
    }  # fmt: skip
    assert report["unknown_shortcodes"] == {"gallery": 1, "contact-form-7": 1}
    categories = report["warning_counts"]
    assert categories["letter not found"] == 2 and categories["missing media"] == 1


@pytest.mark.django_db
def test_a_recent_comment_keeps_the_keyed_hash_of_its_address_only(tmp_path):
    today = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    recent = re.sub(
        r"<wp:comment_date_gmt><!\[CDATA\[2019-05-04 12:00:00\]\]>",
        f"<wp:comment_date_gmt><![CDATA[{today}]]>",
        EXPORT.read_text(),
    )
    path = tmp_path / "recent.xml"
    path.write_text(recent)
    run_import(path)
    first = comment(1001)
    assert first.ip_hash == address_hash("203.0.113.7")
    assert "203.0.113.7" not in json.dumps(list(Comment.objects.values()), default=str)


@pytest.mark.django_db
def test_imported_commenters_are_covered_by_export_and_erase(tmp_path):
    run_import()
    out = io.StringIO()
    call_command("export_commenter", "--email", "reader3@example.net", stdout=out)
    exported = json.loads(out.getvalue())
    assert [c["comment"] for c in exported["comments"]] == ["Level 3 of the thread. Thank you for this."]
    # The comment it answered, not only the first comment it sits under.
    assert exported["comments"][0]["in_reply_to"] == comment(1002).pk
    call_command("erase_commenter", "--email", "reader3@example.net", "--delete-bodies", stdout=io.StringIO())
    # Reader 4 answered Reader 3: Reader 3's comment keeps its place, without its text or name.
    kept = comment(1003)
    assert kept.email == "" and kept.display_name == "Former reader"
    assert "Level 3" not in kept.body


@pytest.mark.django_db
def test_a_blog_category_keeps_other_posts_out_and_is_no_tag():
    output = run_import(EXPORT, "--blog-category", "Discussion Blog")
    assert not ImportedObject.objects.filter(kind="post", wp_id=111).exists()
    assert "not in the category" in output
    assert set(post(101).tags.values_list("name", flat=True)) == {"tapering", "Communication"}


@pytest.mark.django_db
def test_unknown_category_folder_and_time_zone_are_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="No category .Recipes. in this export .it has: Discussion Blog, Newsletter"):
        run_import(EXPORT, "--blog-category", "Recipes")
    with pytest.raises(CommandError, match="No such folder"):
        call_command("import_wordpress", str(EXPORT), "--media-dir", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="Unknown time zone"):
        call_command("import_wordpress", str(EXPORT), "--timezone", "Mars/Olympus")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_wordpress", str(tmp_path / "missing.xml"))
    assert not Page.objects.filter(title__startswith="Tapering").exists()


@pytest.mark.django_db
def test_without_a_media_folder_files_are_downloaded_from_the_site_when_reachable(tmp_path):
    """The export's own site serves its uploads (here a local server standing in for it)."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    shutil.copytree(UPLOADS, site / "wp-content" / "uploads")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        export = tmp_path / "served.xml"
        export.write_text(EXPORT.read_text().replace("https://blog.example.org", base))
        out = io.StringIO()
        call_command("import_wordpress", str(export), stdout=out)
    finally:
        server.shutdown()
    assert Image.objects.get(title="family-dinner").width == 640
    assert Document.objects.filter(title="CRAFT handout").exists()
    assert "2018/02/lost-photo.jpg" in out.getvalue() or "lost-photo" in out.getvalue()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
@pytest.mark.django_db
def test_files_over_the_upload_limit_are_reported_not_imported():
    output = run_import()
    assert not Image.objects.exists()
    assert "larger than the upload limit" in output


@pytest.mark.django_db
def test_followers_hear_nothing_of_the_archive_but_do_of_a_reply_written_here(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.models import Subscriber, Subscription
    from tests.mailqueue import run_worker

    follower = Subscriber.objects.create(email="follower@example.org", confirmed_at=timezone.now())
    follower.subscriptions.create(kind=Subscription.Kind.ALL)
    with django_capture_on_commit_callbacks(execute=True):
        run_import()
        privacy_checked(LetterReplyPageFactory(title="Written here").save_revision()).publish()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    announced = OutboundEmail.objects.filter(recipient="follower@example.org")
    assert [email.subject for email in announced] == [announced.get().subject]
    assert "Written here" in announced.get().subject


@pytest.mark.django_db
def test_without_a_gmt_date_the_local_date_is_read_in_the_given_time_zone(tmp_path):
    export = tmp_path / "no-gmt.xml"
    export.write_text(
        EXPORT.read_text().replace(
            "<wp:post_date_gmt><![CDATA[2019-05-03 08:30:00]]></wp:post_date_gmt>",
            "<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>",
        )
    )
    run_import(export, "--timezone", "America/New_York")
    # 09:30 in New York in May is 13:30 GMT.
    assert post(101).first_published_at == datetime(2019, 5, 3, 13, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_a_post_deleted_here_is_imported_again_and_nothing_else_doubles():
    run_import()
    post(102).delete()
    before = counts()
    run_import()
    again = post(102)
    assert again.title == "Setting boundaries with an adult daughter" and again.live
    assert ImportedObject.objects.filter(kind="post", wp_id=102).count() == 1
    after = counts()
    assert after["pages"] == before["pages"] + 1
    assert after["comments"] == before["comments"] + 1  # its one comment went with it, and comes back


@pytest.mark.django_db
def test_a_comment_a_moderator_deleted_does_not_come_back():
    run_import()
    comment(1016).delete()
    before = counts()
    output = run_import()
    assert counts() == before
    assert "deleted here since the last import (not imported again) 1" in output


@pytest.mark.django_db
def test_a_post_that_fails_halfway_leaves_nothing_behind_and_the_rest_comes_in(monkeypatch):
    """An error after the post went live (its mapping cannot be saved): reported, rolled back whole,
    with no history entry left for a page that is not there; every other item is imported."""
    from wpimport import importer

    real_save = ImportedObject.save

    def failing_save(self, *args, **kwargs):
        if self.kind == "post" and self.wp_id == 101:
            raise RuntimeError("the disk is full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(importer.ImportedObject, "save", failing_save)
    output = run_import()
    assert "could not be imported: the disk is full" in output
    assert not ImportedObject.objects.filter(kind="post", wp_id=101).exists()
    assert not LetterReplyPage.objects.filter(title="Tapering off fentanyl: what do we say?").exists()
    page_ids = set(Page.objects.values_list("pk", flat=True))
    assert set(PageLogEntry.objects.values_list("page_id", flat=True)) <= page_ids
    published = PageLogEntry.objects.filter(action="wagtail.publish")
    assert published.count() == LetterReplyPage.objects.live().count() + ContentPage.objects.live().count()
    assert all(problems == [] for problems in Page.find_problems())
    # The next import brings the post in, in its place in the tree.
    monkeypatch.setattr(importer.ImportedObject, "save", real_save)
    run_import()
    assert LetterReplyPage.objects.filter(title="Tapering off fentanyl: what do we say?").exists()
    assert all(problems == [] for problems in Page.find_problems())
    assert PageLogEntry.objects.filter(page=post(101), action__in=["wagtail.create", "wagtail.publish"]).count() == 2
