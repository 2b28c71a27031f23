"""Reading a WordPress export safely: attacks refused, broken files stopped with a position, every
namespace version read, text kept exactly, and memory flat whatever the file's size."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from blog.models import LetterReplyPage
from discussion.models import Comment
from wpimport.models import ImportedObject, ImportRun
from wpimport.wxr import ExportError, ExportReader

DATA = Path(__file__).parent / "data" / "wordpress"


def run_import(name, *args):
    call_command("import_wordpress", str(DATA / name), "--no-download", *args, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "words"),
    [("xxe.xml", "external entity"), ("billion-laughs.xml", "billion laughs")],
)
def test_entity_attacks_are_refused_with_a_clear_message_and_nothing_imported(name, words):
    pages = Page.objects.count()
    with pytest.raises(CommandError) as refused:
        run_import(name)
    assert words in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert Page.objects.count() == pages
    assert "root:" not in str(refused.value)  # /etc/passwd was never read
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED and not run.active


def test_a_billion_laughs_file_is_refused_before_any_entity_is_expanded():
    with pytest.raises(ExportError):
        list(ExportReader(DATA / "billion-laughs.xml"))
    outcome, peak_kb = _read_in_a_process(DATA / "billion-laughs.xml")
    assert outcome == "refused"
    assert peak_kb < 200 * 1024  # expanded, lol9 alone would be 3 GB


@pytest.mark.django_db
def test_a_malformed_file_stops_with_line_and_column_and_imports_nothing():
    pages, comments = Page.objects.count(), Comment.objects.count()
    with pytest.raises(CommandError) as stopped:
        run_import("malformed.xml")
    message = str(stopped.value)
    assert "line 29, column" in message
    assert "Nothing was imported" in message
    # Not even the complete post that came before the error.
    assert Page.objects.count() == pages
    assert Comment.objects.count() == comments
    assert not ImportedObject.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text('<?xml version="1.0"?><html><body>Not an export</body></html>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(str(other))
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty|well-formed"):
        run_import(str(empty))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "title", "pen_name", "writer", "comment"),
    [
        ("wxr-1.0.xml", "An old letter about cannabis", "Anxiousdad", "oldstaff", "We went through the same thing."),
        ("wxr-1.1-https.xml", "A letter about a brother", "Sisterbee", "Sam Rivera", "Thank you."),
    ],
)
def test_older_versions_and_https_namespaces_are_read_by_their_uri(name, title, pen_name, writer, comment):
    run_import(name)
    reply = LetterReplyPage.objects.get(title=title)
    assert reply.live
    assert reply.pen_name == pen_name
    assert reply.writer.name == writer
    assert reply.comments.get().body == comment
    assert reply.tags.exists()


@pytest.mark.django_db
def test_text_keeps_its_characters_exactly():
    run_import("text-exact.xml")
    reply = LetterReplyPage.objects.get()
    # Bidirectional controls, zero-width characters and emoji sequences, as written.
    assert reply.title == (
        "Our son \u202eRTL\u202c \u200bquiet\u200b \U0001f468\u200d\U0001f469\u200d\U0001f467 family "
        "\u05e9\u05dc\u05d5\u05dd"
    )
    # The CDATA section WordPress split around "]]>" is one text again.
    assert "He wrote a[b[0]]&gt; in his notes and signed \u200f\u062d\u0633\u0646\u200e \U0001f49b" in reply.letter
    comment = reply.comments.get()
    assert comment.body == "Thinking of you \U0001f64f\U0001f3fd \u2014 zero\u200dwidth joiner kept"
    assert comment.display_name == "R\u00e9my \U0001f33b"


def _export(path, posts):
    """A synthetic export of `posts` items, each with a body of a few kilobytes."""
    body = "<p>" + "A paragraph of a reply, long enough to weigh something. " * 40 + "</p>"
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
            "<channel><title>Big</title><link>https://big.example.org</link><wp:wxr_version>1.2</wp:wxr_version>"
        )
        for n in range(posts):
            out.write(
                f"<item><title>Post {n}</title><content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
            )
        out.write("</channel></rss>")


# Peak resident memory of a process that reads the file: lxml allocates outside Python's own
# allocator, so only the process's RSS shows what reading really costs. VmHWM starts afresh with
# the new program (getrusage's maxrss would include the test process it was forked from).
READ = """
import re, sys
from wpimport.wxr import ExportError, ExportReader
try:
    outcome = sum(1 for _item in ExportReader(sys.argv[1]))
except ExportError:
    outcome = "refused"
print(outcome, re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
"""


def _read_in_a_process(path):
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", READ, str(path)], cwd=root, capture_output=True, text=True, timeout=300, check=True
    )
    outcome, peak_kb = result.stdout.split()
    return (int(outcome) if outcome.isdigit() else outcome), int(peak_kb)


def test_memory_stays_flat_whatever_the_file_size(tmp_path):
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    _export(small, 500)
    _export(large, 5000)  # ten times the items, about 12 MB
    small_count, small_peak = _read_in_a_process(small)
    large_count, large_peak = _read_in_a_process(large)
    assert (small_count, large_count) == (500, 5000)
    # Ten times the file, not ten times the memory: each item is freed once read (keeping them
    # would add about 16 MB here).
    assert large_peak < small_peak + 6 * 1024, (small_peak, large_peak)
