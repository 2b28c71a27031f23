"""Crisis triage: which words flag a letter urgent, which deliberately do not, and the editors' alert.

The decisions behind each row are written down in discussion/crisis.py.
"""

import pytest
from django.test import SimpleTestCase, override_settings

from discussion.crisis import (
    CHILD_DANGER,
    HARM,
    OVERDOSE,
    OVERDOSE_FEAR,
    PAST_OVERDOSE,
    SELF_HARM_HISTORY,
    SUICIDE,
    crisis_matches,
    find_crisis_language,
    find_risk_language,
    normalise,
    risk_matches,
    triage,
    urgent_letter_message,
)
from discussion.models import Letter

# (text, a phrase that must be found, its category)
POSITIVES = [
    # Overdose
    ("Our son overdosed last night.", "overdosed", OVERDOSE),
    ("He has been overdosing on weekends.", "overdosing", OVERDOSE),
    ("My son OD’d in the bathroom.", "od'd", OVERDOSE),
    ("My son OD'd in the bathroom.", "od'd", OVERDOSE),
    ("he od'ed again", "od'ed", OVERDOSE),
    # An overdose in the last few days is a crisis, even among past ones.
    ("He has had two overdoses since March, the last one on Friday.", "has had two overdoses", OVERDOSE),
    ("He overdosed again last night, his third time this year.", "overdosed", OVERDOSE),
    ("He survived an overdose yesterday.", "survived an overdose", OVERDOSE),
    ("He overdosed before I got home.", "overdosed", OVERDOSE),
    ("I think he took too many of his pills.", "took too many", OVERDOSE),
    ("She swallowed a whole bottle of pills.", "swallowed a whole bottle", OVERDOSE),
    ("We had to give him Narcan.", "had to give him narcan", OVERDOSE),
    ("I narcanned him on the kitchen floor.", "narcanned", OVERDOSE),
    ("I gave him two doses of naloxone.", "gave him two doses of naloxone", OVERDOSE),
    ("Narcan brought him back.", "narcan brought him back", OVERDOSE),
    ("He was revived with naloxone.", "revived with naloxone", OVERDOSE),
    ("He was not breathing when I found him.", "not breathing", OVERDOSE),
    ("He wasn’t breathing.", "wasn't breathing", OVERDOSE),
    ("His face turned blue.", "turned blue", OVERDOSE),
    ("Her lips were blue.", "lips were blue", OVERDOSE),
    ("He was unresponsive on the couch.", "unresponsive", OVERDOSE),
    ("I couldn't wake him this morning.", "couldn't wake him", OVERDOSE),
    # Suicidal thoughts
    ("He said he wants to kill himself.", "kill himself", SUICIDE),
    ("Some days I want to kill myself.", "kill myself", SUICIDE),
    ("I want to end my life.", "end my life", SUICIDE),
    ("She talks about ending it all.", "ending it all", SUICIDE),
    ("He tried to take his own life.", "take his own life", SUICIDE),
    ("He has been suicidal since Christmas.", "suicidal", SUICIDE),
    ("She attempted suicide last year.", "suicide", SUICIDE),
    ("He told me he doesn't want to live anymore.", "doesn't want to live", SUICIDE),
    ("He says he doesn’t want to live.", "doesn't want to live", SUICIDE),
    ("I don't want to live like this.", "don't want to live", SUICIDE),
    ("He says he wants to die.", "wants to die", SUICIDE),
    ("He says he'd be better off dead.", "better off dead", SUICIDE),
    ("She wrote that everyone is better off without me.", "better off without me", SUICIDE),
    ("She says she has nothing to live for.", "nothing to live for", SUICIDE),
    ("He keeps saying he wishes he was dead.", "wishes he was dead", SUICIDE),
    ("He threatened to hang himself.", "hang himself", SUICIDE),
    # Harm to self or others
    ("He hurt himself again.", "hurt himself", HARM),
    ("She has started to self‑harm.", "self-harm", HARM),
    ("She self harms when she drinks.", "self harms", HARM),
    ("It was non-suicidal self-injury, the nurse said.", "self-injury", HARM),
    ("She's been cutting again.", "she's been cutting again", HARM),
    ("I think she is cutting.", "is cutting", HARM),
    ("She has cuts on her arms.", "cuts on her arms", HARM),
    ("He cut his wrists.", "cut his wrists", HARM),
    ("He threatened to kill me.", "threatened to kill", HARM),
    ("He threatened us with a knife.", "threatened us with a knife", HARM),
    ("He said he'd kill me if I called the police.", "he'd kill me", HARM),
    ("Last week he hit me.", "hit me", HARM),
    ("He hits my wife when he drinks.", "hits my wife", HARM),
    ("He punched her.", "punched her", HARM),
    ("He choked me until I passed out.", "choked me", HARM),
    ("His friends beat him up.", "beat him up", HARM),
    ("He gets violent when he drinks.", "gets violent", HARM),
    ("There has been domestic violence.", "domestic violence", HARM),
    ("He has a gun in his room.", "has a gun", HARM),
    ("He bought a gun last month.", "bought a gun", HARM),
    ("He pulled a knife on his brother.", "pulled a knife", HARM),
    ("He shot at us from the porch.", "shot at us", HARM),
    ("He said he would shoot himself.", "shoot himself", HARM),
    # A child in danger
    ("The kids were home alone all night.", "kids were home alone", CHILD_DANGER),
    ("The baby was left home alone.", "baby was left home alone", CHILD_DANGER),
    ("She left the baby alone in the car.", "left the baby alone", CHILD_DANGER),
    ("He drove high with the kids in the car.", "drove high with the kids", CHILD_DANGER),
    ("She drove the kids to school drunk.", "drove the kids to school drunk", CHILD_DANGER),
    ("He drove drunk with his daughter.", "drove drunk with his daughter", CHILD_DANGER),
    ("He passed out holding the baby.", "passed out holding the baby", CHILD_DANGER),
    ("The children are not safe with him.", "children are not safe", CHILD_DANGER),
    ("I think the kids are in danger.", "kids are in danger", CHILD_DANGER),
    ("The child could be in danger there.", "child could be in danger", CHILD_DANGER),
    ("He is endangering the kids.", "endangering the kids", CHILD_DANGER),
    ("The social worker called it child neglect.", "child neglect", CHILD_DANGER),
    ("She neglects the children.", "neglects the children", CHILD_DANGER),
    ("The baby is being neglected.", "baby is being neglected", CHILD_DANGER),
]

# The second tier, "mentions risk": fear of an overdose, past overdoses, a history of self-harm.
# (text, a phrase that must be found, its category); none of them makes a letter urgent.
RISK_POSITIVES = [
    # Fear of an overdose
    ("I'm afraid he will overdose.", "afraid he will overdose", OVERDOSE_FEAR),
    ("I am terrified he will overdose.", "terrified he will overdose", OVERDOSE_FEAR),
    ("We are so scared she'll OD one day.", "scared she'll od", OVERDOSE_FEAR),
    ("I worry that my son might overdose.", "worry that my son might overdose", OVERDOSE_FEAR),
    ("Our biggest fear is an overdose.", "fear is an overdose", OVERDOSE_FEAR),
    ("I live in fear of another overdose.", "fear of another overdose", OVERDOSE_FEAR),
    ("He is at risk of an overdose.", "at risk of an overdose", OVERDOSE_FEAR),
    ("I am afraid he will stop breathing one day.", "afraid he will stop breathing", OVERDOSE_FEAR),
    ("We keep naloxone in case.", "keep naloxone in case", OVERDOSE_FEAR),
    # Past overdoses
    ("She ODed twice this year.", "oded", PAST_OVERDOSE),
    ("He has had two overdoses since March.", "has had two overdoses", PAST_OVERDOSE),
    ("He had a near-fatal overdose in June.", "had a near-fatal overdose", PAST_OVERDOSE),
    ("He overdosed two years ago and we gave him Narcan.", "overdosed", PAST_OVERDOSE),
    ("Last month he overdosed and we found him just in time.", "overdosed", PAST_OVERDOSE),
    ("She survived an overdose when she was 19.", "survived an overdose", PAST_OVERDOSE),
    ("Since his last overdose he has been careful.", "last overdose", PAST_OVERDOSE),
    ("There is a history of overdoses in the family.", "history of overdoses", PAST_OVERDOSE),
    # Self-harm history
    ("She used to cut herself as a teenager.", "used to cut herself", SELF_HARM_HISTORY),
    ("He self-harmed in high school.", "self-harmed", SELF_HARM_HISTORY),
    ("She has a history of self-harm.", "history of self-harm", SELF_HARM_HISTORY),
    ("He has old scars from cutting.", "old scars from cutting", SELF_HARM_HISTORY),
]

# Neither tier: what a family writes about every day, and risk talked about in general.
NEITHER = [
    "How do we reward the days he does not use?",
    "We went to an Overdose Awareness Day event.",
    "I went to Narcan training at the library.",
    "The pharmacist told us about overdose prevention.",
    "I worry about his drinking.",
    "She used to cut my hair.",
    "We are cutting back on takeout.",
    "He has been sober for two years.",
    "I could die of embarrassment.",
    "",
]

# Must NOT flag a letter: figures of speech, events and training, fear of something that has not happened.
NEGATIVES = [
    "We were killing time at the airport.",
    "I could die of embarrassment.",
    "We went to an Overdose Awareness Day event.",
    "I went to Narcan training at the library.",
    "We carry Narcan now and keep naloxone in the car.",
    "I am terrified he will overdose.",
    "He is at risk of an overdose.",
    "The kids are in school.",
    "I am dead tired.",
    "I need a shot of espresso.",
    "The doctor gave him a shot.",
    "He shot me a text at midnight.",
    "I am not breathing a word of this to my husband.",
    "It finally hit me that he needs help.",
    "Reality hit him hard.",
    "The news hit her hard.",
    "He hit me up on Facebook.",
    "We are cutting back on takeout.",
    "I am cutting ties with my sister.",
    "He works on cutting-edge research.",
    "I was cutting and pasting the forms.",
    "I am cutting the grass.",
    "We walked in a suicide prevention walk.",
    "He doesn't want to live with us anymore.",
    "She doesn't want to live at home.",
    "We kicked him out last year.",
    "Beats me why he does it.",
    "He was shooting up in his car.",
    "I feel I have neglected my other children.",
    "My feet are killing me.",
    "I'd kill for a night's sleep.",
    "Our friend Oded helped us move.",
    "We drove down the high street with the kids.",
    "He drove the kids to school using the back roads.",
    "The kids are safe with their dad.",
    "He took too much time off work.",
    "I am afraid he will stop breathing one day.",
    "He has a knife collection.",
    "He is dying to see his kids.",
    "He burned himself out at work.",
    "He was unresponsive to treatment.",
    "Our son lives alone now.",
    "I was home alone for the weekend.",
    "Our son abused alcohol for years.",
    "",
]


@pytest.mark.parametrize(("text", "phrase", "category"), POSITIVES)
def test_crisis_language_is_found(text, phrase, category):
    assert (category, phrase) in crisis_matches(text)
    assert phrase in find_crisis_language(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_everyday_language_does_not_trigger(text):
    assert find_crisis_language(text) == []


def test_every_category_has_positive_cases():
    assert {category for _, _, category in POSITIVES} == {OVERDOSE, SUICIDE, HARM, CHILD_DANGER}
    assert {category for _, _, category in RISK_POSITIVES} == {
        OVERDOSE_FEAR,
        PAST_OVERDOSE,
        SELF_HARM_HISTORY,
    }


@pytest.mark.parametrize(("text", "phrase", "category"), RISK_POSITIVES)
def test_risk_is_found_and_is_not_urgent(text, phrase, category):
    assert (category, phrase) in risk_matches(text)
    assert find_crisis_language(text) == []


@pytest.mark.parametrize("text", NEITHER)
def test_neither_tier(text):
    assert find_crisis_language(text) == []
    assert find_risk_language(text) == []


def test_an_overdose_now_stays_urgent_beside_a_past_one():
    text = "He overdosed in 2021. Tonight he was not breathing when I found him."
    assert find_crisis_language(text) == ["not breathing"]
    assert find_risk_language(text) == ["overdosed"]


@pytest.mark.parametrize(
    "text",
    [
        "HE OVERDOSED",
        "he Overdosed",
        "He\noverdosed",
        "not\n\n   breathing",
        "He\u00a0wasn\u2019t\u00a0breathing",
        "self\u2013harm",
        "sui\u00adcidal",
    ],
)
def test_case_line_breaks_typographic_apostrophes_dashes_and_soft_hyphens_do_not_hide_a_phrase(text):
    assert find_crisis_language(text)


@pytest.mark.parametrize("text", ["overdosedd", "preoverdosed", "unsuicidality", "hit meat", "shithit me"])
def test_phrases_match_whole_words_only(text):
    assert "overdosed" not in find_crisis_language(text)
    assert "suicidal" not in find_crisis_language(text)
    assert "hit me" not in find_crisis_language(text)


def test_phrases_come_in_reading_order_each_once():
    text = "He was not breathing. He had overdosed. Later he overdosed again and was NOT breathing."
    assert find_crisis_language(text) == ["not breathing", "overdosed"]


def test_no_text_is_no_crisis():
    assert find_crisis_language(None) == []
    assert find_crisis_language("   \n ") == []


def test_a_long_letter_is_scanned_quickly_and_completely():
    filler = "We love him and we are tired. " * 270  # about 8,000 characters
    assert find_crisis_language(filler) == []
    assert find_crisis_language(filler + "Yesterday he overdosed.") == ["overdosed"]


def test_normalise_keeps_the_words_and_only_tidies_punctuation_and_spaces():
    assert normalise("He  wasn’t\n\tbreathing\u2014at all") == "He wasn't breathing-at all"


class TriageTests(SimpleTestCase):
    def test_a_letter_with_crisis_language_is_urgent_and_keeps_the_phrases(self):
        letter = Letter(pen_name="Tired mum", body="He overdosed and the kids were home alone.")
        triage(letter)
        self.assertTrue(letter.urgent)
        self.assertEqual(letter.crisis_terms, ["overdosed", "kids were home alone"])

    def test_the_pen_name_counts_too(self):
        letter = Letter(pen_name="Suicidal dad", body="I have a question about boundaries.")
        triage(letter)
        self.assertTrue(letter.urgent)
        self.assertEqual(letter.crisis_terms, ["suicidal"])

    def test_a_letter_without_crisis_language_is_not_urgent(self):
        letter = Letter(pen_name="Hopeful", body="How do we reward the days he does not use?", urgent=True)
        triage(letter)
        self.assertFalse(letter.urgent)
        self.assertEqual(letter.crisis_terms, [])
        self.assertFalse(letter.mentions_risk)
        self.assertEqual(letter.risk_terms, [])

    def test_a_letter_that_mentions_risk_is_flagged_quietly(self):
        letter = Letter(pen_name="Worried", body="I'm afraid he will overdose. He overdosed twice in 2022.")
        triage(letter)
        self.assertFalse(letter.urgent)
        self.assertTrue(letter.mentions_risk)
        self.assertEqual(letter.risk_terms, ["afraid he will overdose", "overdosed"])

    def test_an_urgent_letter_keeps_its_quieter_phrases_too(self):
        letter = Letter(pen_name="Tired", body="She used to cut herself. Last night she said she wants to die.")
        triage(letter)
        self.assertTrue(letter.urgent)
        self.assertEqual(letter.crisis_terms, ["wants to die"])
        self.assertEqual(letter.risk_terms, ["used to cut herself"])


@override_settings(WAGTAILADMIN_BASE_URL="https://blog.example.org/")
class UrgentLetterMessageTests(SimpleTestCase):
    def test_names_the_pen_name_the_phrases_and_the_inbox_but_not_the_writer_or_the_letter(self):
        letter = Letter(
            pen_name="Worried sister",
            email="sister@example.com",
            body="My brother overdosed on Friday and I found him not breathing in the car park.",
        )
        triage(letter)
        subject, body = urgent_letter_message(letter)
        self.assertEqual(subject, "Urgent letter: crisis language")
        self.assertIn("Worried sister", body)
        self.assertIn("overdosed", body)
        self.assertIn("not breathing", body)
        self.assertIn("https://blog.example.org/admin/letters/\n", body)
        self.assertNotIn("sister@example.com", body)
        self.assertNotIn("car park", body)
