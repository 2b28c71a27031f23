"""The letter as it arrived in the inbox, for the privacy check: a registry the inbox fills.

Letters live in the discussion app, above blog; blog never imports it. discussion registers a
function that finds the original of a reply's letter (`discussion/pipeline.py`, connected from its
`AppConfig.ready()`); the privacy check asks `original_letter(page)`.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OriginalLetter:
    text: str  # as the letter writer sent it: plain text, paragraphs split by blank lines
    received_at: datetime
    pen_name: str


_finders = []


def register_original_letter(finder):
    """`finder(page)` returns an `OriginalLetter` for a reply, or None; registered once per process."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def original_letter(page):
    """The letter the reply `page` answers, as it arrived; None if it has none (imported, or written without one)."""
    if page is None or not page.pk:
        return None
    for finder in _finders:
        original = finder(page)
        if original is not None:
            return original
    return None
