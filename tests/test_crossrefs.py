"""The module-mention parser and linker (blog/crossrefs.py), table-driven."""

import pytest

from blog.crossrefs import find_module_mentions, link_module_mentions, module_numbers

MENTIONS = [
    # (text, module numbers found)
    ("see Module 3 for more", {3}),
    ("as we cover in (Module 4).", {4}),
    ("Modules 5 and 6 are about rewards", {5, 6}),
    ("Modules 3, 5 and 6", {3, 5, 6}),
    ("Modules 3, 5, and 6", {3, 5, 6}),
    ("modules 5-6", {5, 6}),
    ("Modules 5–7", {5, 6, 7}),
    ("Modules 2 to 4", {2, 3, 4}),
    ("Modules 2 through 3", {2, 3}),
    ("module 3", {3}),
    ("MODULE 8", {8}),
    ("Module 3 and Module 4", {3, 4}),
    ("Module 1, which comes first, and Module 9.", {1, 9}),
    ("Module 5 & 6", {5, 6}),
    ("Modules 5 &amp; 6", {5, 6}),
    ("Module&nbsp;7", {7}),
    ("Module\u00a07", {7}),
    ("Modules 3 or 4", {3, 4}),
    ("(Modules 5 and 6)", {5, 6}),
    ("Module 3's exercises", {3}),
    ("Module 4: communication", {4}),
    ("Module 4; Module 6", {4, 6}),
    ("Module 3.", {3}),
    ("Module 12", {12}),
]

NON_MENTIONS = [
    "Module",
    "the module on rewards",
    "a module 3rd-party vendors sell",
    "Module 3a",
    "Module 3.5 is not a module",
    "submodule 3",
    "Modular 3",
    "Module three",
    "modules are numbered",
    "Remodule 4",
    "3 modules",
    "Module 0",
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_mentions_are_found(text, expected):
    assert module_numbers(text) == expected


@pytest.mark.parametrize("text", NON_MENTIONS)
def test_non_mentions_are_ignored(text):
    assert module_numbers(text) == set()


def test_mention_spans_cover_the_phrase():
    text = "Read Modules 5 and 6 today."
    (mention,) = find_module_mentions(text)
    assert text[mention.start : mention.end] == "Modules 5 and 6"
    assert [t.number for t in mention.tokens] == [5, 6]
    assert mention.numbers == (5, 6)


def test_a_reversed_or_huge_range_is_two_numbers_not_a_range():
    assert module_numbers("Modules 6-5") == {5, 6}
    assert module_numbers("Modules 1-90") == {1, 90}


MODULES = {
    3: ("/modules/three/", "Patterns"),
    5: ("/modules/five/", "Rewards"),
    6: ("/modules/six/", "Stepping back"),
}


def test_single_mention_links_the_whole_phrase():
    html = link_module_mentions("<p>See Module 3 first.</p>", MODULES)
    assert html == (
        '<p>See <a class="module-link" href="/modules/three/" title="Module 3: Patterns">Module 3</a> first.</p>'
    )


def test_each_number_of_a_list_is_its_own_link():
    html = link_module_mentions("<p>Modules 5 and 6</p>", MODULES)
    assert '<a class="module-link" href="/modules/five/" title="Module 5: Rewards">5</a>' in html
    assert '<a class="module-link" href="/modules/six/" title="Module 6: Stepping back">6</a>' in html
    assert html.startswith("<p>Modules <a") and " and <a" in html


def test_unknown_module_stays_plain_text():
    assert link_module_mentions("<p>See Module 12.</p>", MODULES) == "<p>See Module 12.</p>"
    html = link_module_mentions("<p>Modules 3 and 12</p>", MODULES)
    assert html.count("<a ") == 1 and "and 12</p>" in html


def test_text_inside_an_existing_link_is_not_linked_again():
    source = '<p><a href="/elsewhere/">Module 3 notes</a> and Module 5</p>'
    html = link_module_mentions(source, MODULES)
    assert html.count("<a ") == 2
    assert '<a href="/elsewhere/">Module 3 notes</a>' in html


def test_attributes_are_not_rewritten():
    source = '<p><span title="Module 3">hello</span></p>'
    assert link_module_mentions(source, MODULES) == source


def test_titles_are_escaped():
    html = link_module_mentions("Module 3", {3: ("/m/", 'Say "no" & <mean> it')})
    assert "&quot;no&quot; &amp; &lt;mean&gt;" in html
