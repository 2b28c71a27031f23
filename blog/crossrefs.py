"""Cross-references from a reply's text to the numbered CRAFT curriculum modules.

Replies cite modules in running text: "Module 3", "(Module 4)", "Modules 5 and 6",
"Modules 3, 5 and 6", "modules 5-6". `find_module_mentions` is the one parser;
everything else here builds on it.
"""

import re
from dataclasses import dataclass
from html import escape

# A space, or the non-breaking space rich text editors like to insert.
_SPACE = r"(?:\s|&nbsp;)+"
# A module number: a whole number, not the start of "3rd", "3.5" or "3a".
_NUMBER = r"\d{1,3}(?!\w|\.\d)"
_RANGE_WORDS = r"-|–|—|to|through"
_LIST_WORDS = r",\s*(?:and|or|&amp;|&)?|and|or|&amp;|&"
_SEPARATOR = rf"\s*(?:{_LIST_WORDS}|{_RANGE_WORDS})\s*"

_MENTION = re.compile(
    rf"\bmodules?{_SPACE}(?P<numbers>{_NUMBER}(?:{_SEPARATOR}{_NUMBER})*)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_IS_RANGE = re.compile(rf"^\s*(?:{_RANGE_WORDS})\s*$", re.IGNORECASE)
# A range wider than the curriculum is a typo or a different number, not a range.
_MAX_RANGE = 20


@dataclass(frozen=True)
class NumberToken:
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class ModuleMention:
    """One mention in a text: its span, the numbers as written, and every module it covers."""

    start: int
    end: int
    tokens: tuple[NumberToken, ...]
    numbers: tuple[int, ...]


def find_module_mentions(text: str) -> list[ModuleMention]:
    """Every module mention in `text` (plain text or HTML text), in order."""
    mentions = []
    for match in _MENTION.finditer(text):
        offset = match.start("numbers")
        tokens = tuple(
            NumberToken(int(m.group()), offset + m.start(), offset + m.end())
            for m in _DIGITS.finditer(match.group("numbers"))
        )
        numbers = [tokens[0].number]
        for previous, token in zip(tokens, tokens[1:], strict=False):
            between = text[previous.end : token.start]
            low, high = previous.number, token.number
            if _IS_RANGE.match(between) and 0 < high - low <= _MAX_RANGE:
                numbers.extend(range(low + 1, high + 1))
            else:
                numbers.append(high)
        unique = tuple(dict.fromkeys(n for n in numbers if n > 0))
        if unique:
            mentions.append(ModuleMention(match.start(), match.end(), tokens, unique))
    return mentions


def module_numbers(text: str) -> set[int]:
    """The set of module numbers `text` mentions."""
    return {number for mention in find_module_mentions(text) for number in mention.numbers}


_TAG = re.compile(r"(<[^>]*>)")


def link_module_mentions(html: str, modules: dict[int, tuple[str, str]]) -> str:
    """Wrap module mentions in `html` in links.

    `modules` maps a module number to (url, title) for the modules a reader may
    follow; a number missing from it stays plain text, so a reader never meets a
    broken link. Text already inside a link is left alone.
    """
    if not modules or "odule" not in html:
        return html
    parts = _TAG.split(html)
    inside_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                inside_link += 1
            elif lowered.startswith("</a"):
                inside_link = max(0, inside_link - 1)
        elif part and not inside_link:
            parts[index] = _link_text(part, modules)
    return "".join(parts)


def _anchor(url: str, number: int, title: str, text: str) -> str:
    label = escape(f"Module {number}: {title}")
    return f'<a class="module-link" href="{escape(url)}" title="{label}">{text}</a>'


def _link_text(text: str, modules: dict[int, tuple[str, str]]) -> str:
    out = []
    cursor = 0
    for mention in find_module_mentions(text):
        out.append(text[cursor : mention.start])
        if len(mention.tokens) == 1:
            # "Module 3": the whole phrase is the link text.
            number = mention.tokens[0].number
            phrase = text[mention.start : mention.end]
            if number in modules:
                url, title = modules[number]
                out.append(_anchor(url, number, title, phrase))
            else:
                out.append(phrase)
        else:
            # "Modules 5 and 6": each number is its own link.
            inner = mention.start
            for token in mention.tokens:
                out.append(text[inner : token.start])
                written = text[token.start : token.end]
                if token.number in modules:
                    url, title = modules[token.number]
                    out.append(_anchor(url, token.number, title, written))
                else:
                    out.append(written)
                inner = token.end
            out.append(text[inner : mention.end])
        cursor = mention.end
    out.append(text[cursor:])
    return "".join(out)
