"""Importing a WordPress export: posts, letters, comments, media, pages and redirects.

Two passes over the file, each streamed (wpimport/wxr.py). The first reads it all without
writing anything: a malformed or unsafe file stops there, with nothing imported, and it
learns every post's, page's and file's address so links between them can be rewritten.
The second imports item by item, each in a savepoint (one item that cannot be imported is
reported and the rest go on), committed in small batches; a dry run does it all inside one
transaction that is rolled back.

Every created object is recorded in ImportedObject under (site, WordPress id): importing
the same export again changes nothing, a newer export updates the posts that changed (a
new revision) and adds the comments that are new.
"""

import copy
import hashlib
import itertools
import json
import logging
import re
import time
import uuid
import zoneinfo
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision, Site
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from blog.models import BlogIndexPage, ContentPage, LetterReplyPage, StaffWriter
from blog.publishing import record_archive_check
from cms import bulk, caching
from cms.roles import EDITORS
from discussion import language
from discussion.models.comments import NAME_MAX_LENGTH, Comment, CommentSettings, body_fingerprint
from discussion.moderation import assess
from discussion.ratelimit import address_hash

from . import content
from .media import MediaFiles, MissingFile, host_of, upload_path
from .models import ImportedObject
from .report import Report
from .wxr import NAVIGATION_TYPES, ExportError, ExportReader

logger = logging.getLogger(__name__)

Kind = ImportedObject.Kind

ZERO_DATE = "0000-00-00 00:00:00"
# WordPress status -> what the page becomes here.
PAGE_STATUSES = {"publish": "live", "draft": "draft", "pending": "draft", "future": "scheduled", "private": "private"}
SKIPPED_STATUSES = {
    "trash": "in the WordPress trash",
    "auto-draft": "an automatic draft WordPress never showed",
    "inherit": "a revision of another post",
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REJECTED,
    "post-trashed": Comment.Status.REJECTED,
}
NOT_COMMENTS = ("pingback", "trackback")
UNTAGGED_CATEGORIES = {"uncategorized", "uncategorised"}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
BATCH = 25
OLD_LINK = re.compile(r'<a href="([^"]+)">')
MAX_STANDFIRST = 400
MAX_PEN_NAME = 60
FALLBACK_PEN_NAME = "Anonymous"


@dataclass
class Options:
    dry_run: bool = False
    media_dir: str | None = None
    download: bool = True
    media_hosts: tuple = ()
    blog_category: str = ""
    time_zone: str = ""


@dataclass
class Summary:
    """What the first pass keeps of an item: enough to link to it, not its content."""

    post_type: str
    status: str
    title: str
    link: str
    attachment_url: str = ""
    attached_file: str = ""
    alt: str = ""
    categories: set = field(default_factory=set)


class _DryRun(Exception):
    pass


@contextmanager
def deferred_indexing():
    """Each page is saved three times as it is created and published; the search and reference
    indexes are updated once per object at the end of each batch instead (`_index_saved`).

    The search index's save handler is disconnected for the import's duration and always
    reconnected: the command and the worker run one import at a time, in one thread.
    """
    from modelsearch.signal_handlers import post_save_signal_handler

    indexed = [m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    disconnected = [model for model in indexed if post_save.disconnect(post_save_signal_handler, sender=model)]
    try:
        with disable_reference_index_auto_update(), bulk.job():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def _digest(*parts):
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def _stable_id(text):
    """A WordPress-id-sized number for a file that has no attachment id: the first 60 bits of its digest."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def _truncate(text, limit):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "\u2026"


class WordPressImporter:
    def __init__(self, path, options=None, progress=None, file_name=""):
        self.path = path
        self.options = options or Options()
        self.progress = progress or (lambda *args: None)
        self.file_name = file_name or str(path).rsplit("/", 1)[-1]
        self.report = Report(file_name=self.file_name, dry_run=self.options.dry_run)
        self.time_zone = zoneinfo.ZoneInfo(self.options.time_zone or settings.TIME_ZONE)

    # The two passes --------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self._scan()
        self._prepare()
        self.saved_files = []
        try:
            if self.options.dry_run:
                try:
                    with transaction.atomic():
                        self._import_items()
                        raise _DryRun
                except _DryRun:
                    pass
                self._delete_saved_files(self.saved_files)
            else:
                self._import_items()
        except BaseException:
            self._delete_saved_files(self.saved_files)
            raise
        self.report.duration = time.monotonic() - started
        return self.report

    def _scan(self):
        """First pass: the whole file is read and checked, and every item's address learnt."""
        reader = ExportReader(self.path, on_progress=lambda done, total: self.progress("Checking", done, total))
        self.items = {}
        self.by_path = {}
        categories = set()
        count = 0
        for item in reader:
            count += 1
            kind = item.post_type or "(none)"
            terms = {t.slug.lower() for t in item.terms if t.domain == "category"} | {
                t.name.lower() for t in item.terms if t.domain == "category"
            }
            categories |= {t.name for t in item.terms if t.domain == "category"}
            if item.wp_id and kind in ("post", "page", "attachment"):
                self.items[item.wp_id] = Summary(
                    post_type=kind,
                    status=item.status,
                    title=item.title,
                    link=item.link,
                    attachment_url=item.attachment_url,
                    attached_file=item.meta.get("_wp_attached_file", ""),
                    alt=item.meta.get("_wp_attachment_image_alt", ""),
                    categories=terms,
                )
                for url in (item.link, item.guid, item.attachment_url):
                    key = self._path_key(url, reader.channel.site_url)
                    if key:
                        self.by_path.setdefault(key, item.wp_id)
                if kind == "attachment" and item.attachment_url:
                    key = self._path_key(SIZE_SUFFIX.sub("", item.attachment_url), reader.channel.site_url)
                    self.by_path.setdefault(key, item.wp_id)
            if kind == "post":
                self.report.saw("post", item.status)
            elif kind == "page":
                self.report.saw("page", item.status)
            elif kind == "attachment":
                self.report.saw("file", (item.attachment_url.rsplit(".", 1)[-1] or "?").lower())
            else:
                self.report.saw("other", kind)
            for comment in item.comments:
                self.report.saw("comment", comment.type if comment.type in NOT_COMMENTS else comment.approved)
        self.channel = reader.channel
        if not self.channel.wxr_version and not count:
            raise ExportError("No WordPress export found in this file: it has no wxr_version and no items.")
        if not self.channel.site_url:
            raise ExportError("The export does not say which site it came from (no <link> or <wp:base_site_url>).")
        self.site_url = self.channel.site_url
        self.report.site_url = self.site_url
        wanted = self.options.blog_category.strip().lower()
        if wanted and not any(wanted == c.lower() or wanted == slugify(c) for c in categories):
            known = ", ".join(sorted(categories)) or "none"
            raise ExportError(f"No category \u201c{self.options.blog_category}\u201d in this export (it has: {known}).")

    def _path_key(self, url, site_url=None):
        """An address on the old site as a path ("/2019/05/slug", "/?p=12"), or None for another site's."""
        if not url:
            return None
        site_url = site_url or self.site_url
        absolute = urljoin(site_url + "/", url.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or host_of(absolute) != host_of(site_url):
            return None
        path = unquote(parts.path).rstrip("/") or "/"
        query = parse_qs(parts.query)
        for name in ("p", "page_id", "attachment_id"):
            if query.get(name, [""])[0].isdigit():
                return f"{path}?{name}={query[name][0]}"
        return path

    def _prepare(self):
        self.blog = BlogIndexPage.objects.first()
        if self.blog is None:
            raise ExportError("There is no Discussion Blog page to import posts under: create it first.")
        self.site = self.blog.get_site() or Site.objects.filter(is_default_site=True).first()
        self.home = self.site.root_page.specific if self.site else self.blog.get_parent().specific
        self.media = MediaFiles(
            self.options.media_dir,
            self.site_url,
            download=self.options.download,
            hosts=self.options.media_hosts,
            max_size=getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 2**20),
        )
        mapped = ImportedObject.objects.filter(site_url=self.site_url)
        # Posts and pages already here (for links), and which of them are gone since.
        self.pages = dict(mapped.filter(kind__in=[Kind.POST, Kind.PAGE]).values_list("wp_id", "object_id"))
        existing = set(Page.objects.filter(pk__in=self.pages.values()).values_list("pk", flat=True))
        self.pages = {wp_id: pk for wp_id, pk in self.pages.items() if pk in existing}
        self.files = {}  # (kind, wp id) -> image or document, or None when it could not be had
        self.writers = {}
        self.tags = {}
        self.slugs = {}
        self.fixups = []
        self.redirect_paths = set(
            Redirect.objects.filter(site__in=[self.site, None] if self.site else [None]).values_list(
                "old_path", flat=True
            )
        )
        self.comment_rules = copy.copy(CommentSettings.for_site(self.site)) if self.site else CommentSettings()
        self.comment_rules.auto_approve_after = 0  # the rules' reasons are wanted, not whom to trust
        self.hash_since = timezone.now() - timedelta(days=settings.COMMENT_IP_HASH_RETENTION_DAYS)
        self.editors = Group.objects.filter(name=EDITORS).first()
        self.staff_ids = {author.wp_id for author in self.channel.authors.values() if author.wp_id}
        self.page_buffer = []
        self.touched_pages = set()
        self.to_index = defaultdict(set)  # model -> pks saved since the last batch was indexed
        self.history = []  # page log entries written once per batch
        self.last_paths = {}  # parent pk -> path of its last child (_place)
        self.new_children = defaultdict(int)  # parent pk -> children added since the batch began

    def _import_items(self):
        reader = ExportReader(self.path, on_progress=self._importing)
        items = iter(reader)
        with deferred_indexing():
            while batch := list(itertools.islice(items, BATCH)):
                with transaction.atomic():
                    for item in batch:
                        self._one(item)
                    self._write_tree()
                    self._write_history()
                    self._index_saved()
                    self._bump_comment_caches()
            with transaction.atomic():
                self._import_pages()
                self._fix_links()
                self._write_tree()
                self._write_history()
                self._index_saved()
                self._bump_comment_caches()

    def _write_history(self):
        """The batch's "published" entries in page histories, in one insert."""
        PageLogEntry.objects.bulk_create(self.history)
        self.history = []

    def _index_saved(self):
        """The search and reference indexes for what the batch saved: once per object, not once per save."""
        for model, pks in self.to_index.items():
            objects = list(model.objects.filter(pk__in=pks))
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)
            # In bulk: the database backends recompute title statistics over the whole index after
            # each add, once per batch here rather than once per page or image.
            indexed = list(model.get_indexed_objects().filter(pk__in=[o.pk for o in objects]))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, indexed)
        self.to_index = defaultdict(set)

    def _importing(self, done, total):
        self.progress("Importing", done, total, self.report)

    def _one(self, item):
        kind = item.post_type
        saved_before = len(self.saved_files)
        checkpoint = self._checkpoint()
        try:
            with transaction.atomic():
                if kind == "post":
                    self._post(item)
                elif kind == "page":
                    self.page_buffer.append(item)  # after the posts: parents first, in their menu order
                elif kind == "attachment":
                    self._attachment(item.wp_id)
                elif kind in NAVIGATION_TYPES:
                    self.report.count("navigation menu item", "skipped")
                else:
                    reason = f"a WordPress \u201c{kind or 'unknown'}\u201d item, not a post, page or file"
                    self.report.skip("other", item.wp_id, item.title, reason)
        except Exception as error:  # one bad item is reported; the rest of the export still comes in
            logger.exception("WordPress item %s could not be imported", item.wp_id)
            self._delete_saved_files(self.saved_files[saved_before:])
            del self.saved_files[saved_before:]
            self._roll_back(checkpoint)
            self.report.skip(kind or "other", item.wp_id, item.title, f"could not be imported: {error}")

    def _checkpoint(self):
        """What the caches hold before an item, so that a failed item leaves none of its rows in them."""
        caches = (self.pages, self.files, self.writers, self.tags)
        return [len(cache) for cache in caches], len(self.history), len(self.fixups), dict(self.new_children)

    def _roll_back(self, checkpoint):
        """Forget what a failed (rolled-back) item added: a later item must not link to its rows."""
        sizes, history, fixups, new_children = checkpoint
        for cache, size in zip((self.pages, self.files, self.writers, self.tags), sizes, strict=True):
            for key in list(cache)[size:]:  # dicts keep their order: what was added since is at the end
                del cache[key]
        del self.history[history:]
        del self.fixups[fixups:]
        self.new_children = defaultdict(int, new_children)
        self.last_paths = {}  # read again from the database: a page may have been added meanwhile

    # Posts ---------------------------------------------------------------------------------------

    def _post(self, item):
        reason = SKIPPED_STATUSES.get(item.status)
        if reason:
            self.report.skip("post", item.wp_id, item.title, reason)
            return
        if item.status not in PAGE_STATUSES:
            self.report.skip("post", item.wp_id, item.title, f"an unknown status \u201c{item.status}\u201d")
            return
        wanted = self.options.blog_category.strip().lower()
        if (
            wanted
            and wanted not in self.items[item.wp_id].categories
            and slugify(wanted) not in (self.items[item.wp_id].categories)
        ):
            self.report.skip("post", item.wp_id, item.title, f"not in the category \u201c{wanted}\u201d")
            return
        mapping = ImportedObject.objects.filter(site_url=self.site_url, kind=Kind.POST, wp_id=item.wp_id).first()
        fingerprint = _digest(
            item.title, item.content, item.excerpt, item.status, item.post_date, item.post_date_gmt,
            item.post_name, item.password, [(t.domain, t.name) for t in item.terms], item.creator,
            item.meta.get("_thumbnail_id", ""),
        )  # fmt: skip
        page = mapping.target if mapping else None
        created = False
        if page is not None and mapping.fingerprint == fingerprint:
            page = page.specific
            self.report.count("post", "unchanged")
        elif page is not None:
            page = self._update_post(item, page.specific, mapping, fingerprint)
        else:
            page = self._create_post(item, fingerprint, mapping)
            created = True
        if page is None:
            return
        self._redirects(item, page)
        if isinstance(page, LetterReplyPage):
            self._comments(item, page, page_created=created)
        elif item.comments:
            real = [c for c in item.comments if c.type not in NOT_COMMENTS]
            if real:
                self.report.warn(
                    "post", item.wp_id, item.title,
                    f"{len(real)} comment(s) not imported: the post became a plain page, which has no comments",
                    "comments not imported",
                )  # fmt: skip

    def _create_post(self, item, fingerprint, mapping=None):
        links = _Links(self, item)
        parts = content.split_post(item.content)
        self._note_shortcodes(item, parts.shortcodes)
        reply_blocks = self._stream(parts.reply, links, item, LetterReplyPage) if parts.letter is not None else []
        letter = content.rich_text(parts.letter, links, ("b", "i")) if parts.letter is not None else ""
        if not letter or not reply_blocks:
            why = "no letter found" if not letter else "no reply found after the letter"
            self.report.warn(
                "post", item.wp_id, item.title,
                f"{why}: imported as a plain page under the Discussion Blog, for an editor to look at",
                "letter not found",
            )  # fmt: skip
            body = self._stream(content.post_blocks(item.content), links, item, ContentPage)
            page = ContentPage(title=self._title(item), body=json.dumps(body))
            self._place(page, self.blog, item)
            self._publish(page, item, Kind.POST, fingerprint, links, mapping=mapping, created=True)
            self.report.count("post", "created as a plain page")
            return page
        fields = self._reply_fields(item, parts, links, reply_blocks, letter)
        tags = fields.pop("tags")
        page = LetterReplyPage(**fields)
        page.tags.set(tags)
        self._place(page, self.blog, item)
        self._publish(page, item, Kind.POST, fingerprint, links, mapping=mapping, created=True)
        self.report.count("post", "created")
        return page

    def _update_post(self, item, page, mapping, fingerprint):
        if page.latest_revision_id and mapping.revision_id and page.latest_revision_id != mapping.revision_id:
            self.report.warn(
                "post", item.wp_id, item.title,
                "changed in WordPress but also edited here since the last import: left as it is here",
                "not updated",
            )  # fmt: skip
            self.report.count("post", "kept (edited here)")
            return page
        links = _Links(self, item)
        if isinstance(page, LetterReplyPage):
            parts = content.split_post(item.content)
            self._note_shortcodes(item, parts.shortcodes)
            reply_blocks = self._stream(parts.reply, links, item, LetterReplyPage)
            letter = content.rich_text(parts.letter, links, ("b", "i")) if parts.letter is not None else ""
            if not letter or not reply_blocks:
                self.report.warn(
                    "post", item.wp_id, item.title,
                    "the newer version has no letter or reply that can be found: left as it is here",
                    "letter not found",
                )  # fmt: skip
                return page
            fields = self._reply_fields(item, parts, links, reply_blocks, letter)
            page.tags.set(fields.pop("tags"))
            for name, value in fields.items():
                setattr(page, name, value)
        else:
            page.title = self._title(item)
            page.body = json.dumps(self._stream(content.post_blocks(item.content), links, item, ContentPage))
        self._publish(page, item, Kind.POST, fingerprint, links, mapping=mapping)
        self.report.count("post", "updated")
        return page

    def _reply_fields(self, item, parts, links, reply_blocks, letter):
        pen_name = parts.pen_name
        if not pen_name:
            pen_name = FALLBACK_PEN_NAME
            self.report.warn(
                "post", item.wp_id, item.title,
                f"no salutation to take the pen-name from: \u201c{FALLBACK_PEN_NAME}\u201d was used",
                "pen-name not found",
            )  # fmt: skip
        if len(pen_name) > MAX_PEN_NAME:
            pen_name = _truncate(pen_name, MAX_PEN_NAME)
        standfirst = content.plain_text(item.excerpt) if item.excerpt.strip() else ""
        intro = " ".join(
            content.plain_text(content.rich_text(block.value, links))
            for block in parts.intro
            if block.kind == "paragraph"
        ).strip()
        if standfirst and intro and " ".join(intro.split()) != " ".join(standfirst.split()):
            self.report.warn(
                "post", item.wp_id, item.title,
                "the post had both an excerpt and an introduction: the excerpt is the standfirst, "
                "the introduction was left out",
                "introduction left out",
            )  # fmt: skip
        standfirst = " ".join((standfirst or intro).split())
        if not standfirst:
            standfirst = content.plain_text(letter)
        if len(standfirst) > MAX_STANDFIRST:
            standfirst = _truncate(standfirst, MAX_STANDFIRST)
        when = self._when(item.post_date_gmt, item.post_date) or timezone.now()
        featured = None
        thumbnail = item.meta.get("_thumbnail_id", "")
        if thumbnail.isdigit():
            featured = self._attachment(int(thumbnail))
            if featured is not None and not isinstance(featured, get_image_model()):
                featured = None
        return {
            "title": self._title(item),
            "standfirst": standfirst,
            "pen_name": pen_name,
            "letter": letter,
            "reply": json.dumps(reply_blocks),
            "writer": self._writer(item.creator),
            "date": timezone.localtime(when, self.time_zone).date(),
            "featured_image": featured,
            "imported_from": item.link[:500],
            "tags": self._tags(item),
        }

    def _title(self, item):
        title = item.title or f"Untitled (WordPress {item.post_type} {item.wp_id})"
        return title[:255]

    def _note_shortcodes(self, item, shortcodes):
        for name, number in shortcodes.items():
            self.report.shortcodes[name] += number
        if shortcodes:
            names = ", ".join(f"[{name}]" for name in sorted(shortcodes))
            self.report.warn(
                item.post_type, item.wp_id, item.title, f"shortcodes removed: {names}", "unknown shortcode"
            )

    def _stream(self, blocks, links, item, model):
        """Blocks as StreamField data for a reply (`LetterReplyPage`) or a plain page's body."""
        stream = []
        for block in blocks:
            if block.kind == "heading":
                stream.append(("heading", block.value))
            elif block.kind in ("paragraph", "letter"):
                html = content.rich_text(block.value, links)
                if html:
                    stream.append(("paragraph", html))
            elif block.kind == "quote":
                text = content.plain_text(content.rich_text(content.autop(block.value), links))
                if text and model is LetterReplyPage:
                    stream.append(("pull_quote", {"quote": text, "attribution": ""}))
                elif text:
                    stream.append(("paragraph", content.rich_text(content.autop(block.value), links)))
            elif block.kind == "image":
                image = self._image_for(block.value, item)
                if image is not None:
                    alt = " ".join((block.value.alt or image.description or "").split())
                    value = {"image": image.pk, "alt_text": alt, "decorative": not alt}
                    stream.append(("image", {"image": value, "caption": block.value.caption[:500]}))
        return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in stream]

    def _place(self, page, parent, item):
        """Insert a new page as the last child of `parent`, as treebeard's add_child does.

        The import adds thousands of children under one parent in a row, so it keeps each parent's
        last child path and how many children it gained (written once per batch, _write_tree), and
        the "created" history entry (_write_history), instead of three queries and a validated
        insert per page. The slug is already unique among the siblings (_slug), the page takes
        its parent's locale, and a reply's module cross-references are taken as in any save.
        """
        page.slug = self._slug(parent, item)
        page.live = False
        page.has_unpublished_changes = True
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.depth = parent.depth + 1
        page.path = self._next_path(parent)
        page._is_site_root = False  # a new page is no site's root: Wagtail need not ask
        page._cached_parent_obj = parent  # nor read the parent again for the page's URL path
        page.title = page._meta.get_field("title").clean(page.title, page)
        if isinstance(page, LetterReplyPage):
            page.update_referenced_modules()
        page.save(clean=False, log_action=None)
        self.slugs[parent.pk].add(page.slug)
        self.new_children[parent.pk] += 1
        self.history.append(self._history_entry(page, "wagtail.create"))

    def _next_path(self, parent):
        last = self.last_paths.get(parent.pk)
        if last is None:
            child = parent.get_last_child()
            last = child.path if child is not None else ""
        path = Page(path=last)._inc_path() if last else Page._get_path(parent.path, parent.depth + 1, 1)
        self.last_paths[parent.pk] = path
        return path

    def _write_tree(self):
        """Each parent's count of children, once per batch (treebeard's numchild)."""
        for parent_pk, added in self.new_children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + added)
        self.new_children = defaultdict(int)

    def _history_entry(self, page, action, revision=None, **fields):
        """The page history entry Wagtail's log() would write, kept for one insert per batch (_write_history)."""
        return PageLogEntry(
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False), page=page,
            revision=revision, label=page.get_admin_display_title(), action=action, timestamp=timezone.now(),
            data={}, **fields,
        )  # fmt: skip

    def _slug(self, parent, item):
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        taken = self.slugs[parent.pk]
        base = slugify(unquote(item.post_name), allow_unicode=True) or slugify(item.title, allow_unicode=True)
        base = (base or f"{item.post_type}-{item.wp_id}")[:240]
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _first_revision(self, page, live_since=None):
        """The first revision of a page the import has just created, live from `live_since` if given.

        What Wagtail's save_revision and publish do for a new page with no comments or workflow (the
        revision, the page's draft and live fields, the "published" history entry, the page_published
        signal every app listens to), with one update of the page instead of saving it twice more and
        reading the revision back into a second copy: half the import's time went there.
        """
        revision = Revision.objects.create(
            content_object=page, base_content_type=page.get_base_content_type(), content=page.serializable_data(),
            object_str=str(page),
        )  # fmt: skip
        fields = {
            "latest_revision": revision, "latest_revision_created_at": revision.created_at,
            "draft_title": page.title, "has_unpublished_changes": True,
        }  # fmt: skip
        if live_since is not None:
            fields |= {
                "live": True, "has_unpublished_changes": False, "live_revision": revision,
                "first_published_at": live_since, "last_published_at": live_since,
            }  # fmt: skip
        type(page).objects.filter(pk=page.pk).update(**fields)
        for name, value in fields.items():
            setattr(page, name, value)
        return revision

    def _go_live(self, page, revision):
        """What else going live means for a new page (its fields are set by _first_revision)."""
        self.history.append(self._history_entry(page, "wagtail.publish", revision, content_changed=True))
        page_published.send(sender=type(page), instance=page, revision=revision)

    def _publish(self, page, item, kind, fingerprint, links, mapping=None, created=False):
        """A revision for `page`, then what its WordPress status asks: live, scheduled, private, or a draft."""
        state = PAGE_STATUSES[item.status]
        when = self._when(item.post_date_gmt, item.post_date)
        if when is None and state != "draft":
            when = timezone.now()
            self.report.warn(item.post_type, item.wp_id, item.title, "no date: today's was used", "no date")
        if state == "scheduled":
            page.go_live_at = when
        elif state in ("live", "private") and page.first_published_at is None:
            page.first_published_at = when
        goes_live_now = created and state in ("live", "private")
        if created:
            # Cleaned when placed (add_child saves with clean=True). Its history says "created" (Wagtail's
            # own entry), then "published": no "edited" between.
            revision = self._first_revision(page, live_since=when if goes_live_now else None)
        else:
            revision = page.save_revision(log_action=True)
        if isinstance(page, LetterReplyPage) and state in ("live", "private", "scheduled"):
            # Published (or due) in the archive already: counts as privacy-checked once, in this version.
            record_archive_check(page, revision, new_revision=True)
        if goes_live_now:
            self._go_live(page, revision)
        elif state in ("live", "private", "scheduled"):
            revision.publish(log_action=True)
            page.refresh_from_db(fields=["live", "first_published_at", "last_published_at"])
            if state != "scheduled":
                type(page).objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        self._restrict(page, item, state)
        self.pages[item.wp_id] = page.pk
        self.touched_pages.add(page.pk)
        self.to_index[type(page)].add(page.pk)
        if links.pending:
            self.fixups.append(page.pk)
        if mapping is None:
            mapping = ImportedObject(site_url=self.site_url, kind=kind, wp_id=item.wp_id)
        # A page deleted here since the last import is made again: the mapping follows the new one.
        mapping.content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        mapping.object_id = page.pk
        mapping.fingerprint = fingerprint
        mapping.revision_id = revision.pk
        mapping.save()

    def _restrict(self, page, item, state):
        """WordPress's private posts are for its editors: here, for the Editors group (and administrators)."""
        if state == "private" and self.editors is not None:
            if not PageViewRestriction.objects.filter(page=page, restriction_type=PageViewRestriction.GROUPS).exists():
                restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
                restriction.groups.set([self.editors])
        elif item.password:
            restriction = PageViewRestriction.objects.filter(
                page=page, restriction_type=PageViewRestriction.PASSWORD
            ).first()
            if restriction is None:
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.PASSWORD, password=item.password[:255]
                )
            elif restriction.password != item.password[:255]:
                restriction.password = item.password[:255]
                restriction.save(update_fields=["password"])

    def _when(self, gmt, local):
        for value, zone in ((gmt, UTC), (local, self.time_zone)):
            if value and value != ZERO_DATE and not value.startswith("0000"):
                try:
                    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
                except ValueError:
                    continue
        return None

    def _writer(self, login):
        author = self.channel.authors.get(login)
        name = (author.display_name if author else login).strip()[:120] or "Staff"
        if name.lower() not in self.writers:
            writer = StaffWriter.objects.filter(name__iexact=name).first()
            if writer is None:
                base = slugify(name)[:100] or "writer"
                slug, number = base, 2
                while StaffWriter.objects.filter(slug=slug).exists():
                    slug, number = f"{base}-{number}", number + 1
                writer = StaffWriter.objects.create(name=name, slug=slug, role_title="Staff writer")
                self.to_index[StaffWriter].add(writer.pk)
                self.report.count("staff writer", "created")
            self.writers[name.lower()] = writer
        return self.writers[name.lower()]

    def _tags(self, item):
        wanted = self.options.blog_category.strip().lower()
        names = []
        for term in item.terms:
            if term.domain not in ("post_tag", "category"):
                continue
            if term.domain == "category" and (
                term.slug.lower() in UNTAGGED_CATEGORIES
                or (wanted and wanted in (term.slug.lower(), term.name.lower()))
            ):
                continue
            name = " ".join(term.name.split())[:100]
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        tags = []
        for name in names:
            key = name.lower()
            if key not in self.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    tag = Tag.objects.create(name=name)
                self.tags[key] = tag
            tags.append(self.tags[key])
        return tags

    # Comments -------------------------------------------------------------------------------------

    def _comments(self, item, page, page_created=False):
        comments = item.comments
        if not comments:
            return
        done = dict(
            ImportedObject.objects.filter(
                site_url=self.site_url, kind=Kind.COMMENT, wp_id__in=[c.wp_id for c in comments]
            ).values_list("wp_id", "object_id")
        )
        existing_parents = dict(Comment.objects.filter(pk__in=done.values()).values_list("pk", "parent_id"))
        gone = {wp_id for wp_id, pk in done.items() if pk not in existing_parents}
        if gone and page_created:  # deleted with their post, which is made again: so are they
            ImportedObject.objects.filter(site_url=self.site_url, kind=Kind.COMMENT, wp_id__in=gone).delete()
            gone = set()
        done = {wp_id: pk for wp_id, pk in done.items() if pk in existing_parents}
        by_id = {c.wp_id: c for c in comments}
        wanted = {}
        for comment in comments:
            if comment.wp_id in done:
                self.report.count("comment", "unchanged")
            elif comment.wp_id in gone:
                self.report.count("comment", "deleted here since the last import (not imported again)")
            elif comment.type in NOT_COMMENTS:
                self.report.count("comment", f"skipped ({comment.type}s are not comments)")
            elif comment.type not in ("", "comment"):
                self.report.skip("comment", comment.wp_id, item.title, f"a \u201c{comment.type}\u201d, not a comment")
            elif not content.plain_text(comment.content).strip():
                self.report.skip("comment", comment.wp_id, item.title, "empty")
            else:
                wanted[comment.wp_id] = comment
        if not wanted:
            return
        rows = {}
        # In date order (a zero GMT date is read from the local one), so ids follow the thread as it was.
        moment = {c.wp_id: self._when(c.date_gmt, c.date) or timezone.now() for c in wanted.values()}
        for comment in sorted(wanted.values(), key=lambda c: (moment[c.wp_id], c.wp_id)):
            rows[comment.wp_id] = self._comment_row(comment, page, item)
        # Threads: a reply's parent here is its first comment (replies go one level deep);
        # deeper replies keep the comment they answered in `replying_to`.
        tops = {wp_id: self._top_of(comment, by_id, wanted, done) for wp_id, comment in wanted.items()}
        first_level = [rows[w] for w in rows if tops[w] is None]
        Comment.objects.bulk_create(first_level)
        replies = []
        for wp_id, row in rows.items():
            top = tops[wp_id]
            if top is not None:
                row.parent_id = rows[top].pk if top in rows else existing_parents.get(done[top]) or done[top]
                replies.append(row)
        Comment.objects.bulk_create(replies)
        deeper = []
        for wp_id, row in rows.items():
            answered_wp_id = by_id[wp_id].parent
            answered = rows[answered_wp_id].pk if answered_wp_id in rows else done.get(answered_wp_id)
            if row.parent_id and answered and answered != row.parent_id:
                row.replying_to_id = answered
                deeper.append(row)
        if deeper:
            Comment.objects.bulk_update(deeper, ["replying_to"])
        content_type = ContentType.objects.get_for_model(Comment)
        ImportedObject.objects.bulk_create(
            ImportedObject(
                site_url=self.site_url, kind=Kind.COMMENT, wp_id=wp_id, content_type=content_type, object_id=row.pk
            )
            for wp_id, row in rows.items()
        )
        self.touched_pages.add(page.pk)
        for wp_id, row in rows.items():
            self.report.count("comment", f"created ({row.status})")
            if row.status == Comment.Status.APPROVED:
                self._would_hold(row, wp_id, item)

    def _top_of(self, comment, by_id, wanted, done):
        """The first-level comment a reply sits under: its furthest ancestor that is (or was) imported."""
        top, seen, current = None, set(), comment.parent
        while current and current not in seen:
            seen.add(current)
            if current in wanted or current in done:
                top = current
            parent = by_id.get(current)
            current = parent.parent if parent is not None else 0
        return top

    def _comment_row(self, comment, page, item):
        when = self._when(comment.date_gmt, comment.date) or timezone.now()
        email = comment.email.strip()
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        status = COMMENT_STATUSES.get(comment.approved)
        if status is None:
            status = Comment.Status.PENDING
            self.report.warn(
                "comment", comment.wp_id, item.title,
                f"an unknown status \u201c{comment.approved}\u201d: imported as pending", "unknown comment status",
            )  # fmt: skip
        body = content.plain_text(comment.content)
        # The keyed hash only, and only while the retention period would keep it; never the address.
        ip_hash = address_hash(comment.ip) if comment.ip and when >= self.hash_since else ""
        return Comment(
            page=page,
            display_name=" ".join(comment.author.split())[:NAME_MAX_LENGTH] or "Anonymous",
            email=email,
            body=body,
            body_hash=body_fingerprint(body),
            status=status,
            created_at=when,
            ip_hash=ip_hash,
            is_staff_reply=bool(comment.user_id and comment.user_id in self.staff_ids),
            # Moderated on WordPress already: no email to moderators about old comments.
            moderators_notified_at=timezone.now(),
        )

    def _would_hold(self, row, wp_id, item):
        assessment = assess(
            body=row.body,
            display_name=row.display_name,
            email=row.email,
            language_hits=language.check(row.body),
            settings=self.comment_rules,
        )
        if assessment.reasons:
            labels = dict(Comment.Reason.choices)
            # Reason labels only: a reason's detail may quote the contact details it found.
            reasons = list(dict.fromkeys(str(labels.get(code, code)) for code, _detail in assessment.reasons))
            self.report.held.append(
                {"kind": "comment", "wp_id": wp_id, "comment_id": row.pk, "post": item.title, "reasons": reasons}
            )

    def _bump_comment_caches(self):
        if self.touched_pages:
            caching.comments_changed(list(self.touched_pages))
            self.touched_pages = set()

    # Files ------------------------------------------------------------------------------------------

    def _attachment(self, wp_id):
        """The image or document of attachment `wp_id`, imported on first use; None if it cannot be had."""
        key = (Kind.ATTACHMENT, wp_id)
        if key in self.files:
            return self.files[key]
        summary = self.items.get(wp_id)
        if summary is None or summary.post_type != "attachment":
            self.files[key] = None
            return None
        url = summary.attachment_url
        obj = self._file(Kind.ATTACHMENT, wp_id, url, summary.title, summary.alt, summary.attached_file)
        self.files[key] = obj
        if obj is not None:
            home_path = urlsplit(self.site_url).path.rstrip("/")
            self._file_redirects(obj, [summary.link, url, f"{home_path}/?attachment_id={wp_id}"])
        return obj

    def _loose_file(self, url, quiet=False):
        """A file in the uploads folder that no attachment describes (an image pasted by address)."""
        path = upload_path(url)
        if not path:
            return None
        wp_id = _stable_id(path)
        key = (Kind.FILE, wp_id)
        if key not in self.files or (self.files[key] is None and not quiet):
            title = path.rsplit("/", 1)[-1]
            self.files[key] = self._file(Kind.FILE, wp_id, url, title, "", path, quiet=quiet)
            if self.files[key] is not None:
                self._file_redirects(self.files[key], [url])
        return self.files[key]

    def _file(self, kind, wp_id, url, title, alt, attached_file, quiet=False):
        mapping = ImportedObject.objects.filter(site_url=self.site_url, kind=kind, wp_id=wp_id).first()
        if mapping is not None and mapping.target is not None:
            self.report.count("file", "unchanged")
            return mapping.target
        name = (attached_file or upload_path(url) or url).rsplit("/", 1)[-1]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        label = title or name
        if extension in settings.WAGTAILIMAGES_EXTENSIONS:
            model = get_image_model()
        elif extension in settings.WAGTAILDOCS_EXTENSIONS:
            model = get_document_model()
        else:
            self.report.skip("file", wp_id, label, f"a .{extension or '?'} file, a type this site does not accept")
            return None
        try:
            file_name, data = self.media.read(url, attached_file)
        except MissingFile as error:
            if not quiet:
                # A file without an attachment has no WordPress id: it is named by its address.
                shown = wp_id if kind == Kind.ATTACHMENT else None
                self.report.warn("file", shown, label, f"file missing: {error}", "missing media")
                self.report.count("file", "missing")
            return None
        if model is get_image_model():
            obj = model(title=label[:255], description=" ".join(alt.split())[:255])
            obj.file = ImageFile(ContentFile(data), name=file_name)
            try:
                obj._set_image_file_metadata()
                obj.save()
            except Exception as error:  # a damaged or mislabelled image: reported, the post still comes in
                self.report.warn("file", wp_id, label, f"not a readable image ({error})", "missing media")
                self.report.count("file", "unreadable")
                if obj.file.name:
                    self._delete_saved_files([obj.file.name])
                return None
        else:
            obj = model(title=label[:255])
            obj.file = ContentFile(data, name=file_name)
            obj._set_document_file_metadata()
            obj.save()
        self.saved_files.append(obj.file.name)
        self.to_index[type(obj)].add(obj.pk)
        # A file deleted here since the last import is made again: the mapping follows the new one.
        ImportedObject.objects.update_or_create(
            site_url=self.site_url,
            kind=kind,
            wp_id=wp_id,
            defaults={"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk},
        )
        self.report.count("file", "created (image)" if model is get_image_model() else "created (document)")
        return obj

    def _image_for(self, image, item):
        """The Wagtail image for an <img> in a post: its attachment, else the file at its address."""
        found = None
        wp_id = image.attachment_id if image.attachment_id in self.items else None
        wp_id = (
            wp_id
            or self.by_path.get(self._path_key(image.src) or "")
            or self.by_path.get(self._path_key(SIZE_SUFFIX.sub("", image.src)) or "")
        )
        if wp_id:
            # The attachment it shows; if that file is missing, it was reported once, as the attachment.
            found = self._attachment(wp_id)
            if found is not None and SIZE_SUFFIX.search(image.src):
                self._file_redirects(found, [image.src])  # the sized copy's address leads to the image
        elif image.src:
            # The full-size file if the copy has it ("photo.jpg" for "photo-300x200.jpg"), else the one shown.
            full_size = SIZE_SUFFIX.sub("", image.src)
            found = (full_size != image.src and self._loose_file(full_size, quiet=True)) or self._loose_file(image.src)
        if found is None and image.src and not upload_path(image.src):
            self.report.warn(
                item.post_type, item.wp_id, item.title, f"image not imported: {image.src[:200]}", "missing media"
            )
        return found if isinstance(found, get_image_model()) else None

    def _delete_saved_files(self, names):
        from django.core.files.storage import default_storage

        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete an imported file after a rollback: %s", name)

    # WordPress pages ----------------------------------------------------------------------------------

    def _import_pages(self):
        """Parents before children, each level in WordPress's menu order."""
        by_id = {item.wp_id: item for item in self.page_buffer}

        def depth(item):
            level, seen, parent = 0, set(), item.parent
            while parent in by_id and parent not in seen:
                seen.add(parent)
                level, parent = level + 1, by_id[parent].parent
            return level

        for item in sorted(self.page_buffer, key=lambda i: (depth(i), i.menu_order, i.wp_id)):
            self._one_page(item)
        self.page_buffer = []

    def _one_page(self, item):
        checkpoint = self._checkpoint()
        try:
            with transaction.atomic():
                self._page(item)
        except Exception as error:
            logger.exception("WordPress page %s could not be imported", item.wp_id)
            self._roll_back(checkpoint)
            self.report.skip("page", item.wp_id, item.title, f"could not be imported: {error}")

    def _page(self, item):
        reason = SKIPPED_STATUSES.get(item.status)
        if reason or item.status not in PAGE_STATUSES:
            self.report.skip("page", item.wp_id, item.title, reason or f"an unknown status \u201c{item.status}\u201d")
            return
        fingerprint = _digest(
            item.title, item.content, item.status, item.post_date_gmt, item.post_date, item.post_name,
            item.password, item.parent, item.menu_order,
        )  # fmt: skip
        mapping = ImportedObject.objects.filter(site_url=self.site_url, kind=Kind.PAGE, wp_id=item.wp_id).first()
        page = mapping.target.specific if mapping and mapping.target else None
        links = _Links(self, item)
        if page is not None and mapping.fingerprint == fingerprint:
            self.report.count("page", "unchanged")
        elif page is not None:
            if page.latest_revision_id != mapping.revision_id:
                self.report.warn(
                    item.post_type, item.wp_id, item.title, "edited here since: left as it is", "not updated"
                )
            else:
                shortcodes = {}
                page.title = self._title(item)
                page.body = json.dumps(
                    self._stream(content.post_blocks(item.content, shortcodes), links, item, ContentPage)
                )
                self._note_shortcodes(item, shortcodes)
                self._publish(page, item, Kind.PAGE, fingerprint, links, mapping=mapping)
                self.report.count("page", "updated")
        else:
            parent_pk = self.pages.get(item.parent) if item.parent else None
            parent = Page.objects.get(pk=parent_pk).specific if parent_pk else self.home
            if not isinstance(parent, ContentPage) and parent.pk != self.home.pk:
                parent = self.home
            shortcodes = {}
            body = self._stream(content.post_blocks(item.content, shortcodes), links, item, ContentPage)
            self._note_shortcodes(item, shortcodes)
            page = ContentPage(title=self._title(item), body=json.dumps(body))
            self._place(page, parent, item)
            self._publish(page, item, Kind.PAGE, fingerprint, links, mapping=mapping, created=True)
            self.report.count("page", "created")
        self._redirects(item, page)

    # Links and redirects -------------------------------------------------------------------------------

    def _fix_links(self):
        """Links to posts that came later in the file, rewritten now that every post is here."""
        for pk in dict.fromkeys(self.fixups):
            page = Page.objects.get(pk=pk).specific
            name = "reply" if isinstance(page, LetterReplyPage) else "body"
            links = _Links(self, None)
            blocks = [dict(block) for block in getattr(page, name).raw_data]
            changed = False
            for block in blocks:
                if block["type"] == "paragraph":
                    rewritten = OLD_LINK.sub(links.rewrite, block["value"])
                    changed = changed or rewritten != block["value"]
                    block["value"] = rewritten
            if not changed:
                continue
            setattr(page, name, json.dumps(blocks))
            page.save(clean=False, update_fields=[name])
            # The import's own revision gets the same links: no second revision for the same import.
            revision = page.latest_revision
            if revision is not None:
                revision.content = page.serializable_data()
                revision.save(update_fields=["content"])
                if isinstance(page, LetterReplyPage) and revision.privacy_clearances.exists():
                    record_archive_check(page, revision)  # the clearance follows the import's own rewrite
        self.fixups = []

    def _redirects(self, item, page):
        """301s from the post's old address, its ?p= / ?page_id= link and its GUID to the page here."""
        query = "page_id" if item.post_type == "page" else "p"
        home_path = urlsplit(self.site_url).path.rstrip("/")
        sources = [item.link, item.guid, f"{home_path}/?{query}={item.wp_id}"]
        new_path = (page.get_url_parts() or (None, None, ""))[2] or ""
        self._add_redirects(sources, new_path, redirect_page=page)

    def _file_redirects(self, obj, sources):
        url = obj.file.url if isinstance(obj, get_image_model()) else obj.url
        self._add_redirects(sources, url, redirect_link=url[:255])

    def _add_redirects(self, sources, new_path, **target):
        new = []
        for source in sources:
            key = self._path_key(source)
            if not key or key == "/":
                continue
            old_path = Redirect.normalise_path(key)
            if len(old_path) > 255 or old_path in self.redirect_paths:
                continue
            if old_path == Redirect.normalise_path(new_path or "/"):
                continue  # the page is already there: a redirect to itself would loop
            self.redirect_paths.add(old_path)
            new.append(Redirect(old_path=old_path, site=self.site, is_permanent=True, **target))
        if new:
            Redirect.objects.bulk_create(new)
            self.report.count("redirect", "created", len(new))


class _Links(content.Links):
    """Links in one post: to other imported posts and pages (page links), to files (documents), or
    out. A link to a post not yet imported is kept as it is and rewritten at the end."""

    def __init__(self, importer, item):
        self.importer = importer
        self.item = item
        self.pending = False

    def link(self, url):
        importer = self.importer
        key = importer._path_key(unescape(url))
        if not key:
            return None
        wp_id = importer.by_path.get(key)
        if wp_id is None:
            match = re.search(r"\?(?:p|page_id|attachment_id)=(\d+)$", key)
            wp_id = int(match.group(1)) if match else None
        summary = importer.items.get(wp_id) if wp_id else None
        if summary is None:
            found = importer._loose_file(url) if upload_path(url) else None
            if found is not None and not isinstance(found, get_image_model()):
                return ("document", found.pk)
            return None
        if summary.post_type in ("post", "page"):
            if wp_id in importer.pages:
                return ("page", importer.pages[wp_id])
            self.pending = True
            return None
        found = importer._attachment(wp_id)
        if found is not None and not isinstance(found, get_image_model()):
            return ("document", found.pk)
        return None

    def absolute(self, url):
        importer = self.importer
        key = importer._path_key(url)
        if key:
            wp_id = importer.by_path.get(key)
            found = importer._attachment(wp_id) if wp_id else None
            if isinstance(found, get_image_model()):
                return found.file.url  # a link to an image opens the image here, not on the old site
        return urljoin(importer.site_url + "/", url)

    def rewrite(self, match):
        target = self.link(unescape(match.group(1)))
        return match.group(0) if target is None else f'<a linktype="{target[0]}" id="{target[1]}">'
