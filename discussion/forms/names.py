"""Names readers choose (a letter's pen-name, a comment's display name): shown to other people, so they
must show.

A name needs at least one visible character: a letter, digit, punctuation mark or symbol in any script.
Made only of spaces, control or format characters (zero-width spaces, bidirectional controls, the
byte-order mark), combining marks with nothing to sit on, or the letters that draw as blank space
(Hangul fillers, the blank Braille pattern), it would show as nothing at all, or as someone else's
name. Zero-width joiners and non-joiners are kept: emoji sequences and scripts such as Devanagari and
Persian need them between real letters.

Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are removed from
every name, with zero-width spaces, word joiners and byte-order marks: an override can make the text
shown after a name read backwards, and the others only make two names that look alike differ.
"""

import unicodedata

_STRIPPED = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"))
# Letters and symbols by category that draw nothing: the usual way to make a name look empty.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def without_hidden_controls(name):
    """`name` without bidirectional embeddings, overrides and isolates, zero-width spaces and the like."""
    return name.translate(_STRIPPED)


def has_visible_character(name):
    """Whether anything in `name` shows: a letter, digit, punctuation mark or symbol that is not blank."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in _BLANK for char in name)
