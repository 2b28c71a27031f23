"""Excerpts of stored text around the words a reader searched for, with the words wrapped in <mark>.

Every piece of text is escaped before it is joined with markup: nothing a reader or
writer typed is ever marked safe as it is.
"""

import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator

EXCERPT_LENGTH = 220
# How much of the text before the first match the excerpt keeps, so the match has context.
LEAD_IN = 70
ELLIPSIS = "\u2026"

# Endings trimmed so that "talks" also marks "talking" (PostgreSQL stems English words; SQLite does not).
SUFFIXES = ("ing", "ed", "es", "s")


def _root(term):
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def match_pattern(terms):
    """A regex matching whole words that start with any of `terms` (or their roots), or None."""
    roots = sorted({_root(term) for term in terms if term}, key=len, reverse=True)
    if not roots:
        return None
    alternatives = "|".join(re.escape(root) for root in roots)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def highlight(text, pattern):
    """All of `text`, escaped, with the matches of `pattern` in <mark>."""
    text = text or ""
    if pattern is None:
        return escape(text)
    pieces = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    pieces.append(escape(text[last:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def excerpt(text, pattern, length=EXCERPT_LENGTH):
    """About `length` characters of `text` around its first match, highlighted; None when nothing matches."""
    text = " ".join((text or "").split())
    match = pattern.search(text) if pattern is not None else None
    if match is None:
        return None
    start = max(0, match.start() - LEAD_IN)
    if start:
        # Begin at a word boundary rather than inside a word.
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else match.start()
    end = start + length
    if end < len(text):
        space = text.rfind(" ", max(match.end(), start + length // 2), end)
        end = space if space != -1 else max(end, match.end())
    window = text[start:end].strip()
    prefix = ELLIPSIS if start else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return format_html("{}{}{}", prefix, highlight(window, pattern), suffix)


def opening(text, length=EXCERPT_LENGTH):
    """The start of `text`, cut at a word, escaped: for results whose match is in a field not shown."""
    return escape(Truncator(" ".join((text or "").split())).chars(length))
