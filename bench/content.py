"""Made-up texts for the scale database: plausible lengths and words, drawn with a seeded random.

Nothing here is shown to readers of the real site. The words matter only so far as
the benchmark needs them: "family" is in most posts (the search for a common word),
replies cite modules the way writers do ("Module 4", "Modules 5 and 6"), and tags
follow a long tail.
"""

import html
import uuid

from django.utils.text import slugify

SEARCH_WORD = "family"

SUBJECTS = [
    "Our son",
    "My daughter",
    "My husband",
    "My wife",
    "Our grandson",
    "My brother",
    "My partner",
    "My mother",
    "My sister",
    "Our daughter-in-law",
    "My father",
    "Our nephew",
]
SITUATIONS = [
    "is tapering off fentanyl",
    "drinks every night after work",
    "came home from residential treatment",
    "won't talk about her use",
    "lost his job again",
    "uses cannabis every day",
    "was arrested last month",
    "stopped taking his medication",
    "returned to use after a year",
    "keeps asking us for money",
    "started methadone",
    "wants to move back in",
    "says he can stop any time",
    "hides bottles around the house",
    "is pregnant and still using",
]
QUESTIONS = [
    "how do we approach this with CRAFT?",
    "what do we say at dinner?",
    "where do we draw the line?",
    "how do we look after ourselves?",
    "how do we reward the good days?",
    "should we let her move back in?",
    "how can our family stay connected?",
    "what do we tell the grandchildren?",
    "is it our fault?",
    "when do we step back?",
]
PEN_NAMES = [
    "Cwfranklin",
    "HopefulMom",
    "Tired Dad",
    "Wren",
    "Lakeside Nana",
    "Sam in Ohio",
    "Still Here",
    "Marigold",
    "Two Sons",
    "Quiet Brother",
    "Northern Aunt",
    "Patience",
    "River Stone",
    "Learning Daily",
    "JM",
    "Birch",
    "A Sister",
    "Night Shift Mom",
    "Coastal Gran",
    "Ellery",
]
LETTER_SENTENCES = [
    "Our family has been through a lot in the last three years.",
    "He is thirty-five and has used on and off since college.",
    "We love her and we do not know what to say any more.",
    "Every conversation ends in shouting, and then nobody speaks for days.",
    "My husband thinks we should stop helping altogether, and I am not sure.",
    "She started a program in the spring and seemed like herself again.",
    "Last week he missed his appointment and stopped answering his phone.",
    "I found foil and a lighter in the bathroom and did not know whether to say anything.",
    "The rest of the family says we are enabling him.",
    "Our younger children see all of this and ask questions we cannot answer.",
    "We pay his phone bill so we can reach him, but I wonder if that is wrong.",
    "I read about CRAFT in a leaflet at the clinic and want to try it.",
    "He is kind and funny when he is not using, and that is the person I miss.",
    "The doctor mentioned buprenorphine, but he says it is just another drug.",
    "I have not slept properly in months.",
    "My family doctor suggested I write to you.",
    "We want to keep the door open without pretending everything is fine.",
    "I am afraid that one day the phone will ring with the worst news.",
]
REPLY_SENTENCES = [
    "Thank you for writing to us; so many families will recognise what you describe.",
    "The first thing to say is that your love for your family is a strength, not a weakness.",
    "CRAFT starts with what you can change: the way you respond, and when.",
    "Try to pick a calm moment, when he has not been using, to talk about what you have noticed.",
    "Notice the days when she does not use, and make those days a little warmer.",
    "Stepping back is not the same as giving up: it lets the natural consequences of use do their work.",
    "A boundary is about what you will do, not what he must do.",
    "Keep naloxone in the house and make sure everyone in the family knows where it is.",
    "Your own wellbeing matters here too; a family that is exhausted cannot help anyone.",
    "Medication for opioid use disorder saves lives, and it is treatment, not a substitute drug.",
    "Write down two or three things you would like to say, and practise them with someone you trust.",
    "Rewards do not need to be big: a shared meal or an evening together can be enough.",
    "If he asks for money, you can say no to the money and yes to the person.",
    "Many families find it easier to talk side by side, in the car or on a walk, than face to face.",
    "Relapse is common and it does not erase the progress your family has made.",
    "When she is ready to talk about treatment, have the phone numbers ready so you can act that day.",
]
HEADINGS = [
    "Start with what you can change",
    "Talking when the moment is right",
    "Rewarding the days without use",
    "Stepping back safely",
    "Setting a boundary you can keep",
    "Looking after yourself",
    "When treatment comes up",
    "Keeping everyone safe",
]
COMMENT_SENTENCES = [
    "Thank you for sharing this; our family went through something very similar.",
    "Reading this made me feel less alone.",
    "We tried the calm-moment approach last month and it was the first real talk we had in years.",
    "My daughter is in recovery now, and some days are still hard.",
    "The part about rewards really stayed with me.",
    "I printed the reply and read it with my husband.",
    "It took us a long time to stop blaming ourselves.",
    "Sending you strength from one parent to another.",
    "Our son started treatment after we changed how we talked with him.",
    "I wish I had found this site five years ago.",
    "The module on communication is worth every minute.",
    "We keep naloxone in the kitchen drawer now, just in case.",
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Noor",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sean",
    "Tala",
]
HOLD_REASONS = [
    {"code": "language", "detail": "\u201caddict\u201d \u2192 \u201cperson with a substance use disorder\u201d"},
    {"code": "advice", "detail": "\u201cyou should\u201d"},
    {"code": "links", "detail": "1 link (0 allowed)"},
    {"code": "contact", "detail": "an email address"},
    {"code": "reported", "detail": "Reported by readers"},
]

# The demo's tags first (the most used), then more topics; the long tail past them.
TOPICS = [
    "alcohol",
    "opioids",
    "communication",
    "boundaries",
    "rewards",
    "self-care",
    "treatment",
    "relapse",
    "safety",
    "medication",
    "cannabis",
    "methamphetamine",
    "teens",
    "recovery housing",
    "fentanyl",
    "naloxone",
    "money",
    "grandparents",
    "siblings",
    "spouses",
    "adult children",
    "holidays",
    "grief",
    "anger",
    "trust",
    "detox",
    "therapy",
    "support groups",
    "motivation",
    "consequences",
    "stimulants",
    "benzodiazepines",
    "gambling",
    "vaping",
    "pain",
    "mental health",
    "depression",
    "anxiety",
    "trauma",
    "sleep",
    "work",
    "school",
    "pregnancy",
    "parenting",
    "grandchildren",
    "divorce",
    "co-parenting",
    "housing",
    "legal trouble",
    "harm reduction",
]


def tag_names(count):
    names = list(TOPICS[:count])
    n = 0
    while len(names) < count:
        names.append(f"{TOPICS[n % len(TOPICS)]} {n // len(TOPICS) + 2}")
        n += 1
    return names


def paragraphs(rng, pool, count, per=(2, 4)):
    return [" ".join(rng.sample(pool, rng.randint(*per))) for _ in range(count)]


def as_html(texts):
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in texts)


def title(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(SITUATIONS)}: {rng.choice(QUESTIONS)}"


def slug_for(title_text, number):
    return f"{slugify(title_text)[:50].rstrip('-')}-{number}"


def module_mention(numbers):
    """How writers cite modules: "(Module 4)", "Modules 5 and 6", "Modules 3, 5 and 6"."""
    if len(numbers) == 1:
        return f"(see Module {numbers[0]})"
    head = ", ".join(str(n) for n in numbers[:-1])
    return f"Modules {head} and {numbers[-1]} go into this in more depth."


def reply_stream(rng, module_numbers, callout_page_id=None):
    """A reply as StreamField JSON: three sections of heading and paragraphs, module mentions inside."""
    blocks = []
    for section, heading in enumerate(rng.sample(HEADINGS, 3)):
        blocks.append({"type": "heading", "value": heading, "id": str(uuid.uuid4())})
        texts = paragraphs(rng, REPLY_SENTENCES, 2, per=(2, 4))
        if section == 0 and module_numbers:
            texts[0] += " " + module_mention(module_numbers)
        blocks.append({"type": "paragraph", "value": as_html(texts), "id": str(uuid.uuid4())})
    if callout_page_id is not None:
        blocks.append(
            {"type": "module_callout", "value": {"module": callout_page_id, "note": ""}, "id": str(uuid.uuid4())}
        )
    return blocks


def comment_body(rng):
    return " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 4)))


def display_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}."
