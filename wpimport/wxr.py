"""Reading a WordPress export (WXR) safely, one item at a time.

lxml's incremental parser reads the file in chunks and each item is cleared once read, so
memory stays flat whatever the file's size. Entities are never expanded and nothing is
fetched from the network; a file that declares a DOCTYPE (the only way to declare entities,
which WordPress exports never do) is refused before its first item, so neither a
"billion laughs" expansion nor an external entity (XXE) can be read. A malformed file stops
with its line and column.

Namespaces are recognised by their URI (WXR 1.0, 1.1 and 1.2, http or https), whatever
prefixes the file gives them. Text is kept exactly as written: CDATA split around "]]>" is
joined by the parser, and no character is normalised or stripped from content.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

_NAMESPACE_FAMILIES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "dc"),
]
# Item types WordPress exports that are not content: menus, reusable blocks, theme data.
NAVIGATION_TYPES = {"nav_menu_item", "wp_navigation"}


class ExportError(Exception):
    """An export that cannot be imported; the message says why, for the person who chose the file."""


@dataclass
class Author:
    login: str
    display_name: str
    email: str = ""
    wp_id: int = 0


@dataclass
class Comment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0
    user_id: int = 0  # a WordPress account: staff, when it is one of the export's authors


@dataclass
class Term:
    domain: str  # "category", "post_tag", or a custom taxonomy
    slug: str
    name: str


@dataclass
class Item:
    wp_id: int = 0
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    parent: int = 0
    menu_order: int = 0
    post_type: str = ""
    password: str = ""
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    line: int = 0  # where the item starts in the file, for messages


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: dict[str, Author] = field(default_factory=dict)

    @property
    def site_url(self):
        """The WordPress site's address: the key for everything imported from it."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")


class _CountingFile:
    """A binary file that counts the bytes read: progress as a share of the file."""

    def __init__(self, raw):
        self.raw = raw
        self.position = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.position += len(data)
        return data


def _integer(text):
    try:
        return int((text or "").strip() or 0)
    except ValueError:
        return 0


class ExportReader:
    """Iterates over an export's items; `channel` fills up as the channel's own elements are read.

    `on_progress(bytes_read, total_bytes)` is called as the file is read.
    """

    def __init__(self, path, on_progress=None):
        self.path = os.fspath(path)
        self.size = os.path.getsize(self.path)
        self.channel = Channel()
        self.on_progress = on_progress
        self._names = {}

    def _name(self, tag):
        """ "wp:post_id", "content:encoded", "title": a tag by its namespace's family, not its prefix."""
        name = self._names.get(tag)
        if name is None:
            if isinstance(tag, str) and tag.startswith("{"):
                uri, local = tag[1:].split("}", 1)
                family = next((family for pattern, family in _NAMESPACE_FAMILIES if pattern.match(uri)), uri)
                name = f"{family}:{local}"
            else:
                name = tag if isinstance(tag, str) else ""
            self._names[tag] = name
        return name

    def __iter__(self) -> Iterator[Item]:
        with open(self.path, "rb") as raw:
            source = _CountingFile(raw)
            events = etree.iterparse(
                source,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            checked = False
            depth = 0
            try:
                for event, element in events:
                    if not checked:
                        _refuse_doctype(element)
                        if self._name(element.tag) != "rss":
                            raise ExportError(
                                "This is not a WordPress export: it should start with <rss>, "
                                f"not <{etree.QName(element).localname}>."
                            )
                        checked = True
                    if event == "start":
                        depth += 1
                        continue
                    depth -= 1
                    name = self._name(element.tag)
                    if depth == 2:  # a child of <channel>
                        if name == "item":
                            item = self._item(element)
                            _forget(element)
                            if self.on_progress:
                                self.on_progress(source.position, self.size)
                            yield item
                            continue
                        self._channel_element(name, element)
                        _forget(element)
            except etree.XMLSyntaxError as error:
                line, column = error.position if error.position else (error.lineno, 0)
                # lxml repeats the position at the end of its message; it is said once, first.
                message = re.sub(r",? line \d+, column \d+$", "", error.msg or str(error))
                raise ExportError(
                    f"The file is not well-formed XML at line {line}, column {column}: {message}. Nothing was imported."
                ) from error
            if not checked:
                raise ExportError("The file is empty: it holds no WordPress export.")
            if self.on_progress:
                self.on_progress(self.size, self.size)

    def _channel_element(self, name, element):
        channel = self.channel
        text = element.text or ""
        if name == "title":
            channel.title = text.strip()
        elif name == "link":
            channel.link = text.strip()
        elif name == "wp:base_site_url":
            channel.base_site_url = text.strip()
        elif name == "wp:base_blog_url":
            channel.base_blog_url = text.strip()
        elif name == "wp:wxr_version":
            channel.wxr_version = text.strip()
        elif name == "wp:author":
            values = {self._name(child.tag): child.text or "" for child in element}
            login = values.get("wp:author_login", "").strip()
            if login:
                channel.authors[login] = Author(
                    login=login,
                    display_name=values.get("wp:author_display_name", "").strip() or login,
                    email=values.get("wp:author_email", "").strip(),
                    wp_id=_integer(values.get("wp:author_id")),
                )

    def _item(self, element):
        item = Item(line=element.sourceline or 0)
        for child in element:
            name = self._name(child.tag)
            text = child.text or ""
            if name == "title":
                item.title = text.strip()
            elif name == "link":
                item.link = text.strip()
            elif name == "guid":
                item.guid = text.strip()
            elif name == "dc:creator":
                item.creator = text.strip()
            elif name == "content:encoded":
                item.content = text
            elif name == "excerpt:encoded":
                item.excerpt = text
            elif name == "wp:post_id":
                item.wp_id = _integer(text)
            elif name == "wp:post_date":
                item.post_date = text.strip()
            elif name == "wp:post_date_gmt":
                item.post_date_gmt = text.strip()
            elif name == "wp:post_name":
                item.post_name = text.strip()
            elif name == "wp:status":
                item.status = text.strip()
            elif name == "wp:post_parent":
                item.parent = _integer(text)
            elif name == "wp:menu_order":
                item.menu_order = _integer(text)
            elif name == "wp:post_type":
                item.post_type = text.strip()
            elif name == "wp:post_password":
                item.password = text
            elif name == "wp:attachment_url":
                item.attachment_url = text.strip()
            elif name == "category":
                # WXR 1.0 wrote categories without a domain and tags as domain="tag".
                domain = {"": "category", "tag": "post_tag"}.get(child.get("domain", ""), child.get("domain"))
                item.terms.append(Term(domain, child.get("nicename", ""), text.strip()))
            elif name == "wp:postmeta":
                values = {self._name(part.tag): part.text or "" for part in child}
                if values.get("wp:meta_key"):
                    item.meta[values["wp:meta_key"]] = values.get("wp:meta_value", "")
            elif name == "wp:comment":
                item.comments.append(self._comment(child))
        return item

    def _comment(self, element):
        values = {}
        for part in element:
            values[self._name(part.tag)] = part.text or ""
        return Comment(
            wp_id=_integer(values.get("wp:comment_id")),
            author=values.get("wp:comment_author", "").strip(),
            email=values.get("wp:comment_author_email", "").strip(),
            url=values.get("wp:comment_author_url", "").strip(),
            ip=values.get("wp:comment_author_IP", "").strip(),
            date=values.get("wp:comment_date", "").strip(),
            date_gmt=values.get("wp:comment_date_gmt", "").strip(),
            content=values.get("wp:comment_content", ""),
            approved=values.get("wp:comment_approved", "").strip(),
            type=values.get("wp:comment_type", "").strip(),
            parent=_integer(values.get("wp:comment_parent")),
            user_id=_integer(values.get("wp:comment_user_id")),
        )


def _forget(element):
    """Free what was read: the element, and the siblings already handled before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _refuse_doctype(element):
    """WordPress exports have no DOCTYPE; one that declares entities is an attack or a mistake."""
    docinfo = element.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is None and not docinfo.system_url and not docinfo.public_id:
        return
    entities = list(dtd.iterentities()) if dtd is not None else []
    external = [entity.name for entity in entities if entity.system_url]
    if external or docinfo.system_url:
        raise ExportError(
            "The file declares an external entity or DTD "
            f"({', '.join(external) or docinfo.system_url}) that would read a file or address outside the export "
            "(an XXE attack). WordPress exports never do; the file was refused and nothing was imported."
        )
    if entities:
        raise ExportError(
            f"The file declares {len(entities)} entities in a DOCTYPE, the shape of an entity-expansion "
            "(\u201cbillion laughs\u201d) attack. WordPress exports never do; the file was refused and nothing "
            "was imported."
        )
    raise ExportError("The file has a DOCTYPE, which WordPress exports never have; nothing was imported.")
