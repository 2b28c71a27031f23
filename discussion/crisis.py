"""Crisis triage in two tiers: someone may be in danger now, or the letter mentions a risk.

Urgent: a letter that tells of an overdose, suicidal thoughts, harm to self or
others, or a child in danger must reach a person fast: `triage(letter)` flags it
urgent and keeps the phrases found, and `notify_editors_of_crisis(letter)` emails
the Editors group at once.

Mentions risk (`RISK_PHRASES`, `risk_matches`): fear of an overdose ("I'm afraid
he will overdose", "at risk of an overdose"), past overdoses ("had an overdose in
June", "two overdoses since March", "his last overdose") and a history of
self-harm ("used to cut herself", "self-harmed in high school"). A quieter flag:
no email, a label and a filter in the inbox, and the thank-you page shows where
to get help first, as it does for urgent letters. An overdose or self-harm phrase
of the first tier moves to the second when its sentence places it in the past
(`PAST`: "last month", "two years ago", "in June", "twice", "used to"...) and not
also in the last few days (`RECENT`: "last night", "yesterday", "on Friday",
"again"...): "He overdosed two years ago" mentions risk, "He overdosed last
night" is urgent, and so is "he overdosed" with no time at all. Suicidal
thoughts, violence and a child in danger are never moved down.

How the matching works
----------------------
The text is normalised first (typographic apostrophes and dashes to ASCII,
soft hyphens and zero-width characters dropped, every run of whitespace to one
space), then each phrase below is matched case-insensitively as whole words.
`find_crisis_language` returns the words as written in the letter, lower-cased,
in the order they appear, each once.

What triggers, and what deliberately does not
----------------------------------------------
The flag means "a person should read this today". A flag on most letters would
be ignored, so phrases describe something that happened or is happening, not a
fear or a topic. Decisions, each pinned by a test in tests/test_crisis.py:

- Overdose: "overdosed", "overdosing", "OD'd"/"ODed", "had an overdose",
  "took too many", naloxone/Narcan *used* ("gave him Narcan", "narcanned him",
  "Narcan brought him back"), "not breathing", "turned blue", "lips were blue",
  "unresponsive", "couldn't wake him" (told as history: the second tier). The
  bare word "overdose" does NOT trigger: fear of an overdose is the background
  of nearly every letter (the second tier), and "Overdose Awareness Day" is an
  event (neither). Naloxone that is carried, bought or
  taught ("Narcan training at the library") does not trigger. "ODed" matches
  only in capitals so the name Oded does not. "took too much" is left out
  ("took too much time off").
- Suicidal thoughts: "kill myself/himself...", "end my/his life", "end it
  all", "take his own life", any "suicide"/"suicidal" except "suicide
  prevention/awareness" (events), "doesn't want to live" (but not "doesn't
  want to live with us/there/at home": moving out is not a crisis; "doesn't
  want to live like this" DOES trigger, as despair is often put that way),
  "wants to die" (not "want to die of embarrassment"), "better off dead",
  "better off without me" (not "...without him": parents say it of a partner
  or child they are thinking of leaving), "nothing to live for", "wish I was
  dead", "hang himself". Figures of speech such as "I could die of
  embarrassment", "dead tired", "killing time", "my feet are killing me" and
  "I'd kill for a night's sleep" do not trigger.
- Harm to self or others: "hurt/harm/cut/burn himself...", "self-harm",
  "self-injury", "cutting" in the self-harm sense ("she's been cutting again",
  "cutting her arms"; not "cutting back", "cutting ties", "cutting-edge",
  "cutting and pasting"), threats ("threatened to kill/hurt", "said he'd kill
  me", "threatened me with a knife"), violence ("hit me", "punched her",
  "choked me", "beat him up", "gets violent", "domestic violence") and weapons
  ("has a gun", "bought a gun", "pulled a knife", "shot at us", "stabbed").
  "It hit me that...", "reality hit him hard", "kicked him out", "beats me",
  "shooting up" (drug use, not a crisis by itself) and "a shot of espresso"
  do not trigger. "he'll kill me" is matched even though it is sometimes a
  figure of speech: in these letters it can be a threat, and a false alarm
  costs an editor a minute.
- A child in danger: "the kids were home alone", "left the baby alone",
  "drove high with the kids", "drove the kids to school drunk", "passed out
  holding the baby", "the children are not safe", "the kids are in danger",
  "endangering the kids", "child neglect", "neglects the kids", "the baby is
  being neglected". "I neglected my other children" (a parent's regret about
  their own time) and "the kids are in school" do not trigger; neither does
  "drove down the high street with the kids".

Known limits: no spelling mistakes or words split by punctuation; no other
languages; phrases spread over many words ("he took, I think, too many") are
missed. Staff read every letter, so the flag only orders the queue and wakes
someone up; it never decides anything on its own.
"""

import logging
import re
import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from outbox import mail as outbox
from outbox.models import OutboundEmail

logger = logging.getLogger(__name__)

OVERDOSE = "overdose"
SUICIDE = "suicidal thoughts"
HARM = "harm to self or others"
CHILD_DANGER = "a child in danger"

# Building blocks, matched against normalised text (single spaces, ASCII apostrophes).
REFLEXIVE = r"(?:myself|himself|herself|themselves|themself|yourself)"
PERSON = r"(?:me|us|him|her|them)"
FAMILY = (
    r"(?:wife|husband|partner|mother|mom|mum|father|dad|sister|brother|son|daughter|kids?|"
    r"children|child|baby|grandkids?|grandchildren|girlfriend|boyfriend|family)"
)
VICTIM = rf"(?:{PERSON}|(?:my|our) {FAMILY})"
CHILD = (
    r"(?:bab(?:y|ies)|kids?|child(?:ren)?|toddlers?|infants?|newborn|grandkids?|"
    r"grandchild(?:ren)?|grandsons?|granddaughters?|little ones?)"
)
OWNER = r"(?:(?:the|his|her|their|my|our|a) )?"
# In a car, "his daughter" is most likely a child; "our son" is usually the adult loved one.
PASSENGER = rf"(?:{OWNER}{CHILD}|(?:his|her|their) (?:sons?|daughters?))"
GAP = r"(?: [\w']+)"  # one more word, apostrophes included ("they're")
INTOXICATED = (
    r"(?:high(?! (?:street|school|road|way|chair|speed))|drunk|intoxicated|impaired|stoned|wasted|"
    r"buzzed|under the influence|(?:while|after) using)"
)
HIT_IDIOM = r"\b(?:it|this|that|reality|news|what|which|truth|thought|idea)(?: [\w']+)? $"


# How far back a phrase's `not_after` looks (in normalised text): a couple of words is all it needs.
NOT_AFTER_REACH = 60
# How far a sentence reaches either side of a match when deciding whether it is told as history.
SENTENCE_REACH = 200


class Phrase(NamedTuple):
    category: str
    pattern: str
    not_after: str | None = None  # skip a match when the text before it ends like this
    # An overdose or self-harm told as history ("in June", "two years ago", "used to"): the second tier.
    history: bool = False


PHRASES = [
    # Overdose: something that happened, not the fear of it.
    Phrase(OVERDOSE, r"overdos(?:ed|ing)"),
    Phrase(OVERDOSE, r"(?-i:OD)'?e?d|od'e?d"),
    Phrase(
        OVERDOSE,
        r"(?:had|has had|survived) (?:an?|another|his|her|their|my|two|three|several|multiple)"
        r"(?: [\w-]+)? (?:overdose|od)s?",
    ),
    Phrase(OVERDOSE, r"(?:overdose|od) on purpose"),
    Phrase(OVERDOSE, r"(?:took|taken|swallowed) too many"),
    Phrase(OVERDOSE, r"swallowed (?:a|an entire|a whole|the whole) (?:bottle|handful|packet|box)"),
    Phrase(OVERDOSE, r"narcan(?:n?ed)"),
    Phrase(
        OVERDOSE,
        rf"(?:used|gave|given|administered|sprayed|needed|had to use|had to give|had to spray)"
        rf"(?: {PERSON}| (?:my|our) \w+)?(?: (?:a|two|three|another|\d+) doses? of| some| the| his| her)?"
        r" (?:naloxone|narcan)",
    ),
    Phrase(
        OVERDOSE,
        rf"(?:naloxone|narcan) (?:saved|revived|brought {PERSON} back)|"
        rf"(?:revived|saved|brought {PERSON} back) (?:with|by|using) (?:naloxone|narcan)",
    ),
    Phrase(OVERDOSE, r"(?:not|stopped|barely|wasn't|isn't|weren't|wasnt|isnt) breathing(?! a word)"),
    Phrase(OVERDOSE, r"(?:turned|turning|turns|gone|went|going) blue"),
    Phrase(
        OVERDOSE,
        r"(?:lips|face|skin|fingers|fingernails|nails) (?:were|was|are|is|went|turned|looked|had turned|"
        r"had gone) blue|blue lips",
    ),
    Phrase(OVERDOSE, r"unresponsive(?! to\b)"),
    Phrase(OVERDOSE, rf"(?:couldn't|could not|couldnt|can't|cannot|wouldn't|would not) wake (?:{PERSON}|up)"),
    # Suicidal thoughts.
    Phrase(SUICIDE, rf"kill(?:s|ed|ing)? {REFLEXIVE}"),
    Phrase(SUICIDE, rf"hang(?:s|ed|ing)? {REFLEXIVE}"),
    Phrase(SUICIDE, r"(?:end|ends|ended|ending) (?:my|his|her|their) (?:own )?li(?:fe|ves)"),
    Phrase(SUICIDE, r"(?:take|takes|took|taking|taken) (?:my|his|her|their) own li(?:fe|ves)"),
    Phrase(SUICIDE, r"(?:end|ends|ended|ending) it all"),
    Phrase(SUICIDE, r"suicid(?:e|es|al|ality)(?! (?:prevention|awareness)\b)"),
    Phrase(
        SUICIDE,
        r"(?:doesn't|does not|doesnt|don't|do not|dont|didn't|did not|no longer) wants? to "
        r"(?:live|be alive)(?! (?:with|in|at|near|here|there|alone|together|under|on|by|nearby|"
        r"close|far|somewhere|anywhere|without|home|so)\b)",
    ),
    Phrase(SUICIDE, r"(?:wants?|wanted|wanting) to die(?! (?:of|from|laughing)\b)"),
    Phrase(SUICIDE, r"better off (?:dead|without me)"),
    Phrase(SUICIDE, r"nothing (?:left )?to live for|no (?:reason|point) (?:to live|in living|living)"),
    Phrase(SUICIDE, r"wish(?:es|ed)? (?:i|he|she|they) (?:was|were) dead"),
    # Harm to self or others.
    Phrase(
        HARM,
        r"(?:hurt|hurts|hurting|harm|harms|harmed|harming|cut|cuts|cutting|burn|burns|burned|burnt|"
        rf"burning|injure|injures|injured|injuring|stab|stabbed|stabbing) {REFLEXIVE}(?! out\b)",
    ),
    Phrase(HARM, r"self ?-? ?(?:harm(?:s|ed|ing)?|injur(?:y|ies|ing|ed|e)|mutilat\w*)"),
    Phrase(
        HARM,
        r"(?:cut|cuts|cutting|slit|slits|slitting|slashed|slashing) (?:his|her|their|my) "
        r"(?:arms?|wrists?|legs?|thighs?|skin|stomach)",
    ),
    Phrase(
        HARM,
        r"(?:cuts|scars|burns) (?:on|up and down|all over) (?:his|her|their|my) (?:arms?|wrists?|legs?|thighs?)",
    ),
    # "Cutting" alone means self-harm only with nothing after it ("she's been cutting again.").
    Phrase(
        HARM,
        r"(?:\w+'s|\w+'re|is|are|was|were|been|started|starting|began|begun|still|stopped|quit|"
        r"caught (?:him|her|them))(?: been)? cutting(?: again)?"
        r"(?=[.,;:!?)\"]| ?$| (?:since|for (?:weeks|months|years|a while|some time)|in secret)\b)",
    ),
    Phrase(HARM, r"threat(?:s|en|ens|ened|ening)? to (?:kill|hurt|harm|stab|shoot|burn|strangle|beat)"),
    Phrase(
        HARM,
        rf"threaten(?:s|ed|ing)? {VICTIM} with (?:a |an |his |her |their )?"
        r"(?:knife|gun|weapon|bat|hammer|machete|pistol|rifle)",
    ),
    Phrase(
        HARM,
        rf"(?:going to|gonna|will|\w+'ll|would|\w+'d|wants? to|said (?:he|she|they) would) kill "
        rf"(?:{PERSON}|you|(?:my|our) \w+)",
    ),
    Phrase(HARM, rf"hit(?:s|ting)? {VICTIM}(?! up\b)", not_after=HIT_IDIOM),
    Phrase(
        HARM,
        r"(?:punch|punched|punches|punching|slap|slapped|slaps|slapping|choke|choked|chokes|choking|"
        rf"strangle|strangled|strangles|strangling|stab|stabbed|stabs|stabbing) {VICTIM}",
    ),
    Phrase(HARM, rf"beat(?:s|ing)? {VICTIM} up|beaten up"),
    Phrase(HARM, rf"(?:pushed|shoved) {PERSON} (?:down|against|over|to the (?:ground|floor))"),
    Phrase(HARM, r"(?:domestic|family|physical|sexual) (?:violence|abuse)|(?:physically|sexually) abus\w+"),
    Phrase(
        HARM,
        r"(?:gets|got|getting|become|becomes|became|becoming|turns|turned|is|was|been|can be|can get) "
        r"(?:very |really |so |more |quite )?violent",
    ),
    Phrase(HARM, r"violent (?:with|towards|toward|to) (?:me|us|him|her|them|my \w+|our \w+|the \w+)"),
    Phrase(
        HARM,
        r"(?:has|had|have|got|bought|buys|keeps|kept|carries|carried|carrying|owns|owned|hides|hid|"
        r"hiding|found|brought|pulled|pulls|pulling|waved|waving|pointed|pointing|holding|held|grabbed|"
        r"grabbing|loaded) (?:a|an|his|her|their|the) (?:guns?|pistol|handgun|rifle|shotgun|firearm|weapon)",
    ),
    Phrase(
        HARM,
        r"(?:pulled|pulls|pulling|waved|waving|pointed|pointing|brandished|brandishing|grabbed|"
        rf"came at {PERSON} with) (?:a|an|his|her|the) (?:knife|blade|machete|bat|hammer|gun)",
    ),
    Phrase(HARM, rf"shot (?:{REFLEXIVE}|at {VICTIM})"),
    Phrase(HARM, rf"shoot(?:s|ing)? (?:{REFLEXIVE}|{PERSON}|someone|somebody)(?! up\b)"),
    # A child in danger.
    Phrase(
        CHILD_DANGER,
        rf"{CHILD}{GAP}{{0,3}} (?:home alone|alone at home|left alone|"
        r"alone in the (?:house|car|apartment|flat|home))",
    ),
    Phrase(CHILD_DANGER, rf"left {OWNER}(?:\w+ )?{CHILD}(?: \w+){{0,2}} alone"),
    Phrase(CHILD_DANGER, rf"left {OWNER}{CHILD} in (?:the|a) (?:hot )?car"),
    Phrase(
        CHILD_DANGER,
        rf"(?:drove|drives|driving|drive|driven){GAP}{{0,2}} {INTOXICATED}{GAP}{{0,3}} with {PASSENGER}",
    ),
    Phrase(CHILD_DANGER, rf"(?:drove|drives|driving|drive|driven) {PASSENGER}{GAP}{{0,4}} {INTOXICATED}"),
    Phrase(CHILD_DANGER, rf"(?:drunk|high|impaired|intoxicated) driving{GAP}{{0,3}} with {PASSENGER}"),
    Phrase(
        CHILD_DANGER,
        rf"(?:nodding|nodded|nods|passed|passes|passing) (?:off|out){GAP}{{0,4}} "
        rf"(?:with|holding|watching|minding|caring for|looking after|in charge of|next to) {OWNER}{CHILD}",
    ),
    Phrase(
        CHILD_DANGER,
        rf"{CHILD}{GAP}{{0,4}} (?:in danger|in harm's way|unsafe|not safe)|"
        rf"(?:danger|threat) to {OWNER}{CHILD}",
    ),
    Phrase(CHILD_DANGER, rf"endanger(?:s|ed|ing)? {OWNER}{CHILD}|child endangerment"),
    Phrase(CHILD_DANGER, r"(?:child|baby|infant) neglect"),
    Phrase(CHILD_DANGER, rf"neglect(?:s|ed|ing)? (?:the|his|her|their) {CHILD}"),
    Phrase(CHILD_DANGER, rf"{CHILD}{GAP}{{0,3}} neglected"),
]

# The self-harm phrases (the first five of harm): told as history, they are the second tier too.
SELF_HARM_PATTERNS = {phrase.pattern for phrase in [p for p in PHRASES if p.category == HARM][:5]}
PHRASES = [
    phrase._replace(history=phrase.category == OVERDOSE or phrase.pattern in SELF_HARM_PATTERNS) for phrase in PHRASES
]

# The second tier, "mentions risk": never urgent, never an email; shown in the inbox and its filters.
OVERDOSE_FEAR = "fear of overdose"
PAST_OVERDOSE = "past overdoses"
SELF_HARM_HISTORY = "self-harm history"
RISK_CATEGORIES = (OVERDOSE_FEAR, PAST_OVERDOSE, SELF_HARM_HISTORY)
FEAR = r"(?:afraid|scared|terrified|frightened|worried|worry|worries|fear|fears|feared|fearful|petrified|panic)"
SUBJECT = r"(?:he|she|they|it|him|her|them|my \w+|our \w+|he's|she's|they're|he'll|she'll|they'll)"
RISK_PHRASES = [
    Phrase(
        OVERDOSE_FEAR,
        rf"{FEAR}(?: that| of| about| for)?(?: {SUBJECT})?(?: will| would| is going to| might| may| could| is gonna)?"
        r"(?: one day| some day| again)? (?:overdos(?:e|ing)|od|die of an overdose|stop breathing)",
    ),
    Phrase(OVERDOSE_FEAR, rf"{FEAR} (?:of|about) (?:an? |another |his |her |the next )?overdose"),
    Phrase(OVERDOSE_FEAR, rf"{FEAR} (?:is|was) (?:an? |another )?overdose"),
    Phrase(OVERDOSE_FEAR, r"(?:at|high|higher|real|serious) risk of (?:an? )?(?:overdos(?:e|ing)|od)|overdose risk"),
    Phrase(OVERDOSE_FEAR, r"(?:keep|keeps|carry|carries|carrying|bought) (?:narcan|naloxone) (?:in case|just in case)"),
    Phrase(PAST_OVERDOSE, r"(?:previous|past|prior|earlier|last|first|second|third|several|multiple) overdoses?"),
    Phrase(PAST_OVERDOSE, r"history of (?:overdoses?|overdosing)"),
    Phrase(
        SELF_HARM_HISTORY,
        r"used to (?:cut|self-? ?harm|hurt|burn|injure) (?:herself|himself|themselves|themself|myself)?",
    ),
    Phrase(SELF_HARM_HISTORY, r"used to self-? ?harm|history of (?:self-? ?harm|self-? ?injury|cutting)"),
    Phrase(SELF_HARM_HISTORY, r"(?:old )?scars from (?:cutting|self-? ?harm)"),
]

# An overdose or self-harm placed in the past, beyond the last few days, in the same sentence...
PAST = re.compile(
    r"\b(?:last (?:month|year|spring|summer|autumn|fall|winter|christmas|easter|thanksgiving)"
    r"|(?:\w+|a few|several|many) (?:weeks|months|years) ago|a (?:month|year) ago"
    r"|(?:in|since|back in|during) (?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|\d{4}|the past|high school|college|rehab|his teens|her teens|their teens)"
    r"|as a teenager|when (?:he|she|they) (?:was|were) (?:younger|little|a teenager|\d+)"
    r"|twice|three times|four times|several times|a few times|many times|more than once"
    r"|previously|in the past|history of|survived|used to)\b",
    re.IGNORECASE,
)
# ...unless it also says it is recent: then it is a crisis now.
RECENT = re.compile(
    r"\b(?:last night|yesterday|today|tonight|this morning|this afternoon|this evening|this week|just now"
    r"|(?:an?|one|two|three|few|couple of) (?:hours?|days?) ago|hours ago|days ago|again|right now|at the moment"
    r"|currently|still|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:night|morning|evening))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;]")


def _compile(phrases):
    return [
        (
            phrase,
            re.compile(rf"(?<!\w)(?:{phrase.pattern})(?!\w)", re.IGNORECASE),
            re.compile(phrase.not_after, re.IGNORECASE) if phrase.not_after else None,
        )
        for phrase in phrases
    ]


_COMPILED = _compile(PHRASES)
_RISK_COMPILED = _compile(RISK_PHRASES)

_APOSTROPHES = str.maketrans(dict.fromkeys("‘’‛ʼʻ′´`", "'"))
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


class CrisisMatch(NamedTuple):
    category: str
    phrase: str


def normalise(text):
    """The text as the phrases expect it: NFKC, ASCII apostrophes and dashes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_APOSTROPHES).translate(_DASHES)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _sentence(text, start, end):
    """The sentence around text[start:end] (bounded, so a letter without full stops stays linear)."""
    left = max(0, start - SENTENCE_REACH)
    stops = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    right = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_REACH))
    return text[stops[-1] if stops else left : right.start() if right else min(len(text), end + SENTENCE_REACH)]


def told_as_history(text, start, end):
    """Whether the sentence places what was matched in the past, and not also in the last few days."""
    sentence = _sentence(text, start, end)
    return bool(PAST.search(sentence)) and not RECENT.search(sentence)


def _matches(text, compiled):
    found = []
    for phrase, pattern, not_after in compiled:
        for match in pattern.finditer(text):
            # Only the few words before the match: reading all the text before each one is quadratic.
            if not_after and not_after.search(text, max(0, match.start() - NOT_AFTER_REACH), match.start()):
                continue
            found.append((match.start(), match.end(), phrase, match.group(0).lower()))
    return found


def _in_reading_order(found):
    found.sort(key=lambda item: item[0])
    seen, result = set(), []
    for _, match in found:
        if match.phrase not in seen:
            seen.add(match.phrase)
            result.append(match)
    return result


def assess(text):
    """Both tiers: (crisis matches, risk matches), each in reading order, each phrase once.

    Crisis: someone may be in danger now. Risk: fear of an overdose, past overdoses, a history of
    self-harm; an overdose or self-harm told as history moves from the first tier to the second.
    """
    text = normalise(text)
    crisis, risk = [], []
    for start, end, phrase, words in _matches(text, _COMPILED):
        if phrase.history and told_as_history(text, start, end):
            category = PAST_OVERDOSE if phrase.category == OVERDOSE else SELF_HARM_HISTORY
            risk.append((start, end, CrisisMatch(category, words)))
        else:
            crisis.append((start, CrisisMatch(phrase.category, words)))
    risk += [
        (start, end, CrisisMatch(phrase.category, words))
        for start, end, phrase, words in _matches(text, _RISK_COMPILED)
    ]
    # "used to cut herself" says it all: not also "cut herself" inside it.
    risk = [
        (start, match)
        for start, end, match in risk
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _other in risk)
    ]
    return _in_reading_order(crisis), _in_reading_order(risk)


def crisis_matches(text):
    """Every crisis phrase in `text` with its category, in reading order, each phrase once."""
    return assess(text)[0]


def risk_matches(text):
    """Every second-tier phrase in `text` ("mentions risk") with its category, in reading order, each once."""
    return assess(text)[1]


def find_crisis_language(text):
    """The crisis phrases found in `text`, as written (lower-cased), in reading order."""
    return [match.phrase for match in crisis_matches(text)]


def find_risk_language(text):
    """The second-tier phrases found in `text`, as written (lower-cased), in reading order."""
    return [match.phrase for match in risk_matches(text)]


def triage(letter):
    """Flag `letter` urgent (crisis language) and/or as mentioning risk (the quieter tier); keep the phrases."""
    crisis, risk = assess(letter.pen_name), assess(letter.body)
    phrases = [m.phrase for m in crisis[0]]
    phrases += [m.phrase for m in risk[0] if m.phrase not in phrases]
    risky = [m.phrase for m in crisis[1]]
    risky += [m.phrase for m in risk[1] if m.phrase not in risky and m.phrase not in phrases]
    letter.crisis_terms, letter.urgent = phrases, bool(phrases)
    letter.risk_terms, letter.mentions_risk = risky, bool(risky)
    return letter


def inbox_url():
    # The letters inbox is an admin viewset at /admin/letters/; link to the list, never to a letter.
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/letters/"


def editor_emails():
    from django.contrib.auth import get_user_model

    from cms.roles import EDITORS

    emails = (
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .order_by("email")
        .distinct()
    )
    return list(emails)


def urgent_letter_message(letter):
    """Subject and body of the editors' alert. Never the writer's email, never the letter itself."""
    subject = "Urgent letter: crisis language"
    phrases = "\n".join(f"  - {phrase}" for phrase in letter.crisis_terms) or "  (none recorded)"
    body = (
        "A letter that may need a person's attention today has arrived.\n\n"
        f"Pen-name: {letter.pen_name}\n"
        f"Received: {timezone.localtime(letter.received_at):%d %b %Y, %H:%M %Z}\n"
        f"Crisis language found:\n{phrases}\n\n"
        "Read it in the letters inbox, where urgent letters are listed first:\n"
        f"{inbox_url()}\n\n"
        "This email leaves out the letter and the writer's contact details on purpose.\n"
    )
    return subject, body


def notify_editors_of_crisis(letter):
    """Queue one email to each member of the Editors group about an urgent letter.

    Returns the number of messages queued. The worker sends them; if they have not gone out
    within 10 minutes, every editor's dashboard says so (outbox/wagtail_hooks.py).
    """
    recipients = editor_emails()
    if not recipients:
        logger.warning("Urgent letter %s: no editor has an email address to notify.", letter.pk)
        return 0
    subject, body = urgent_letter_message(letter)
    received = timezone.localtime(letter.received_at)
    outbox.send(
        subject,
        body,
        recipients,
        kind=OutboundEmail.Kind.CRISIS_ALERT,
        recipient_role="editor",
        private=False,  # no letter text, no contact details (urgent_letter_message)
        ref=f"crisis-alert:{letter.pk}",
        alert=f"An urgent letter arrived at {received:%H:%M} on {received:%d %b}; the email alert could not be sent",
        alert_url=inbox_url(),
    )
    return len(recipients)
