"""The letter as it arrived beside the letter as it will be published, with the edit marked.

The reviewer checks the de-identification itself: what was removed or changed, and that nothing new
identifies anyone. Paragraphs are lined up first (a paragraph cut or split shows as such), then each
pair is compared word by word. Plain functions on text; the privacy check's form shows the rows.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import unescape

SAME, REMOVED, ADDED = "same", "removed", "added"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)>", re.IGNORECASE)
# A line break inside a paragraph reads as the letter writer's own line break: within the paragraph.
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")
# A word with the space after it: the marks cover whole words and the spaces between changed ones.
_TOKENS = re.compile(r"\S+\s*")


@dataclass
class Row:
    """One line of the side-by-side view: a paragraph as it arrived and as it will be published.

    Each side is a list of (kind, text) segments; a side is None where the paragraph has no counterpart.
    """

    original: list | None = field(default=None)
    published: list | None = field(default=None)

    @property
    def changed(self):
        sides = (self.original or []) + (self.published or [])
        return self.original is None or self.published is None or any(kind != SAME for kind, _text in sides)


def _words(text):
    return " ".join(text.split())


def paragraphs_of_text(text):
    """A letter as sent (plain text): its paragraphs, each on one line."""
    return [_words(part) for part in _PARAGRAPH_BREAK.split(text or "") if part.strip()]


def paragraphs_of_html(html):
    """The published letter (rich text): its paragraphs, each on one line."""
    text = unescape(_TAG.sub("", _LINE_BREAK.sub("\n", _BLOCK_END.sub("\n\n", html or ""))))
    return paragraphs_of_text(text)


def _merge(segments):
    merged = []
    for kind, text in segments:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    return merged


def compare_paragraphs(before, after):
    """Word by word: (segments as it arrived, segments as it will be published)."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left, right = [], []
    words = SequenceMatcher(None, [t.rstrip() for t in old], [t.rstrip() for t in new], autojunk=False)
    for op, i1, i2, j1, j2 in words.get_opcodes():
        if op == "equal":
            left.append((SAME, "".join(old[i1:i2])))
            right.append((SAME, "".join(new[j1:j2])))
        else:
            left.append((REMOVED, "".join(old[i1:i2])))
            right.append((ADDED, "".join(new[j1:j2])))
    return _merge(left), _merge(right)


def letter_changes(original_text, published_html):
    """Rows lining up the letter as it arrived with the letter as it will be published."""
    before, after = paragraphs_of_text(original_text), paragraphs_of_html(published_html)
    rows = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [Row([(SAME, text)], [(SAME, text)]) for text in before[i1:i2]]
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for index in range(max(len(olds), len(news))):
            old = olds[index] if index < len(olds) else None
            new = news[index] if index < len(news) else None
            if old is not None and new is not None:
                rows.append(Row(*compare_paragraphs(old, new)))
            elif old is not None:
                rows.append(Row([(REMOVED, old)], None))
            else:
                rows.append(Row(None, [(ADDED, new)]))
    return rows
