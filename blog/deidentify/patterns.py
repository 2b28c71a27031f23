"""Exact ages, calendar dates and contact details, found by pattern: (kind, start, end) in plain text.

What counts (tests/data/deid/README.md): an exact age in any phrasing ("35-year-old", "aged 17",
"he is 35", "turned fifty", "Ava, 16,"), never a decade ("in his twenties") or a duration
("married nineteen years", "a one-month detox"); a calendar date that pins a day ("on 14 March",
"March 3rd", "3/14/2024") or a month of a year ("June 2023"), never a weekday, "last Tuesday", a
season, a holiday without its year, or a month or a year alone. Contact details are today's
automatic checks (blog/privacy.py) plus social media handles.
"""

import re

from ..privacy import contact_details

_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORD = rf"(?:(?:{_TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL})"
# An age: 1 to 119 in digits (not part of a longer number, a decimal or a range), or in words.
_N = rf"(?:(?<![\d.,/$£€-])(?:1[01]\d|[1-9]\d|[1-9])(?![\d]|[.,]\d|-\d)|\b{NUMBER_WORD}\b)"

# What may follow an age given after a verb ("he is 35 and", "since she was 14 when", "He's 38 now."):
# anything else ("is 3 hours", "are two reasons", "was 4 in the morning") is not read as an age.
_AFTER_AGE = (
    r"(?=\s*(?:[.,;:!?()\u2013\u2014]|-\s|$)"
    r"|\s+(?:and|now|when|but|so|or|in|on|at|this|next|last|with|because|until|already|today|by|if|the|"
    r"years?[- ]old|yrs?[- ]old|going|soon|yet|too|and\s+a\s+half)\b)"
)
_AGE_VERB = (
    r"(?:\b(?:is|was|turned|turns|turning|be|being|am|are|were|now|aged?)|['\u2019](?:s|m))"
    r"\s+(?:(?:just|almost|nearly|only|now|about|barely|already|newly|recently|still)\s+)*"
)
_LIST_TAIL = rf"(?:\s*,\s*{_N})*(?:,?\s+(?:and|&)\s+{_N})?"

AGE_PATTERNS = [
    # "35-year-old", "35 years old", "17yo", "thirty-five year old", "my 8 and 11 year old": the whole
    # phrase for one number, each number for a list.
    re.compile(
        rf"{_N}(?:\s*(?:,|and|or|&)\s*{_N})*\s*[- ]?\s*(?:years?|yrs?)[- ]olds?\b|{_N}\s*(?:yo|y/o|y\.o\.)(?!\w)",
        re.IGNORECASE,
    ),
    # "aged 17", "at age 14", "at the age of 52", "ages 5 and 7".
    re.compile(rf"\b(?:aged?|ages|at\s+the\s+age\s+of)\s+{_N}{_LIST_TAIL}", re.IGNORECASE),
    # "is 35", "she turns 18", "He's 44.", "I'm 67 and", "Our kids are 12, 9 and 4".
    re.compile(rf"{_AGE_VERB}{_N}{_LIST_TAIL}{_AFTER_AGE}", re.IGNORECASE),
    # "Ava, 16, goes", "Kayla (17)", "my son, 16,".
    re.compile(
        r"(?<=[A-Za-z]),\s+((?:1[01]\d|[1-9]\d|[1-9]))\s*,(?!\d)|(?<=[A-Za-z])\s+\(((?:1[01]\d|[1-9]\d|[1-9]))\)"
    ),
    # "our girls, 10 and 12", "the twins, eleven".
    re.compile(
        rf"\b(?:kids|children|boys|girls|sons|daughters|twins|grandchildren|grandkids|grandsons|granddaughters)"
        rf"\s*,\s*{_N}{_LIST_TAIL}{_AFTER_AGE}",
        re.IGNORECASE,
    ),
]
_AFTER_VERB = 2
_NUMBER_IN_AGE = re.compile(rf"{_N}", re.IGNORECASE)
# Phrases that hold one age: highlighted whole ("35-year-old"), a list is split into its numbers.
_WHOLE_AGE = re.compile(r"year|yrs?\b|yo\b|y/o|y\.o\.", re.IGNORECASE)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)\.?,?\s+"
_HOLIDAY = (
    r"(?:Christmas(?:\s+(?:Eve|Day))?|Easter(?:\s+Sunday)?|Thanksgiving|Halloween|New\s+Year['\u2019]?s(?:\s+(?:Eve|Day))?"
    r"|Boxing\s+Day|Anzac\s+Day|Australia\s+Day|Canada\s+Day|Independence\s+Day|Memorial\s+Day|Labou?r\s+Day"
    r"|St\.?\s+Patrick['\u2019]?s\s+Day|Mother['\u2019]?s\s+Day|Father['\u2019]?s\s+Day|Valentine['\u2019]?s\s+Day)"
)
DATE_PATTERNS = [
    # "March 3rd", "Sept. 22nd", "April 19, 2024", "Friday, May 9".
    re.compile(rf"\b(?:{_WEEKDAY})?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"),
    # "14 March", "the 3rd of May", "Friday 8 September 2023".
    re.compile(rf"(?:\b{_WEEKDAY})?(?<![\d.,/$£€-])(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?![a-z])(?:,?\s+{_YEAR})?"),
    # "June 2023", "Oct. 2023".
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}"),
    # "3/14/2024", "14/02/2009", "12.03.2024", "2024-03-15"; "on 3/14".
    re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)?\d{2})(?![\d/-]|\.\d)"),
    re.compile(r"(?<![\d-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])"),
    re.compile(r"\bon\s+(\d{1,2})/(\d{1,2})(?![\d/])"),
    # "Anzac Day 2024", "Christmas 2023": a holiday with its year is a day.
    re.compile(rf"\b{_HOLIDAY}\s+{_YEAR}"),
    # "born in 1988", "born 2004".
    re.compile(rf"\bborn\s+(?:in\s+)?{_YEAR}", re.IGNORECASE),
]
_NUMERIC_DATE = 3

# "@mel_greens_420": a handle, not the end of an email address (emails are blanked out first).
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")


def _valid_numeric_date(match):
    first, second = int(match.group(1)), int(match.group(3))
    return 1 <= min(first, second) <= 12 and 1 <= max(first, second) <= 31


def ages(text):
    found = []
    for pattern in AGE_PATTERNS:
        for match in pattern.finditer(text):
            phrase = match.group()
            numbers = list(_NUMBER_IN_AGE.finditer(phrase))
            # "Failing classes is one." is no age; "the baby turned one" is.
            after_verb = pattern is AGE_PATTERNS[_AFTER_VERB]
            if after_verb and numbers[0].group().lower() == "one" and not re.match(r"turn", phrase, re.I):
                continue
            if _WHOLE_AGE.search(phrase) and len(numbers) == 1:
                found.append(("age", match.start(), match.end()))
                continue
            for number in numbers:
                found.append(("age", match.start() + number.start(), match.start() + number.end()))
    return found


def dates(text):
    found = []
    for position, pattern in enumerate(DATE_PATTERNS):
        for match in pattern.finditer(text):
            if position == _NUMERIC_DATE and not _valid_numeric_date(match):
                continue
            found.append(("date", match.start(), match.end()))
    return found


def _without_trailing_punctuation(text, start, end):
    # "see www.example.org/help, call" : the check's URL takes the comma; the highlight does not.
    while (
        end > start
        and text[end - 1] in ".,;:!?)]'\"\u2019\u201d"
        and not (text[end - 1] == ")" and "(" in text[start:end])
    ):
        end -= 1
    return end


def contacts(text):
    found = [
        ("contact", start, _without_trailing_punctuation(text, start, end))
        for _label, start, end in contact_details(text)
    ]
    without_emails = text
    for _kind, start, end in found:
        without_emails = without_emails[:start] + " " * (end - start) + without_emails[end:]
    found += [("contact", m.start(), m.end()) for m in HANDLE.finditer(without_emails)]
    return found


def pattern_findings(text):
    """Contact details, dates and ages in plain text, as (kind, start, end), overlaps and all."""
    found_dates = dates(text)
    date_spans = {(start, end) for _kind, start, end in found_dates}
    # The phone check reads "2024-03-15" and "12.03.2024" as numbers; they are dates.
    found_contacts = [item for item in contacts(text) if (item[1], item[2]) not in date_spans]
    return found_contacts + found_dates + ages(text)
