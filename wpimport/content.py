"""Turning a WordPress post's HTML into the blog's parts: introduction, letter, pen-name and reply blocks.

A Discussion Blog post holds, in one body, a short introduction, the member's letter (a quote
block, or paragraphs in quotation marks) and the staff reply, which opens with a salutation to
the pen-name ("Hi Cwfranklin,", "Dear Carolyn P.,"). Classic-editor posts have no paragraph
tags: a blank line separates paragraphs, as WordPress's `wpautop` reads it.

The HTML is parsed (lxml) into a small tree of plain nodes; everything that is not on the
allow-list is dropped (scripts, iframes, styles, forms, event attributes: only `href`, `src`,
`alt` and a few class names are ever read), so the output is built from known tags and escaped
text only. Shortcodes: `[caption]` becomes an image with its caption; others are removed and
named in the report, never shown raw.
"""

import re
from dataclasses import dataclass, field
from html import escape

import lxml.html
from lxml import etree

# Never read, never kept: their text is not content either.
DROPPED = {
    "script", "style", "iframe", "object", "embed", "noscript", "form", "input", "button", "select",
    "textarea", "svg", "math", "template", "canvas", "audio", "video", "source", "track", "map", "area",
    "head", "title", "meta", "link", "base", "frame", "frameset", "applet", "param", "dialog",
}  # fmt: skip
# Wrappers whose children are read as if they stood where the wrapper is.
TRANSPARENT_BLOCKS = {"div", "section", "article", "main", "center", "header", "footer", "aside", "nav", "details"}
BLOCKS = (
    {"p", "ul", "ol", "blockquote", "figure", "pre", "table", "hr", "dl", "address"}
    | {f"h{n}" for n in range(1, 7)}
    | TRANSPARENT_BLOCKS
)
HEADINGS = {"h1", "h2", "h3", "h4"}
INLINE_KEPT = {"b": "b", "strong": "b", "i": "i", "em": "i", "br": "br", "a": "a"}

_OPENING_QUOTES = "\u201c\"\u00ab\u201e\u2018'"
_CLOSING_QUOTES = "\u201d\"\u00bb\u201c\u2019'"
_SALUTATION = re.compile(
    r"^\W{0,3}(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)),?\s+"
    r"(?P<name>[^,!:;\u2014\u2013\n]{1,60}?)\s*(?:[,!:;\u2014\u2013]|$)",
    re.IGNORECASE,
)
# Words that end a salutation's name: "Hi Cwfranklin and thank you for writing".
_NAME_STOP = re.compile(r"\s+(?:and|thank|thanks|thankyou|we|i|what|it|this|from)\b.*$", re.IGNORECASE)

# Shortcodes a WordPress site commonly uses; any [name attr="..."], [name /] or [name]...[/name] counts too.
KNOWN_SHORTCODES = {
    "caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed", "contact-form-7", "contact-form",
    "gravityform", "ninja_form", "ninja_forms", "wpforms", "youtube", "vimeo", "soundcloud", "spotify", "tweet",
    "googlemaps", "pdf-embedder", "pdf", "button", "column", "one_half", "one_third", "two_thirds", "row",
}  # fmt: skip
_SHORTCODE = re.compile(
    r"\[(?P<escape>\[?)(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<self>/?)\](?P<escape_end>\]?)"
)
_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s\'"]+))')
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:")


# The tree ---------------------------------------------------------------------------------


@dataclass
class El:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # str | El


def _convert(element):
    """lxml element -> El, dropping what is never kept (its tail text stays)."""
    children = []
    if element.text:
        children.append(element.text)
    for child in element:
        if isinstance(child, etree._Element) and isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag not in DROPPED:
                children.append(_convert(child))
        if child.tail:
            children.append(child.tail)
    attrs = {}
    for key in ("href", "src", "alt", "class", "data-attachment-id"):
        value = element.get(key)
        if value is not None:
            attrs[key] = value
    return El(element.tag.lower() if isinstance(element.tag, str) else "", attrs, children)


def parse_html(html):
    if not html or not html.strip():
        return El("div")
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return El("div", children=[html])
    return _convert(root)


def text_of(node):
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(text_of(child) for child in node.children)


# Shortcodes -------------------------------------------------------------------------------


def _attributes(text):
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTRIBUTE.finditer(text)}


def replace_shortcodes(html, found):
    """[caption] -> <figure> with a <figcaption>; other shortcodes removed (their enclosed text kept)
    and added to `found` ({name: count}). "[[name]]" is WordPress's way to show a shortcode as text."""
    out = []
    position = 0
    for match in _SHORTCODE.finditer(html):
        name = match.group("name").lower()
        attrs_text = match.group("attrs")
        closing_tag = f"[/{match.group('name')}]"
        closes_later = closing_tag in html[match.end() :]
        is_shortcode = name in KNOWN_SHORTCODES or "=" in attrs_text or bool(match.group("self")) or closes_later
        if not is_shortcode or match.start() < position:
            continue
        out.append(html[position : match.start()])
        if match.group("escape") and match.group("escape_end"):
            out.append(escape(match.group(0)[1:-1]))  # "[[gallery]]" shows "[gallery]" as text
            position = match.end()
            continue
        end = match.end()
        inner = ""
        if not match.group("self") and closes_later:
            close_at = html.index(closing_tag, match.end())
            inner = html[match.end() : close_at]
            end = close_at + len(closing_tag)
        if name in ("caption", "wp_caption"):
            attrs = _attributes(attrs_text)
            out.append(_caption_figure(inner, attrs.get("caption", ""), attrs.get("id", "")))
        else:
            found[name] = found.get(name, 0) + 1
            out.append(replace_shortcodes(inner, found) if inner else "")
        position = end
    out.append(html[position:])
    # Closing tags of shortcodes whose opening was not recognised ("[/column]") are noise too.
    return (
        re.sub(r"\[/(?:" + "|".join(re.escape(n) for n in found) + r")\]", "", "".join(out)) if found else "".join(out)
    )


def _caption_figure(inner, caption_attribute, caption_id=""):
    """WordPress's [caption]: the image (maybe in a link), then the caption text."""
    match = re.search(r"(?is)^(\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner)
    if match:
        image, caption = match.group(1), match.group(2).strip()
    else:
        image, caption = inner, ""
    caption = caption or caption_attribute
    # [caption id="attachment_12"] names the attachment even when the image's class does not.
    number = caption_id.removeprefix("attachment_")
    marker = f' data-attachment-id="{number}"' if number.isdigit() else ""
    return f"<figure{marker}>{image}<figcaption>{caption}</figcaption></figure>"


# wpautop ----------------------------------------------------------------------------------


def autop(node):
    """What WordPress's wpautop does for classic-editor posts, on the tree: a blank line ends a
    paragraph, a single line break is a <br>, inside the post and inside quotes and wrappers."""
    children = []
    run = []

    def flush():
        if run:
            children.extend(_paragraphs(run))
            run.clear()

    for child in node.children:
        if isinstance(child, El) and child.tag in BLOCKS:
            flush()
            if child.tag in ("blockquote", *TRANSPARENT_BLOCKS, "li", "td", "th"):
                child = autop(child)
            children.append(child)
        else:
            run.append(child)
    flush()
    return El(node.tag, node.attrs, children)


def _paragraphs(run):
    """Inline nodes -> paragraphs, split at blank lines in their text."""
    paragraphs = [[]]
    for child in run:
        if isinstance(child, str):
            parts = re.split(r"\n[ \t\r\f\v]*\n\s*", child.replace("\r\n", "\n"))
            for index, part in enumerate(parts):
                if index:
                    paragraphs.append([])
                paragraphs[-1].extend(_line_breaks(part))
        else:
            paragraphs[-1].append(child)
    result = []
    for content in paragraphs:
        if "".join(text_of(c) for c in content).strip() or any(isinstance(c, El) and c.tag == "img" for c in content):
            result.append(El("p", {}, _trim(content)))
    return result


def _line_breaks(text):
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if index:
            out.append(El("br"))
        if line:
            out.append(line)
    return out


def _trim(content):
    """No <br> at the start or end of a paragraph (the line breaks around a blank line)."""
    while content and isinstance(content[0], El) and content[0].tag == "br":
        content = content[1:]
    while content and isinstance(content[-1], El) and content[-1].tag == "br":
        content = content[:-1]
    return content


# Blocks -----------------------------------------------------------------------------------


@dataclass
class Image:
    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: int = 0


@dataclass
class Block:
    kind: str  # "heading", "paragraph" (an El holding <p>/<ul>/<ol>), "quote" (an El), "image" (an Image)
    value: object


def blocks_of(root):
    """The post as a flat list of blocks, wrappers flattened, images lifted out of paragraphs."""
    blocks = []
    inline = []

    def flush_inline():
        if inline:
            content = _trim(list(inline))
            if "".join(text_of(c) for c in content).strip():
                _add_paragraph(blocks, El("p", {}, content))
            inline.clear()

    for child in root.children:
        if isinstance(child, str) or child.tag not in BLOCKS:
            if isinstance(child, El) and _is_image(child):
                flush_inline()
                blocks.append(Block("image", _image(child)))
            else:
                inline.append(child)
            continue
        flush_inline()
        tag = child.tag
        if tag in TRANSPARENT_BLOCKS:
            blocks.extend(blocks_of(child))
        elif tag in HEADINGS:
            text = " ".join(text_of(child).split())
            if text:
                blocks.append(Block("heading", text))
        elif tag in ("h5", "h6"):
            _add_paragraph(blocks, El("p", {}, [El("b", {}, child.children)]))
        elif tag == "blockquote":
            blocks.append(Block("quote", child))
        elif tag == "figure":
            blocks.extend(_figure_blocks(child))
        elif tag == "p":
            for block in _paragraph_blocks(child):
                if block.kind == "paragraph":
                    _add_paragraph(blocks, block.value.children[0])
                else:
                    blocks.append(block)
        elif tag in ("ul", "ol"):
            _add_paragraph(blocks, child)
        elif tag == "pre":
            _add_paragraph(blocks, El("p", {}, _line_breaks(text_of(child))))
        elif tag == "table":
            for row in _rows(child):
                _add_paragraph(blocks, El("p", {}, [" \u2013 ".join(row)]))
        elif tag in ("dl", "address"):
            _add_paragraph(blocks, El("p", {}, child.children))
    flush_inline()
    return blocks


def _add_paragraph(blocks, element):
    """Consecutive paragraphs and lists share one rich-text block, as a writer's would."""
    if blocks and blocks[-1].kind == "paragraph":
        blocks[-1].value.children.append(element)
    else:
        blocks.append(Block("paragraph", El("body", {}, [element])))


def _is_image(node):
    if node.tag == "img":
        return True
    # A linked image: <a href="big.jpg"><img></a> stands for the image.
    return (
        node.tag == "a"
        and any(isinstance(c, El) and c.tag == "img" for c in node.children)
        and not text_of(node).strip()
    )


def _first_img(node):
    if isinstance(node, str):
        return None
    if node.tag == "img":
        return node
    for child in node.children:
        found = _first_img(child)
        if found is not None:
            return found
    return None


def _image(node, caption=""):
    img = _first_img(node) or node
    match = _WP_IMAGE_CLASS.search(img.attrs.get("class", ""))
    return Image(
        src=img.attrs.get("src", ""),
        alt=img.attrs.get("alt", ""),
        caption=caption,
        attachment_id=int(match.group(1)) if match else 0,
    )


def _figure_blocks(figure):
    caption = ""
    rest = []
    for child in figure.children:
        if isinstance(child, El) and child.tag == "figcaption":
            caption = " ".join(text_of(child).split())
        else:
            rest.append(child)
    img = _first_img(El("div", {}, rest))
    if img is None:
        inner = blocks_of(El("div", {}, rest))
        if caption:
            inner.append(Block("paragraph", El("body", {}, [El("p", {}, [caption])])))
        return inner
    image = _image(img, caption)
    if not image.attachment_id and figure.attrs.get("data-attachment-id", "").isdigit():
        image.attachment_id = int(figure.attrs["data-attachment-id"])
    return [Block("image", image)]


def _paragraph_blocks(paragraph):
    """A paragraph, split where it holds images: text before, the image, text after."""
    blocks = []
    current = []
    for child in paragraph.children:
        if isinstance(child, El) and _is_image(child):
            content = _trim(current)
            if "".join(text_of(c) for c in content).strip():
                blocks.append(Block("paragraph", El("body", {}, [El("p", {}, content)])))
            current = []
            blocks.append(Block("image", _image(child)))
        else:
            current.append(child)
    content = _trim(current)
    if "".join(text_of(c) for c in content).strip():
        blocks.append(Block("paragraph", El("body", {}, [El("p", {}, content)])))
    return blocks


def _rows(table):
    rows = []

    def walk(node):
        for child in node.children:
            if isinstance(child, El):
                if child.tag == "tr":
                    cells = [" ".join(text_of(c).split()) for c in child.children if isinstance(c, El)]
                    cells = [c for c in cells if c]
                    if cells:
                        rows.append(cells)
                else:
                    walk(child)

    walk(table)
    return rows


# Rich text in Wagtail's stored format -------------------------------------------------------


class Links:
    """How links and images in a post are resolved to objects here; the importer supplies one."""

    def link(self, url):
        """("page", id), ("document", id) or None for a link the import does not know."""
        return None

    def absolute(self, url):
        return url


SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def rich_text(container, links, features=("b", "i", "a", "ul", "ol", "br")):
    """Wagtail's stored rich-text HTML for `container`'s children (<p>, <ul>, <ol>, loose inline)."""
    out = []
    loose = []

    def flush():
        if loose:
            inner = "".join(_inline(c, links, features) for c in loose).strip()
            if inner:
                out.append(f"<p>{inner}</p>")
            loose.clear()

    for child in container.children:
        if isinstance(child, El) and child.tag in ("p", "ul", "ol"):
            flush()
            if child.tag == "p":
                inner = "".join(_inline(c, links, features) for c in _trim(child.children)).strip()
                if inner and _visible(inner):
                    out.append(f"<p>{inner}</p>")
            elif child.tag in features:
                out.append(_list(child, links, features))
            else:
                for item in child.children:
                    if isinstance(item, El) and item.tag == "li":
                        out.append(f"<p>{''.join(_inline(c, links, features) for c in item.children).strip()}</p>")
        elif isinstance(child, El) and child.tag in BLOCKS:
            flush()
            out.append(rich_text(child, links, features))
        else:
            loose.append(child)
    flush()
    return "".join(out)


def _visible(html):
    return bool(re.sub(r"<[^>]*>|\s|\xa0", "", html))


def _list(node, links, features):
    items = []
    for child in node.children:
        if isinstance(child, El) and child.tag == "li":
            parts = []
            for part in child.children:
                if isinstance(part, El) and part.tag in ("ul", "ol"):
                    parts.append(_list(part, links, features))
                elif isinstance(part, El) and part.tag == "p":
                    parts.append("".join(_inline(c, links, features) for c in part.children))
                else:
                    parts.append(_inline(part, links, features))
            items.append(f"<li>{''.join(parts).strip()}</li>")
    return f"<{node.tag}>{''.join(items)}</{node.tag}>" if items else ""


def _inline(node, links, features):
    if isinstance(node, str):
        return escape(node, quote=False)
    tag = INLINE_KEPT.get(node.tag)
    inner = "".join(_inline(c, links, features) for c in node.children)
    if tag == "br":
        return "<br/>" if "br" in features else " "
    if tag in ("b", "i"):
        return f"<{tag}>{inner}</{tag}>" if tag in features and inner.strip() else inner
    if tag == "a" and "a" in features:
        return _link(node.attrs.get("href", ""), inner, links)
    if node.tag in BLOCKS or node.tag == "li":
        return inner + " "
    return inner  # span, font, u, code...: their text, not their markup


def _link(href, inner, links):
    href = (href or "").strip()
    if not inner.strip() or not href or href.startswith("#"):
        return inner
    target = links.link(href)
    if target is not None:
        kind, pk = target
        return f'<a linktype="{kind}" id="{pk}">{inner}</a>'
    url = links.absolute(href)
    if not url.lower().startswith(SAFE_SCHEMES):
        return inner  # javascript:, data: and the like are never kept
    return f'<a href="{escape(url)}">{inner}</a>'


def plain_text(html):
    """Text for a standfirst or a comment: no markup, paragraphs as blank lines, characters as written."""
    root = parse_html(html)
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
            return
        if node.tag == "br":
            out.append("\n")
            return
        block = node.tag in BLOCKS or node.tag == "li"
        if block and out and not "".join(out).endswith("\n\n"):
            out.append("\n\n")
        for child in node.children:
            walk(child)
        if block:
            out.append("\n\n")

    walk(root)
    text = "".join(out)
    text = re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", text)
    return text.strip()


# The post's parts ----------------------------------------------------------------------------


@dataclass
class PostParts:
    intro: list  # blocks before the letter
    letter: El | None  # the letter's paragraphs (a container), or None when none was found
    pen_name: str
    reply: list  # blocks after the letter
    shortcodes: dict  # unknown shortcode name -> count
    pen_name_from: str = ""  # "salutation", "signature", or ""


def post_blocks(html, shortcodes=None):
    """The post's HTML as blocks: block comments gone, shortcodes handled, classic posts given paragraphs."""
    found = {} if shortcodes is None else shortcodes
    classic = not _BLOCK_COMMENT.search(html or "")
    html = replace_shortcodes(html or "", found)
    root = parse_html(html)
    if classic:
        root = autop(root)
    return blocks_of(root)


def split_post(html):
    """Intro, letter, pen-name and reply, as described in this module's docstring."""
    shortcodes = {}
    blocks = post_blocks(html, shortcodes)
    # Whichever comes first is the letter: a quote block, or paragraphs in quotation marks.
    quoted = _find_quoted_paragraphs(blocks)
    quote_block = next((i for i, block in enumerate(blocks) if block.kind == "quote"), None)
    letter, start, end, cite = None, 0, 0, ""
    if quoted is not None and (quote_block is None or quoted[0] < quote_block):
        letter, start, end = _take_quoted_paragraphs(blocks, *quoted)
    else:
        letter, start, end, cite = _quote_block_letter(blocks)
        if letter is None and quoted is not None:
            letter, start, end = _take_quoted_paragraphs(blocks, *quoted)
    if letter is None:
        return PostParts(blocks, None, "", [], shortcodes)
    intro, reply = blocks[:start], blocks[end:]
    pen_name, source = _salutation(reply)
    if not pen_name and cite:
        pen_name, source = cite, "signature"
    return PostParts(intro, letter, pen_name, reply, shortcodes, source)


def _quote_block_letter(blocks):
    for index, block in enumerate(blocks):
        if block.kind == "quote":
            quote = block.value
            cite = ""
            content = []
            for child in quote.children:
                if isinstance(child, El) and child.tag == "cite":
                    cite = " ".join(text_of(child).split()).lstrip("\u2014\u2013- ").strip()
                else:
                    content.append(child)
            letter = El("div", {}, [])
            for inner in blocks_of(autop(El("div", {}, content))):
                if inner.kind == "paragraph":
                    letter.children.extend(inner.value.children)
                elif inner.kind == "heading":
                    letter.children.append(El("p", {}, [inner.value]))
                elif inner.kind == "quote":
                    letter.children.extend(inner.value.children)
            if "".join(text_of(c) for c in letter.children).strip():
                return letter, index, index + 1, cite
    return None, 0, 0, ""


def _find_quoted_paragraphs(blocks):
    """Classic posts: (block, first, last) of the first run of paragraphs that opens and closes with
    quotation marks, or None."""
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        paragraphs = [c for c in block.value.children if isinstance(c, El)]
        for first, paragraph in enumerate(paragraphs):
            if not text_of(paragraph).lstrip().startswith(tuple(_OPENING_QUOTES)):
                continue
            for last in range(first, len(paragraphs)):
                if text_of(paragraphs[last]).rstrip().endswith(tuple(_CLOSING_QUOTES)) and (
                    last > first or len(text_of(paragraph).strip()) > 1
                ):
                    return index, first, last
            break
    return None


def _take_quoted_paragraphs(blocks, index, first, last):
    """The letter out of its block: what comes before is introduction, what comes after is reply."""
    paragraphs = [c for c in blocks[index].value.children if isinstance(c, El)]
    letter = El("div", {}, _unquote(paragraphs[first : last + 1]))
    before, after = paragraphs[:first], paragraphs[last + 1 :]
    replaced = []
    if before:
        replaced.append(Block("paragraph", El("body", {}, before)))
    replaced.append(Block("letter", letter))
    if after:
        replaced.append(Block("paragraph", El("body", {}, after)))
    blocks[index : index + 1] = replaced
    position = index + (1 if before else 0)
    return letter, position, position + 1


def _unquote(paragraphs):
    """The quotation marks that marked the letter go: the page shows it as a quotation already."""
    paragraphs = [El(p.tag, p.attrs, list(p.children)) for p in paragraphs]
    _strip_edge(paragraphs[0], _OPENING_QUOTES, start=True)
    _strip_edge(paragraphs[-1], _CLOSING_QUOTES, start=False)
    return paragraphs


def _strip_edge(element, marks, start):
    """Remove one quotation mark from the first (or last) text of `element`, however deep."""
    children = element.children
    indices = range(len(children)) if start else range(len(children) - 1, -1, -1)
    for i in indices:
        child = children[i]
        if isinstance(child, str):
            if not child.strip():
                continue
            text = child.lstrip() if start else child.rstrip()
            if (text[:1] if start else text[-1:]) in marks:
                children[i] = text[1:] if start else text[:-1]
            return
        _strip_edge(child, marks, start)
        return


def _salutation(reply_blocks):
    """The pen-name from the reply's opening line, "Hi Cwfranklin," or "Dear Carolyn P.,"."""
    for block in reply_blocks[:2]:
        if block.kind != "paragraph":
            continue
        first = next((c for c in block.value.children if isinstance(c, El)), None)
        match = _SALUTATION.match(" ".join(text_of(first).split())) if first is not None else None
        if match is None:
            continue
        name = match.group("name").strip()
        if not re.search(r"\b[A-Z]\.$", name):  # "Carolyn P." keeps its initial's full stop
            name = _NAME_STOP.sub("", name).strip().rstrip(".")
        if name and len(name.split()) <= 4:
            return name, "salutation"
    return "", ""
