"""What a reader typed, made safe to echo and to hand to the search backend."""

import re

# Longer than any real question a reader would type into the box; the box itself stops at 200.
MAX_QUERY_LENGTH = 200
# The backend ANDs the terms together; beyond this many, nothing would match anyway.
MAX_TERMS = 10
MAX_TERM_LENGTH = 40

# Letters and digits only: quotes, backslashes, operators and other punctuation never reach FTS5 or tsquery.
WORD = re.compile(r"[^\W_]+")


def tidy_query(raw):
    """The query as echoed back: control characters gone, whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    # Cut first so a 10,000-character query costs no more than a 200-character one.
    raw = (raw or "")[: MAX_QUERY_LENGTH * 2]
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The distinct words of `query`, lower-cased, in order: what the backend searches for."""
    terms = []
    for word in WORD.findall(query or ""):
        term = word.lower()[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms
