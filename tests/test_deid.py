"""The de-identification engine (blog/deidentify/) on small letters: what it finds, and what it leaves.

The measured figures over the hand-marked set are in tests/test_deid_evaluation.py.
"""

import subprocess
import sys

import pytest
from django.test import override_settings

from blog.deidentify import KINDS, Finding, find_identifying_details
from blog.deidentify.patterns import pattern_findings

LETTER = (
    "Our son Daniel is 35 and has used opioids since a back injury in his twenties. He moved back in with us "
    "in Kettering in the spring. We found the Greene Valley Recovery Center on Wilmington Pike, which offers "
    "buprenorphine. My husband Rob wants to give him an ultimatum. His court date is 9/12/2023. "
    "You can call me on 937-555-0142."
)


def found(text, **kwargs):
    return {(f.kind, f.text) for f in find_identifying_details({"letter": text}, **kwargs)}


def test_each_kind_is_found_in_context():
    findings = find_identifying_details({"letter": LETTER}, pen_name="Cwfranklin")
    assert {(f.kind, f.text) for f in findings} == {
        ("name", "Daniel"),
        ("age", "35"),
        ("place", "Kettering"),
        ("institution", "Greene Valley Recovery Center"),
        ("place", "Wilmington Pike"),
        ("name", "Rob"),
        ("date", "9/12/2023"),
        ("contact", "937-555-0142"),
    }
    for finding in findings:
        assert finding.kind in KINDS
        assert LETTER[finding.start : finding.end] == finding.text
        assert finding.text in finding.context and "\n" not in finding.context
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_the_pen_name_and_staff_writers_are_not_findings_but_a_town_in_a_pen_name_is():
    fields = {
        "pen_name": "Tired in Headingley",
        "standfirst": "Our CEO, Maren Castillo, replies to Tired in Headingley.",
        "reply": "Dear Tired in Headingley, thank you for writing. Warmly, Maren",
    }
    findings = find_identifying_details(fields, pen_name="Tired in Headingley", staff_names=["Maren Castillo"])
    assert {(f.field, f.kind, f.text) for f in findings} == {
        ("pen_name", "place", "Headingley"),
        ("standfirst", "place", "Headingley"),
        ("reply", "place", "Headingley"),
    }


def test_a_state_run_into_a_pen_name_is_found_where_the_reply_greets_it():
    findings = find_identifying_details({"reply": "Dear IdahoMom, thank you."}, pen_name="IdahoMom")
    assert [(f.kind, f.text) for f in findings] == [("place", "Idaho")]


def test_what_identifies_no_one_is_left_alone():
    text = (
        "Module 4 on communication and Modules 5 and 6 on rewards are the CRAFT way. Keep naloxone (Narcan) at "
        "home. SMART Recovery and Al-Anon meetings help, and so does AA. Last Tuesday he came home from rehab; "
        "he is in his twenties, we have been married nineteen years and he did a one-month detox at the hospital. "
        "He has been sober 30 days. At Christmas he moved back from Australia. In March he starts Suboxone."
    )
    assert found(text, pen_name="Hopeful") == set()


@pytest.mark.parametrize(
    "phrase, age",
    [
        ("our 35-year-old son", "35-year-old"),
        ("she is aged 17 now", "17"),
        ("He's 44.", "44"),
        ("my son Stevie is thirty-one.", "thirty-one"),
        ("Dale turned fifty in May", "fifty"),
        ("Our daughter Ava, 16, goes to school", "16"),
        ("a nineteen-year-old apprentice", "nineteen-year-old"),
        ("at the age of 52 he said", "52"),
    ],
)
def test_exact_ages_in_their_many_phrasings(phrase, age):
    assert ("age", age) in {(kind, phrase[start:end]) for kind, start, end in pattern_findings(phrase)}


def test_a_list_of_ages_is_each_age():
    text = "Our kids are 12, 9 and 4."
    assert sorted(text[s:e] for kind, s, e in pattern_findings(text) if kind == "age") == ["12", "4", "9"]


@pytest.mark.parametrize(
    "text",
    ["He is 3 hours away.", "Failing classes is one.", "a 12-step group", "his GPA went from 3.6 to 2.1", "at 6am"],
)
def test_numbers_that_are_not_ages(text):
    assert [kind for kind, _s, _e in pattern_findings(text) if kind == "age"] == []


@pytest.mark.parametrize(
    "text, date",
    [
        ("He overdosed on March 3rd.", "March 3rd"),
        ("on 14 March", "14 March"),
        ("on the 14th of February", "the 14th of February"),
        ("in June 2023", "June 2023"),
        ("born 14/02/2009", "14/02/2009"),
        ("On 2024-03-15 she", "2024-03-15"),
        ("Anzac Day 2024", "Anzac Day 2024"),
    ],
)
def test_calendar_dates(text, date):
    assert [text[s:e] for kind, s, e in pattern_findings(text) if kind != "age"] == [date]


@pytest.mark.parametrize("text", ["last Tuesday", "in March", "since 2019", "every Sunday", "at Christmas"])
def test_dates_that_pin_no_day(text):
    assert pattern_findings(text) == []


def test_contact_details_are_todays_checks_with_their_allowances():
    text = "Write to me at sam@example.org, see www.example.org/help, call 0412 345 678 or @sam_k_92."
    assert {f.text for f in find_identifying_details({"letter": text})} == {
        "sam@example.org",
        "www.example.org/help",
        "0412 345 678",
        "@sam_k_92",
    }
    with override_settings(
        PRIVACY_CHECK_ALLOWED_NUMBERS=["0412 345 678"], PRIVACY_CHECK_ALLOWED_DOMAINS=["example.org"]
    ):
        assert {f.text for f in find_identifying_details({"letter": text})} == {"sam@example.org", "@sam_k_92"}


def test_a_finding_survives_a_round_trip_through_json():
    finding = find_identifying_details({"letter": LETTER})[0]
    data = finding.as_dict()
    assert data["key"] == f"letter:{finding.start}-{finding.end}:{finding.kind}"
    assert data["label"] == "a personal name"
    assert Finding.from_dict(data) == finding


def test_web_processes_never_load_the_language_model():
    """Importing the blog, the engine and the analysis code leaves spaCy unimported: only analysing loads it."""
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cms.settings.test'); django.setup();"
        "import blog.models, blog.deidentify, blog.reply_analysis, blog.wagtail_hooks, cms.urls;"
        "assert 'spacy' not in sys.modules and 'thinc' not in sys.modules, 'spaCy was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


def test_a_name_inside_a_pen_name_is_still_a_name():
    fields = {"pen_name": "Daniel's Mum", "letter": "My son Daniel is using again.", "reply": "Dear Daniel's Mum,"}
    findings = find_identifying_details(fields, pen_name="Daniel's Mum")
    assert {(f.field, f.kind, f.text) for f in findings} >= {
        ("letter", "name", "Daniel"),
        ("pen_name", "name", "Daniel"),
    }
