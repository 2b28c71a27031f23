"""What makes a reply's title a headline, and what only names the letter writer.

"Start reply" names the draft "Reply to <pen-name>" so the writer can find it; a
reader learns nothing from that title, so a reply is not submitted for review
under it, nor under any title that is only the pen-name.
"""

import re

HEADLINE_HELP = (
    "The headline readers see: what the letter asks, in the family's words, e.g. "
    "\u201cOur son is tapering off fentanyl: how do we talk about treatment?\u201d. "
    "Not the pen-name: \u201cReply to \u2026\u201d is only a placeholder, and a reply is not sent "
    "for review under it."
)

# Words that, in front of a pen-name, still make a title that only names the letter writer.
_PREFIXES = [
    ("reply", "to"),
    ("a", "reply", "to"),
    ("our", "reply", "to"),
    ("response", "to"),
    ("re",),
    ("letter", "from"),
    ("a", "letter", "from"),
    ("dear",),
    ("to",),
    ("for",),
]
_WORD = re.compile(r"\w+")


def _words(text):
    return [word.casefold() for word in _WORD.findall(text or "")]


def is_placeholder_title(title, pen_names):
    """True when `title` is one of `pen_names`, alone or after "Reply to", "Re:", "Letter from"..."""
    words = tuple(_words(title))
    for name in pen_names:
        name_words = tuple(_words(name))
        if not name_words:
            continue
        if words == name_words:
            return True
        for prefix in _PREFIXES:
            if words == prefix + name_words:
                return True
    return False
