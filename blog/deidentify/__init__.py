"""The de-identification assistant's engine: every likely identifying detail in a letter and its reply.

`find_identifying_details(text_fields, pen_name, staff_names)` returns `Finding`s: personal names
(other than the pen-name and staff writers), places (towns, regions, streets, landmarks),
institutions (schools, colleges, employers, clinics, programmes, courts), exact ages, calendar
dates and contact details, each with its field, its characters and the words around it. Findings
block nothing: the reviewer marks each one "changed" or "fine as it is".

Names, places and institutions come from spaCy's English model (language_model.py), corrected and
completed by rules and a gazetteer (engine.py, gazetteer.py, vocabulary.py); ages, dates and
contact details from patterns (patterns.py, which reuses blog/privacy.py's checks). Nothing leaves
the machine. Measured on tests/data/deid/ by `python -m tests.deid_eval`.
"""

from dataclasses import asdict, dataclass

from django.conf import settings

KINDS = ("name", "place", "institution", "age", "date", "contact")
KIND_LABELS = {
    "name": "a personal name",
    "place": "a place",
    "institution": "an institution",
    "age": "an exact age",
    "date": "a date",
    "contact": "contact details",
}
# Bump when the rules change, so revisions analysed before are analysed again.
ENGINE_VERSION = "1"
CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # exactly as written
    field: str  # "title", "standfirst", "pen_name", "letter" or "reply"
    start: int  # offsets into that field's plain text
    end: int
    context: str  # the words around it, on one line, "…" where cut

    @property
    def key(self):
        """Stable within a revision: what a reviewer's "changed" / "fine as it is" mark refers to."""
        return f"{self.field}:{self.start}-{self.end}:{self.kind}"

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    def as_dict(self):
        return {**asdict(self), "key": self.key, "label": self.label}

    @classmethod
    def from_dict(cls, data):
        return cls(**{name: data[name] for name in ("kind", "text", "field", "start", "end", "context")})


def context_of(text, start, end, chars=CONTEXT_CHARS):
    """The words around text[start:end], whole words only, newlines as spaces."""
    left = max(0, start - chars)
    right = min(len(text), end + chars)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    snippet = " ".join(text[left:right].split())
    return ("\u2026" if left > 0 else "") + snippet + ("\u2026" if right < len(text) else "")


def allowed_terms():
    """The organisation's own name and what an operator lists in DEID_ALLOWED_TERMS: never findings."""
    return [settings.WAGTAIL_SITE_NAME, *getattr(settings, "DEID_ALLOWED_TERMS", [])]


def find_identifying_details(text_fields, pen_name="", staff_names=()):
    """Every likely identifying detail in {field: plain text}, in field order, then text order.

    The pen-name and the staff writers' names are not findings when quoted (a greeting, a byline),
    but a town inside a pen-name is ("Tired in Headingley").
    """
    from .engine import Exclusions, analyse

    exclusions = Exclusions(pen_name, staff_names, allowed_terms())
    results = analyse(dict(text_fields), exclusions)
    findings = []
    for field, text in text_fields.items():
        for kind, start, end in results.get(field, []):
            findings.append(Finding(kind, text[start:end], field, start, end, context_of(text, start, end)))
    return findings


def engine_version():
    """The engine's rules and the model that found names and places: stored with each analysis."""
    from .language_model import model_version

    return f"deid {ENGINE_VERSION}; {model_version()}"
