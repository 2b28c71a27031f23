"""The language guide: stigmatising terms and advice-giving cues in what a reader writes.

A house style, not a ban: the comment form shows the reader what it found once,
with a gentle suggestion for each, and the reader may revise or post as it is.
The word lists live in data/language_guide.json; the rules that decide whether
a context-dependent word counts ("clean" of a person, not of a kitchen) live
here, one small function each, named by the list's "context" field.

Matching is by whole word, in any case, with plurals of the last word, and
treats a hyphen like a space ("self help group" = "self-help group").
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "language_guide.json"

TERM = "term"
ADVICE = "advice"

# Curly apostrophes are the same length as straight ones, so spans survive the swap.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# How far before and after a match its context rules read. Every rule needs a few words at most; reading
# a bounded window (not all the text before the match) keeps a check linear in the length of the text.
CONTEXT_REACH = 100
_NUMBER_WORDS = (
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+few|few|several|many|some|over|almost|nearly|about|more\s+than"
)


@dataclass(frozen=True)
class Hit:
    kind: str  # TERM or ADVICE
    term: str  # the guide's entry, e.g. "addict" or "you should"
    found: str  # the words as the reader wrote them
    suggestion: str
    soft: bool  # an optional suggestion: never holds a comment by itself
    start: int
    end: int

    @property
    def message(self):
        if self.kind == ADVICE:
            return f"\u2018{self.found}\u2019 reads as advice: {self.suggestion}."
        return f"\u2018{self.found}\u2019 \u2192 \u2018{self.suggestion}\u2019"

    @property
    def reason(self):
        """How a moderator sees it among the reasons a comment was held."""
        if self.kind == ADVICE:
            return f"advice: \u2018{self.found}\u2019"
        return f"\u2018{self.found}\u2019 (suggested: {self.suggestion})"


def _words_pattern(words):
    return "|".join(r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", w)) for w in words)


def _plural(word):
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "(?:y|ies)"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "(?:es)?"
    return word + "s?"


def _phrase_pattern(phrase, plurals):
    parts = [re.escape(part) for part in re.split(r"[\s-]+", phrase.strip())]
    if plurals:
        parts[-1] = _plural(parts[-1])
    return r"[\s-]+".join(parts)


def _whole(pattern):
    return rf"(?<![\w'-])(?:{pattern})(?![\w-])"


def _before(pattern, text, start):
    """`pattern` (ending in $) found just before `start`, within CONTEXT_REACH characters."""
    return pattern.search(text, max(0, start - CONTEXT_REACH), start)


class _Guide:
    def __init__(self, data):
        self.substances = _words_pattern(data["substances"])
        self.people = _words_pattern(data["people"])
        self.self_openers = _words_pattern(data["self_description"])
        self.advice_suggestion = data["advice"]["suggestion"]
        self.entries = []
        for order, entry in enumerate(data["terms"]):
            plurals = entry.get("plurals", True)
            flags = 0 if entry.get("context") == "capitals_only" else re.IGNORECASE
            pattern = "|".join(_phrase_pattern(phrase, plurals) for phrase in entry["match"])
            if entry.get("unless_followed_by"):
                # "alcoholic drinks": an adjective for a thing, not a label for a person.
                pattern = rf"(?:{pattern})(?![\s-]+(?:{_words_pattern(entry['unless_followed_by'])})\b)"
            singulars = {" ".join(re.split(r"[\s-]+", p.lower())) for p in entry["match"]}
            self.entries.append((order, entry, re.compile(_whole(pattern), flags), singulars))
        cues = "|".join(_phrase_pattern(cue, plurals=False) for cue in data["advice"]["cues"])
        self.advice = re.compile(_whole(cues), re.IGNORECASE)
        self._compile_contexts()

    def _compile_contexts(self):
        # "_before" patterns end at the match ($ at the window's end); "_after" ones are matched from
        # the match's end (compiled.match(text, end)), so neither copies nor rereads the text.
        i = re.IGNORECASE
        self.subst_before = re.compile(rf"(?<![\w'-])(?:{self.substances})[\s-]+$", i)
        self.subst_of_after = re.compile(rf"\s+of\s+(?:(?:his|her|their|my|the)\s+)?(?:{self.substances})\b", i)
        self.subst_after = re.compile(
            rf"\s+(?:(?:his|her|their|my|the|prescription|illegal|illicit|street|hard)\s+)?"
            rf"(?:{self.substances})\b",
            i,
        )
        # "I'm a recovering addict", "I was an alcoholic", "As an addict myself, ..."
        self_tail = r"(?:(?:an?|the)\s+)?(?:[\w'-]+\s+)?$"
        self.self_before = re.compile(rf"(?<![\w'])(?:{self.self_openers})\s+{self_tail}", i)
        self.as_sentence_start = re.compile(rf"\s*as\s+{self_tail}", i)  # matched from the sentence's start
        self.self_after = re.compile(r"\s+(?:myself|ourselves)\b", i)
        self.determiner_before = re.compile(
            r"(?<![\w'])(?:a|an|the|that|this|some|any|another|every|old|town|local)\s+$", i
        )
        self.clause_ends_after = re.compile(
            r"(?:\s*$|\s*[.,;:!?)\"'\u2014-]|\s+(?:and|but|or|so|now|again|since|for|because|after|before|"
            r"until|yet|too|anymore|ever|at|in|from|this|last|these|all|is|was|has|had|today|\d))",
            i,
        )
        self.becoming_before = re.compile(
            r"(?<![\w'])(?:been|being|stay|stays|stayed|staying|get|gets|getting|got|gotten|"
            r"remain|remains|remained|remaining)\s+(?:\w+ly\s+)?$",
            i,
        )
        self.person_is_before = re.compile(
            rf"(?<![\w'])(?:{self.people})(?:'s|'re|'m|\s+(?:is|was|are|were|am|has\s+been|have\s+been|"
            rf"had\s+been|seems|seemed|looks|looked|stayed|stays|got|remains|remained))\s+"
            rf"(?:(?:now|still|finally|not|totally|completely|fully|really)\s+)?$",
            i,
        )
        self.duration_before = re.compile(
            rf"(?<![\w'])(?:{_NUMBER_WORDS})\s+(?:day|days|week|weeks|month|months|year|years)\s+$", i
        )
        self.test_before = re.compile(
            r"(?<![\w'])(?:test|tests|tested|testing|screen|screens|screened|urine|ua|uas|sample|samples|"
            r"result|results)\s+(?:(?:came|come|comes|coming)\s+back\s+|(?:was|were|is|are)\s+)?$",
            i,
        )
        self.test_after = re.compile(
            r"(?:\s+(?:drug\s+)?(?:test|tests|screen|screens|urine|ua|uas|sample|samples|result|results|"
            r"time|date)\b|\s+(?:and|&)\s+sober\b)",
            i,
        )
        self.duration_after = re.compile(rf"\s+for\s+(?:{_NUMBER_WORDS}|the\s+(?:last|past))\b", i)

    # Context rules: each returns the span to report, or None when the match does not count.

    def rule_none(self, text, start, end):
        return start, end

    rule_capitals_only = rule_none

    def rule_not_self_description(self, text, start, end):
        reach = max(0, start - CONTEXT_REACH)
        mark = max(text.rfind(mark, reach, start) for mark in ".!?\n")
        sentence_start = mark + 1 if mark >= 0 else reach
        if self.self_before.search(text, sentence_start, start) or self.self_after.match(text, end):
            return None
        # "As an addict, ..." only at the start of a sentence, and only if that start is within reach.
        if (mark >= 0 or reach == 0) and self.as_sentence_start.match(text, sentence_start, start):
            return None
        return start, end

    def rule_noun_for_a_person(self, text, start, end):
        if text[start:end].lower().endswith("s"):
            return start, end
        # After "a", "the"...: a noun, unless the entry's list says a noun follows ("a drunk driver").
        return (start, end) if _before(self.determiner_before, text, start) else None

    def rule_said_of_a_person_or_test(self, text, start, end):
        predicative = _before(self.becoming_before, text, start) or _before(self.person_is_before, text, start)
        if predicative and (self.clause_ends_after.match(text, end) or self.duration_after.match(text, end)):
            return start, end
        if _before(self.duration_before, text, start) or _before(self.test_before, text, start):
            return start, end
        if self.test_after.match(text, end):
            return start, end
        return None

    def rule_substance_before(self, text, start, end):
        found = _before(self.subst_before, text, start)
        return (found.start(), end) if found else None

    def rule_substance_nearby(self, text, start, end):
        before = _before(self.subst_before, text, start)
        if before:
            return before.start(), end
        after = self.subst_of_after.match(text, end)
        return (start, after.end()) if after else None

    def rule_substance_after(self, text, start, end):
        after = self.subst_after.match(text, end)
        return (start, after.end()) if after else None

    def candidates(self, text):
        for order, entry, pattern, singulars in self.entries:
            rule = getattr(self, f"rule_{entry.get('context') or 'none'}")
            for match in pattern.finditer(text):
                span = rule(text, match.start(), match.end())
                if span is None:
                    continue
                word = " ".join(re.split(r"[\s-]+", match.group(0).lower()))
                plural = word not in singulars and "plural_suggestion" in entry
                suggestion = entry["plural_suggestion"] if plural else entry["suggestion"]
                yield order, TERM, entry["term"], span, suggestion, bool(entry.get("soft"))
        for match in self.advice.finditer(text):
            term = " ".join(match.group(0).lower().split())
            span = match.span()
            yield len(self.entries), ADVICE, term, span, self.advice_suggestion, False


@cache
def guide():
    with DATA_FILE.open(encoding="utf-8") as f:
        return _Guide(json.load(f))


def check(text):
    """Every language-guide hit in `text`, in reading order; overlapping matches keep the longest."""
    normalised = (text or "").translate(_APOSTROPHES)
    found = sorted(guide().candidates(normalised), key=lambda c: (c[3][0], c[3][0] - c[3][1], c[0]))
    hits, covered_to = [], -1
    for _order, kind, term, (start, end), suggestion, soft in found:
        if start < covered_to:
            continue
        hits.append(Hit(kind, term, " ".join(text[start:end].split()), suggestion, soft, start, end))
        covered_to = end
    return hits


@dataclass(frozen=True)
class Suggestion:
    message: str
    soft: bool = False


def suggestions(hits):
    """What the reader is shown: one line per wording found, in reading order, with the advice cues
    gathered into one line."""
    seen, lines, advice = set(), [], []
    for hit in hits:
        key = (hit.kind, hit.found.lower())
        if key in seen:
            continue
        seen.add(key)
        if hit.kind == ADVICE:
            advice.append(hit)
        else:
            lines.append(Suggestion(hit.message, hit.soft))
    if advice:
        quoted = ", ".join(f"\u2018{hit.found}\u2019" for hit in advice)
        verb = "reads" if len(advice) == 1 else "read"
        lines.append(Suggestion(f"{quoted} {verb} as advice: {advice[0].suggestion}."))
    return lines


def needs_review(hits):
    """Whether the reader should see the suggestions before the comment is sent: any hit but a soft one."""
    return any(not hit.soft for hit in hits)
