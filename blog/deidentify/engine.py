"""How the findings are put together: the language model's entities, corrected and completed by rules.

Each source proposes candidates (kind, start, end) with a priority; where two overlap, the more
trustworthy keeps its characters and the other keeps what is left of its own, if anything:

    100 contact details, 90 dates, 80 ages           patterns (patterns.py)
     70 the pen-name's places, wherever it is quoted ("Dear IdahoMom")
     62 a name before an institution's noun            "the Domino Sugar plant"
     60 a name ending in a street or institution word  "Loomis Street", "Surrey Memorial"
     55 a person by what is said of them               "my husband Rob", "Dr O'Leary", "Kayla is 17"
     50 an institution or home by what comes before    "a job at Carleton", "we live in Easterhouse"
     45 the same words found elsewhere in the letter or reply
     40 a model entity the gazetteer re-labels         "in Alloa", read as a person
     35 a town or region after "in", "near", "from"... that the model missed
     30 a model entity as labelled                     PERSON name, GPE/LOC/FAC place, ORG institution
     25 any other capitalised name after "in"          "in Wythenshawe"
"""

import re
from collections import Counter
from dataclasses import dataclass

from . import gazetteer, patterns
from .language_model import has_entities, nlp
from .vocabulary import (
    DIRECTIONS,
    FAMILY_ROLES,
    INSTITUTION_CUES,
    INSTITUTION_HEADS,
    INSTITUTION_NOUNS,
    LIVING_CUES,
    NOT_IDENTIFYING,
    NUMBERED_ROADS,
    PERSON_AT_VERBS,
    PERSON_CUES,
    PLACE_HEADS,
    PLACE_PHRASES,
    SALUTATIONS,
    TITLES,
)

KIND_ORDER = ("name", "place", "institution")
PATTERN_PRIORITY = {"contact": 100, "date": 90, "age": 80}
PEN_NAME_PLACE = 70
INSTITUTION_NOUN = 62
HEAD_RULE = 60
PERSON_CUE = 55
CONTEXT_RULE = 50
ELSEWHERE = 45
RELABELLED = 40
GAZETTEER = 35
ENTITY = 30
AFTER_IN = 25

ENTITY_KINDS = {"PERSON": "name", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "institution"}
# Labels the model gives to what is sometimes a place or an institution it does not know.
OTHER_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT"}
# Labels that say a capitalised word is no place: "in Spanish", "in Catholic school".
NOT_PLACE_LABELS = {"NORP", "LANGUAGE", "PERSON", "DATE", "TIME", "LAW"}

# Before a place: "in Alloa", "near Hollyhill", "out past Sperry". The weaker ones do not overrule
# the model when it reads a person ("got it from Tyler").
STRONG_LOCATIVES = {"in", "near", "outside", "around", "past", "off", "across", "throughout"}
WEAK_LOCATIVES = {"from", "to", "towards", "toward", "via", "between", "at"}
# A run of capitalised words may hold these: "University of Vermont", "Harland and Wolff", "Hume-Fogg".
CONNECTORS = {"of", "and", "&", "for", "de", "la", "le", "van", "von", "du", "upon", "-"}
STOPWORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "from", "with", "by", "&", "-", "'s"}
# Last words of street and place names that are also surnames: "Emma Hill" stays a person.
SURNAME_HEADS = {"hill", "green", "lane", "park", "way", "brook", "ford", "mill", "mills", "hall", "wood", "field"}
SAINT_POSSESSIVE = re.compile(r"^(?:St\.?|Saint)\s+[A-Z][\w.]*(?:['\u2019]s)$")
NUMBERED_ROAD = re.compile(
    r"\b(?:"
    + "|".join(re.escape(road).replace(r"\ ", r"\s+") for road in NUMBERED_ROADS)
    + r")\s*-?\s*\d{1,4}[A-Z]?\b",
    re.IGNORECASE,
)
# "the East End", "the North Side", "South London", "West Auckland": a part of a town is a place.
DISTRICT = re.compile(
    r"\b(?:North|South|East|West|Upper|Lower)(?:\s*(?:East|West))?"
    r"(?:\s+(?:Side|End)\b|\s+(?P<rest>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))"
)
CAMEL_WORDS = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]\.[A-Z]\.")
# Between a name and its age: "Kayla is 17", "Ava, 16,", "Lachlan (15)", "the baby, Ruby, turned 2".
NAME_THEN_AGE = re.compile(r"^(?:\s*,\s*|\s*\(\s*|\s+(?:is|was|turned|turns|just turned|['\u2019]s)\s+|['\u2019]s\s+)$")
# Inside a model entity, a place after its institution: "the Walgreens on Broadway".
INNER_PLACE = re.compile(r"\s+(?:on|in|at|near|off)\s+(?=[A-Z])")
TRAILING_WORDS = {"in", "on", "at", "of", "and", "near", "from", "to", "the", "a", "for"}
ABBREVIATION = re.compile(r"\b(?:St|Dr|Mr|Mrs|Ms|Jr|Sr|Co|Inc|Ltd|Corp)\.$")


@dataclass(frozen=True)
class Candidate:
    kind: str
    start: int
    end: int
    priority: int


def _words(text):
    return {word for word in re.split(r"[^\w'\u2019-]+", text.lower()) if word}


class Exclusions:
    """What is not a finding in this reply: the pen-name, the staff writers, terms that identify no one."""

    def __init__(self, pen_name="", staff_names=(), allowed_terms=()):
        self.pen_name = pen_name.strip()
        self.pen_words = _words(pen_name) | _words(" ".join(CAMEL_WORDS.findall(pen_name)))
        # The pen-name as a whole, as written and as its words: "Cwfranklin", "idaho mom" for "IdahoMom".
        self.pen_forms = {self.pen_name.lower(), " ".join(CAMEL_WORDS.findall(self.pen_name)).lower()} - {""}
        self.staff_words = set()
        for name in staff_names:
            self.staff_words |= _words(name)
        self.allowed = {term.strip().lower() for term in allowed_terms if term and term.strip()}

    def identifies_no_one(self, kind, text):
        lower = text.lower().strip()
        bare = lower.removeprefix("the ").strip()
        if not text or not any(char.isupper() for char in text):
            return True
        if bare in NOT_IDENTIFYING or lower in NOT_IDENTIFYING or bare in self.allowed:
            return True
        if re.fullmatch(r"modules?\s*\d.*", bare) or gazetteer.is_country(bare):
            return True
        words = {word.removesuffix("'s").removesuffix("\u2019s") for word in _words(text)} - STOPWORDS
        if not words or words <= (NOT_IDENTIFYING | FAMILY_ROLES | SALUTATIONS):
            return True
        if kind == "name":
            # The whole pen-name is no finding, but a name inside one is ("Daniel" of "Daniel's Mum").
            whole = lower.removesuffix("'s").removesuffix("\u2019s")
            return whole in self.pen_forms or words <= self.staff_words
        # A town in the pen-name is still a town ("Mam in Mumbles"); the rest of it is no institution.
        return kind == "institution" and words <= self.pen_words


def _tidy(text, start, end, kind):
    """The span without surrounding spaces and punctuation, a greeting, a leading "the", a trailing
    preposition (or, for a person, a possessive). None when nothing is left."""
    changed = True
    while changed and end - start >= 2:
        changed = False
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".'\u2019"):
            end -= 1
        span = text[start:end]
        if span.endswith((".", "'", "\u2019")) and not ABBREVIATION.search(span):
            end -= 1
            changed = True
            continue
        first = re.match(r"(\S+?),?\s+", span)
        if first and first.group(1).lower() in SALUTATIONS | {"the"}:
            start += first.end()
            changed = True
            continue
        last = re.search(r"\s+(\S+)$", span)
        if last and last.group(1).lower() in TRAILING_WORDS:
            end = start + last.start()
            changed = True
            continue
        if kind == "name" and span.endswith(("'s", "\u2019s")):
            end -= 2
            changed = True
    return (start, end) if end - start >= 2 else None


def _last_word(span):
    words = [word for word in re.findall(r"[\w'\u2019]+", span) if word.lower() not in DIRECTIONS]
    return words[-1].lower().removesuffix("'s").removesuffix("\u2019s") if words else ""


def _head_kind(span):
    """ "place" or "institution" from the words a name ends with, or None."""
    lower = span.lower()
    if any(phrase in lower for phrase in PLACE_PHRASES):
        return "place"
    if SAINT_POSSESSIVE.match(span):
        return "institution"
    if re.match(r"(?:the\s+)?(?:university|college|institute|academy)\s+of\s", lower):
        return "institution"
    head = _last_word(span)
    if head in PLACE_HEADS:
        return "place"
    if head in INSTITUTION_HEADS:
        return "institution"
    return None


class Field:
    """One field's text, its parse, and where the model saw what."""

    def __init__(self, text, doc):
        self.text = text
        self.doc = doc
        self.entities = list(getattr(doc, "ents", ()))

    def label_at(self, start, end):
        for ent in self.entities:
            if ent.start_char < end and start < ent.end_char:
                return ent.label_
        return None

    def words_before(self, index, count=1):
        return [token.lower_ for token in self.doc[max(0, index - count) : index]]

    def word_before(self, index):
        return self.doc[index - 1].lower_ if index > 0 else ""

    def preceded_by(self, index, phrases):
        before = " ".join(self.words_before(index, 3))
        return any(before == phrase or before.endswith(" " + phrase) for phrase in phrases)

    def institution_context(self, index):
        """Whether what starts at token `index` is an employer, a school or a service by the words before it."""
        position = index - 1 if index > 0 and self.doc[index - 1].lower_ == "the" else index
        preposition = self.doc[position - 1].lower_ if position > 0 else ""
        before = set(self.words_before(position - 1, 3))
        if preposition == "at":
            return not (before & PERSON_AT_VERBS)
        if preposition in {"for", "with", "to", "by"}:
            return bool(before & INSTITUTION_CUES)
        return False


def _sentence_initial(token):
    """First word of a sentence or paragraph, after any quotes or brackets."""
    doc = token.doc
    index = token.i
    while True:
        if doc[index].is_sent_start or index == 0:
            return True
        previous = doc[index - 1]
        if previous.is_space:
            return "\n" in previous.text or index - 1 == 0
        if previous.text in {".", "!", "?", ":", ";"}:
            return True
        if previous.text not in {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "(", "[", "\u2014", "-", "\u2013"}:
            return False
        index -= 1


def _is_capitalised(token):
    if not token.text[:1].isupper() or token.text in {"I", "I'm", "I've", "I'd", "I'll"}:
        return False
    return not (_sentence_initial(token) and token.tag_ and token.tag_ not in {"NNP", "NNPS"})


def _acronym_identifying_no_one(token):
    # "works FIFO for Rio Tinto": "FIFO" starts no name
    return token.text.isupper() and len(token.text) > 1 and token.lower_ in NOT_IDENTIFYING


def capitalised_runs(doc):
    """Runs of capitalised words ("Glasgow Sheriff Court", "University of Vermont"), as token spans."""
    runs, current = [], []
    for token in doc:
        if "\n" in token.text or (token.is_sent_start and current):
            if current:
                runs.append(current)
            current = []
            if "\n" in token.text:
                continue
        joined = current and not current[-1].whitespace_ and (token.text == "-" or current[-1].text == "-")
        if not current and _acronym_identifying_no_one(token):
            continue
        if joined or _is_capitalised(token) or (current and token.text[:1].isupper() and token.text != "I"):
            current.append(token)  # "Hume-Fogg", "Chick-fil-A" are one name
        elif current and (token.lower_ in CONNECTORS or token.text in {"'s", "\u2019s"}):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    spans = []
    for run in runs:
        while run and not run[-1].text[:1].isupper() and run[-1].text not in {"'s", "\u2019s"}:
            run = run[:-1]
        if run:
            spans.append(doc[run[0].i : run[-1].i + 1])
    return spans


def entity_candidates(field):
    text = field.text
    found = []
    for ent in field.entities:
        label = ent.label_
        if label not in ENTITY_KINDS and label not in OTHER_LABELS:
            continue
        # A sentence's first word is capitalised whatever it is: "Carry naloxone", "Pills bought online".
        if len(ent) == 1 and _sentence_initial(ent[0]) and ent[0].tag_ not in {"NNP", "NNPS"}:
            continue
        start, end = ent.start_char, ent.end_char
        hyphenated = re.match(r"(?:-[\w]+)+", text[end:])
        if hyphenated:  # "Chick-fil-A" read as "Chick"
            end += hyphenated.end()
        pieces = [(start, end, label)]
        inner = INNER_PLACE.search(text, start, end)
        if inner and label in {"ORG", "FAC"}:
            pieces = [(start, inner.start(), label), (inner.end(), end, "GPE")]
        for piece_start, piece_end, piece_label in pieces:
            candidate = _entity_candidate(field, ent, piece_start, piece_end, piece_label)
            if candidate:
                found.append(candidate)
    return found


def _entity_candidate(field, ent, start, end, label):
    bare = field.text[start:end].strip()
    for word in ("Dear ", "Hi ", "Hello ", "the ", "The "):
        bare = bare.removeprefix(word)
    head = _head_kind(bare)
    place = label == "GPE" or gazetteer.is_place(bare.removesuffix("'s").removesuffix("\u2019s"))
    after_the = field.word_before(ent.start) == "the"
    locative = field.word_before(ent.start) in STRONG_LOCATIVES or (
        label != "PERSON" and field.word_before(ent.start) in WEAK_LOCATIVES
    )
    if label in OTHER_LABELS:
        if head:
            return Candidate(head, start, end, RELABELLED)
        if place and locative:
            return Candidate("place", start, end, RELABELLED)
        return None
    kind = ENTITY_KINDS[label]
    if head and not (label == "PERSON" and _last_word(bare) in SURNAME_HEADS):
        return Candidate(head, start, end, RELABELLED if head != kind else ENTITY)
    if label in {"PERSON", "ORG"} and place and (locative or (label == "PERSON" and after_the)):
        return Candidate("place", start, end, RELABELLED)
    if label == "PERSON" and after_the:  # "the Fred Meyer": people go without an article
        return Candidate("institution", start, end, RELABELLED)
    return Candidate(kind, start, end, ENTITY)


def _name_list(doc, index):
    """Names listed from token `index`: "Sofia, Mateo and Lucas" -> their spans."""
    names, position = [], index
    while position < len(doc) and doc[position].text[:1].isupper():
        end = position + 1
        if end < len(doc) and doc[end].text[:1].isupper() and doc[position].whitespace_ != "":
            end += 1  # a surname: "Tyler Kowalchuk"
        names.append(doc[position:end])
        position = end
        if position < len(doc) and doc[position].text == ",":
            position += 1
        if position < len(doc) and doc[position].lower_ in {"and", "&"}:
            position += 1
        elif names and (position >= len(doc) or doc[position - 1].text != ","):
            break
    return names


def rule_candidates(field, ages):
    """Candidates from what surrounds a capitalised name (or a numbered road), whatever the model said."""
    doc, text = field.doc, field.text
    found = []
    age_starts = [start for _kind, start, _end in ages]
    for span in capitalised_runs(doc):
        first = span[0]
        head = _head_kind(span.text)
        label = field.label_at(span.start_char, span.end_char)
        # "Dr O'Leary", "Officer Lyle", "Mrs. Doucette"
        if first.lower_.rstrip(".") in TITLES and len(span) > 1:
            found.append(Candidate("name", span.start_char, span.end_char, PERSON_CUE))
            continue
        # "my husband Rob", "his sponsor, Dana", "three kids, Sofia, Mateo and Lucas"
        cue_index = span.start - 1
        if cue_index >= 0 and doc[cue_index].text == ",":
            cue_index -= 1
        cue = doc[cue_index].lower_ if cue_index >= 0 else ""
        plural_cue = cue.removesuffix("s") in PERSON_CUES or cue in {"kids", "children", "named", "called"}
        if plural_cue and (head is None or _last_word(span.text) in SURNAME_HEADS):
            for name in _name_list(doc, span.start):
                found.append(Candidate("name", name.start_char, name.end_char, PERSON_CUE))
            continue
        # "Kayla is 17", "Ava, 16,", "Ruby, turned 2"
        if len(span) <= 2 and head is None:
            between = [text[span.end_char : start] for start in age_starts if 0 <= start - span.end_char <= 16]
            if any(NAME_THEN_AGE.match(gap) for gap in between):
                found.append(Candidate("name", span.start_char, span.end_char, PERSON_CUE))
                continue
        # "the Domino Sugar plant", "the Quibble Creek sobering centre"
        following = [token.lower_ for token in doc[span.end : span.end + 2] if token.is_alpha]
        if following and doc[span.end].text[:1].islower() and INSTITUTION_NOUNS & set(following):
            found.append(Candidate("institution", span.start_char, span.end_char, INSTITUTION_NOUN))
            continue
        if head and len(span) > 1 and not (label == "PERSON" and _last_word(span.text) in SURNAME_HEADS):
            found.append(Candidate(head, span.start_char, span.end_char, HEAD_RULE))
            continue
        if span.text.endswith(("'s", "\u2019s")) or label in {"DATE", "TIME"}:
            continue
        # "we live in Easterhouse", "a job at Carleton", "works for Rio Tinto", "detox at Hooper"
        if field.preceded_by(span.start, LIVING_CUES):
            found.append(Candidate("place", span.start_char, span.end_char, CONTEXT_RULE))
            continue
        if field.institution_context(span.start):
            strong = set(field.words_before(span.start - 1, 3)) & INSTITUTION_CUES
            kind = "place" if gazetteer.is_place(span.text) and not strong else "institution"
            found.append(Candidate(kind, span.start_char, span.end_char, CONTEXT_RULE))
            continue
        before = field.word_before(span.start)
        strong_only = label == "PERSON"
        locative = before in STRONG_LOCATIVES or (not strong_only and before in WEAK_LOCATIVES)
        if locative and gazetteer.is_place(span.text):
            found.append(Candidate("place", span.start_char, span.end_char, GAZETTEER))
        elif before == "in" and label not in NOT_PLACE_LABELS:
            found.append(Candidate("place", span.start_char, span.end_char, AFTER_IN))
    for match in NUMBERED_ROAD.finditer(text):
        found.append(Candidate("place", match.start(), match.end(), HEAD_RULE))
    for match in DISTRICT.finditer(text):
        rest = match.group("rest")
        if rest is None or gazetteer.is_place(rest):
            found.append(Candidate("place", match.start(), match.end(), HEAD_RULE))
    return found


def pen_name_places(pen_name):
    """Towns and regions inside a pen-name, even run together: "IdahoMom", "LittleSisterBC"."""
    words = list(CAMEL_WORDS.finditer(pen_name))
    found = []
    for size in (3, 2, 1):
        for index in range(len(words) - size + 1):
            group = words[index : index + size]
            name = " ".join(word.group() for word in group)
            if any(word.group().lower() in FAMILY_ROLES for word in group):
                continue
            after_locative = index > 0 and words[index - 1].group().lower() in STRONG_LOCATIVES | WEAK_LOCATIVES
            population = gazetteer.MIN_POPULATION if after_locative else 15000
            if name[:1].isupper() and gazetteer.is_place(name, min_population=population):
                found.append(Candidate("place", group[0].start(), group[-1].end(), PEN_NAME_PLACE))
    return found


def resolve(candidates, text, exclusions):
    """Non-overlapping findings: the higher priority keeps its characters, the lower keeps the rest."""
    taken, kept = [], []
    for candidate in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        pieces = [(candidate.start, candidate.end)]
        for start, end in taken:
            pieces = [
                piece
                for piece_start, piece_end in pieces
                for piece in ((piece_start, min(piece_end, start)), (max(piece_start, end), piece_end))
                if piece[1] > piece[0]
            ]
        for start, end in pieces:
            if candidate.kind not in PATTERN_PRIORITY:
                tidy = _tidy(text, start, end, candidate.kind)
                if tidy is None or exclusions.identifies_no_one(candidate.kind, text[tidy[0] : tidy[1]]):
                    continue
                start, end = tidy
            taken.append((start, end))
            kept.append((candidate.kind, start, end, candidate.priority))
    return sorted(kept, key=lambda item: item[1])


def _occurrences(text, phrase):
    for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
        yield match.start(), match.end()


def analyse(fields, exclusions):
    """{field: [(kind, start, end)]} for {field: plain text}."""
    names = [name for name, text in fields.items() if text and text.strip()]
    docs = nlp().pipe(fields[name] for name in names)
    parsed = {name: Field(fields[name], doc) for name, doc in zip(names, docs, strict=True)}
    candidates = {}
    for name, field in parsed.items():
        found = patterns.pattern_findings(field.text)
        candidates[name] = [Candidate(kind, start, end, PATTERN_PRIORITY[kind]) for kind, start, end in found]
        if has_entities():
            candidates[name] += entity_candidates(field)
        candidates[name] += rule_candidates(field, [item for item in found if item[0] == "age"])
    # The pen-name's places, wherever the pen-name is quoted: "Dear Tired in Headingley".
    pen_places = pen_name_places(exclusions.pen_name) if exclusions.pen_name else []
    if "pen_name" in parsed:
        pen_text = parsed["pen_name"].text
        offset = pen_text.find(exclusions.pen_name)
        pen_places += [
            Candidate(kind, start - offset, end - offset, PEN_NAME_PLACE)
            for kind, start, end, _priority in resolve(candidates["pen_name"], pen_text, exclusions)
            if kind == "place" and offset >= 0
        ]
    for name, field in parsed.items():
        for position, _end in _occurrences(field.text, exclusions.pen_name) if exclusions.pen_name else ():
            candidates[name] += [
                Candidate(c.kind, position + c.start, position + c.end, c.priority) for c in pen_places
            ]
    # What is found in one place is the same thing everywhere: "Stevie" in the reply as in the letter.
    first_pass = {name: resolve(candidates[name], parsed[name].text, exclusions) for name in parsed}
    votes = Counter()
    for name, kept in first_pass.items():
        for kind, start, end, priority in kept:
            phrase = parsed[name].text[start:end]
            if kind in {"name", "place", "institution"} and end - start >= 3:
                votes[phrase, kind, priority] += 1
            if kind == "name":  # "Caleb Pelletier", then "Caleb"
                for word in phrase.split()[:2]:
                    useful = word != phrase and len(word) >= 3 and word.lower().rstrip(".") not in TITLES
                    if useful and not exclusions.identifies_no_one(kind, word):
                        votes[word, kind, priority - 1] += 1
    # One kind per phrase: the one its most trustworthy finding has, then the most frequent, names first.
    seen = {}
    ranked = sorted(votes.items(), key=lambda item: (-item[0][2], -item[1], KIND_ORDER.index(item[0][1])))
    for (phrase, kind, _priority), _count in ranked:
        seen.setdefault(phrase, kind)
    for name, field in parsed.items():
        for phrase, kind in seen.items():
            candidates[name] += [
                Candidate(kind, start, end, ELSEWHERE) for start, end in _occurrences(field.text, phrase)
            ]
    return {
        name: [(kind, start, end) for kind, start, end, _ in resolve(candidates[name], parsed[name].text, exclusions)]
        for name in parsed
    }
