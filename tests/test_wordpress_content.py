"""How a WordPress post's HTML becomes introduction, letter, pen-name and reply (wpimport/content.py)."""

import pytest

from wpimport.content import Links, plain_text, replace_shortcodes, rich_text, split_post


def letter_html(parts):
    return rich_text(parts.letter, Links(), ("b", "i"))


def reply_html(parts):
    return [rich_text(b.value, Links()) if b.kind == "paragraph" else (b.kind, b.value) for b in parts.reply]


def test_classic_paragraphs_in_curly_quotes_are_the_letter():
    parts = split_post(
        "A question we hear often.\n\n\u201cMy husband drinks every evening.\n\n"
        "What can I do?\u201d\n\nDear Worried wife,\n\nYou are not alone."
    )
    assert letter_html(parts) == "<p>My husband drinks every evening.</p><p>What can I do?</p>"
    assert parts.pen_name == "Worried wife"
    assert reply_html(parts) == ["<p>Dear Worried wife,</p><p>You are not alone.</p>"]
    assert rich_text(parts.intro[0].value, Links()) == "<p>A question we hear often.</p>"


@pytest.mark.parametrize(
    ("salutation", "pen_name"),
    [
        ("Hi Cwfranklin,", "Cwfranklin"),
        ("Dear Carolyn P.,", "Carolyn P."),
        ("Hello Sleepless in Leeds!", "Sleepless in Leeds"),
        ("Hi Mum2three and thank you for writing.", "Mum2three"),
        ("Good morning Rosa \u2014", "Rosa"),
    ],
)
def test_the_pen_name_comes_from_the_salutation(salutation, pen_name):
    parts = split_post(f'"Our son uses again."\n\n{salutation}\n\nThank you.')
    assert parts.pen_name == pen_name


def test_without_a_salutation_the_quotes_cite_names_the_writer():
    parts = split_post(
        "<!-- wp:quote --><blockquote><p>Our daughter vapes.</p><cite>\u2014 Anxious in Ohio</cite></blockquote>"
        "<!-- /wp:quote --><!-- wp:paragraph --><p>Thank you for your letter.</p><!-- /wp:paragraph -->"
    )
    assert parts.pen_name == "Anxious in Ohio"
    assert letter_html(parts) == "<p>Our daughter vapes.</p>"


def test_the_earlier_of_quote_block_and_quoted_paragraphs_is_the_letter():
    parts = split_post(
        '"Our son came home drunk again. What now?"\n\nHi Tired,\n\nAs one parent put it:\n\n'
        "<blockquote>Small steps add up.</blockquote>\n\nKeep going."
    )
    assert letter_html(parts) == "<p>Our son came home drunk again. What now?</p>"
    assert parts.pen_name == "Tired"
    # The later blockquote stays in the reply (a pull quote there).
    assert [b.kind for b in parts.reply] == ["paragraph", "quote", "paragraph"]


def test_a_post_without_a_letter_has_none():
    parts = split_post("<p>Our meeting moves to Thursday.</p><p>See you there.</p>")
    assert parts.letter is None
    unbalanced = split_post('"A quotation that never closes.\n\nHi there,\n\nText.')
    assert unbalanced.letter is None


def test_headings_lists_links_and_emphasis_are_kept_and_the_rest_is_dropped():
    parts = split_post(
        '<blockquote>Letter.</blockquote><p>Hi Sam,</p><h2 style="color:red">Next steps</h2>'
        '<ul><li><strong>Listen</strong></li><li><a href="https://example.org/craft" onclick="x()">Read</a>'
        "<ul><li>nested</li></ul></li></ul><h5>Small print</h5>"
        '<p><span class="x"><u>under</u></span> <a href="javascript:alert(1)">bad</a> '
        '<a href="data:text/html,hi">data</a> <a href="mailto:help@example.org">mail</a></p>'
        "<script>alert(1)</script><style>p{}</style><iframe src=x></iframe><form><input></form>"
    )
    assert reply_html(parts) == [
        "<p>Hi Sam,</p>",
        ("heading", "Next steps"),
        '<ul><li><b>Listen</b></li><li><a href="https://example.org/craft">Read</a><ul><li>nested</li></ul></li></ul>'
        '<p><b>Small print</b></p><p>under bad data <a href="mailto:help@example.org">mail</a></p>',
    ]


def test_shortcodes_caption_becomes_an_image_others_are_removed_and_counted():
    found = {}
    html = replace_shortcodes(
        'A [gallery ids="1,2"] then [embed]https://video.example/1[/embed] and my son [name removed] [[gallery]] '
        '[caption id="attachment_5" width="300"]<img src="/a.jpg" alt="Alt"> The caption[/caption] [/column]',
        found,
    )
    assert found == {"gallery": 1, "embed": 1}
    assert "[name removed]" in html  # an editor's bracket, not a shortcode
    assert "[gallery]" in html  # "[[gallery]]" is how WordPress shows a shortcode as text
    assert '<figure data-attachment-id="5"><img' in html and "<figcaption>The caption</figcaption>" in html
    assert "https://video.example/1" in html
    parts = split_post(
        '"Letter."\n\nHi A,\n\n' + '[caption id="attachment_5"]<img src="/a.jpg" alt="Alt"> Cap[/caption]'
    )
    image = parts.reply[-1].value
    assert (image.src, image.alt, image.caption, image.attachment_id) == ("/a.jpg", "Alt", "Cap", 5)


def test_comment_text_keeps_paragraphs_and_characters():
    assert plain_text("Line one<br>line two\n\nNew <b>para</b> \u200d\U0001f642 &amp; more") == (
        "Line one\nline two\n\nNew para \u200d\U0001f642 & more"
    )
