"""How well the de-identification assistant finds what people marked by hand in tests/data/deid/.

    .venv/bin/python -m tests.deid_eval            # the precision/recall table per kind
    .venv/bin/python -m tests.deid_eval --errors   # and every miss and false alarm
    .venv/bin/python -m tests.deid_eval --docs 31-45 --timing

A finding counts when it has the marked kind, is in the marked field and overlaps the marked
characters; each marked detail is matched by at most one finding and each finding by at most one
detail. tests/test_deid_evaluation.py runs this in `make test` and asserts the targets.
"""

import argparse
import os
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "deid"
# Where the test leaves the table for the end of the `make test` run (tests/conftest.py).
DEID_TABLE = Path(__file__).resolve().parents[1] / "test-artifacts" / "deid-evaluation.txt"
MARK = re.compile(r"\[\[(\w+):([^\]]+)\]\]")
FIELDS = ("title", "standfirst", "pen_name", "letter", "reply")
TARGETS = {"name": 0.90, "place": 0.90, "age": 0.95, "contact": 0.95}


@dataclass
class Document:
    path: Path
    pen_name: str = ""
    staff: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # field -> plain text
    marked: list = field(default_factory=list)  # (field, kind, start, end, text)


def _unmark(field_name, marked_text, marked):
    plain, position = [], 0
    for match in MARK.finditer(marked_text):
        plain.append(marked_text[position : match.start()])
        start = sum(len(part) for part in plain)
        plain.append(match.group(2))
        marked.append((field_name, match.group(1), start, start + len(match.group(2)), match.group(2)))
        position = match.end()
    plain.append(marked_text[position:])
    return "".join(plain)


def load_document(path):
    document = Document(path)
    section, lines = None, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if section is None and line.startswith("pen_name:"):
            document.fields["pen_name"] = _unmark("pen_name", line.split(":", 1)[1].strip(), document.marked)
        elif section is None and line.startswith("staff:"):
            document.staff = [name.strip() for name in line.split(":", 1)[1].split(";") if name.strip()]
        elif line.startswith("## "):
            section = line[3:].strip()
            lines[section] = []
        elif section:
            lines[section].append(line)
    for name in ("title", "standfirst", "letter", "reply"):
        document.fields[name] = _unmark(name, "\n".join(lines.get(name, [])).strip(), document.marked)
    document.pen_name = document.fields["pen_name"]
    return document


def load_documents(docs=None):
    paths = sorted(DATA.glob("*.txt"))
    if docs:
        first, _, last = docs.partition("-")
        last = last or first
        paths = [path for path in paths if int(first) <= int(path.name.split("-")[0]) <= int(last)]
    return [load_document(path) for path in paths]


def analyse(document):
    from blog.deidentify import find_identifying_details

    fields = {name: document.fields[name] for name in FIELDS}
    return find_identifying_details(fields, pen_name=document.pen_name, staff_names=document.staff)


@dataclass
class Score:
    marked: int = 0
    found: int = 0
    hits: int = 0  # marked details found
    correct: int = 0  # findings that match a marked detail

    @property
    def precision(self):
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self):
        return self.hits / self.marked if self.marked else 1.0


def score(documents):
    """({kind: Score}, misses, false alarms) over the documents."""
    from blog.deidentify import KINDS

    scores = {kind: Score() for kind in KINDS}
    misses, false_alarms = [], []
    for document in documents:
        findings = analyse(document)
        used = set()
        for field_name, kind, start, end, text in document.marked:
            scores[kind].marked += 1
            match = next(
                (
                    index
                    for index, finding in enumerate(findings)
                    if index not in used
                    and finding.field == field_name
                    and finding.kind == kind
                    and finding.start < end
                    and start < finding.end
                ),
                None,
            )
            if match is None:
                other = [
                    f"{f.kind} {f.text!r}"
                    for f in findings
                    if f.field == field_name and f.start < end and start < f.end
                ]
                misses.append((document.path.name, field_name, kind, text, ", ".join(other)))
            else:
                used.add(match)
                scores[kind].hits += 1
        for index, finding in enumerate(findings):
            scores[finding.kind].found += 1
            if index in used:
                scores[finding.kind].correct += 1
            else:
                false_alarms.append((document.path.name, finding.field, finding.kind, finding.text, finding.context))
    return scores, misses, false_alarms


def table(scores, documents):
    lines = [
        f"De-identification assistant on {len(documents)} hand-marked letters and replies (tests/data/deid/)",
        f"{'kind':<12} {'marked':>6} {'found':>6} {'precision':>9} {'recall':>7}  target recall",
    ]
    for kind, result in scores.items():
        target = f"\u2265 {TARGETS[kind]:.2f}" if kind in TARGETS else ""
        lines.append(
            f"{kind:<12} {result.marked:>6} {result.found:>6} {result.precision:>9.2f} {result.recall:>7.2f}  {target}"
        )
    total = Score(*(sum(getattr(s, name) for s in scores.values()) for name in ("marked", "found", "hits", "correct")))
    lines.append(f"{'all':<12} {total.marked:>6} {total.found:>6} {total.precision:>9.2f} {total.recall:>7.2f}")
    return lines


def letter_of_words(words=1200):
    """A letter of exactly `words` words, made of the set's letters one after another."""
    text = []
    for document in load_documents():
        text += document.fields["letter"].split(" ")
        if len(text) >= words:
            break
    return " ".join(text[:words])


def timing(words=1200, warm_runs=5):
    """Seconds to analyse a letter of `words` words: the first call in this process (loading the
    model and the gazetteer, if not loaded yet) and the median of warm calls."""
    from blog.deidentify import find_identifying_details

    letter = letter_of_words(words)
    started = time.perf_counter()
    find_identifying_details({"letter": letter}, pen_name="Cwfranklin")
    first = time.perf_counter() - started
    warm = []
    for _ in range(warm_runs):
        started = time.perf_counter()
        find_identifying_details({"letter": letter}, pen_name="Cwfranklin")
        warm.append(time.perf_counter() - started)
    return first, statistics.median(warm)


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from blog.deidentify import engine_version

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--docs", help="only documents numbered in this range, e.g. 31-45")
    parser.add_argument("--timing", action="store_true", help="time a 1,200-word letter (first call and warm)")
    options = parser.parse_args(argv)
    if options.timing:
        first, warm = timing()
        print(f"1,200-word letter: first call {first:.2f} s (loads the model and gazetteer), warm {warm * 1000:.0f} ms")
    documents = load_documents(options.docs)
    scores, misses, false_alarms = score(documents)
    for line in table(scores, documents):
        print(line)
    print(engine_version())
    if options.errors:
        print("\nMissed:")
        for miss in misses:
            print("  {} {:<10} {:<11} {!r}  (found there: {})".format(*miss))
        print("\nFalse alarms:")
        for alarm in false_alarms:
            print("  {} {:<10} {:<11} {!r}  {}".format(*alarm))


if __name__ == "__main__":
    main()
