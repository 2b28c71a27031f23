"""What an import did: counts by kind and status, everything skipped and why, and warnings.

Printed at the end of the command, saved on the import run (the admin shows it) and
written as JSON with --report. It names WordPress items by id and title only: never a
commenter's name, email or address.
"""

import json
from collections import Counter, defaultdict

# How many entries of each list the terminal shows; the JSON and the admin keep them all.
SHOWN = 20


class Report:
    def __init__(self, site_url="", file_name="", dry_run=False):
        self.site_url = site_url
        self.file_name = file_name
        self.dry_run = dry_run
        self.found = defaultdict(Counter)  # kind -> WordPress status -> items in the export
        self.outcomes = defaultdict(Counter)  # kind -> created / updated / unchanged / skipped
        self.skipped = []
        self.warnings = []
        self.held = []  # imported comments the current hold rules would have held
        self.shortcodes = Counter()
        self.duration = 0.0

    def saw(self, kind, status):
        self.found[kind][status or "(none)"] += 1

    def count(self, kind, outcome, number=1):
        self.outcomes[kind][outcome] += number

    def skip(self, kind, wp_id, title, reason, count=True):
        self.skipped.append({"kind": kind, "wp_id": wp_id, "title": title, "reason": reason})
        if count:
            self.count(kind, "skipped")

    def warn(self, kind, wp_id, title, message, category):
        self.warnings.append({"kind": kind, "wp_id": wp_id, "title": title, "category": category, "message": message})

    def as_dict(self):
        return {
            "site_url": self.site_url,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "duration_seconds": round(self.duration, 1),
            "found": {kind: dict(statuses) for kind, statuses in sorted(self.found.items())},
            "outcomes": {kind: dict(outcomes) for kind, outcomes in sorted(self.outcomes.items())},
            "warning_counts": dict(Counter(w["category"] for w in self.warnings)),
            "unknown_shortcodes": dict(self.shortcodes.most_common()),
            "skipped": self.skipped,
            "warnings": self.warnings,
            "comments_the_current_rules_would_hold": self.held,
        }

    def write_json(self, path):
        with open(path, "w", encoding="utf-8") as out:
            json.dump(self.as_dict(), out, ensure_ascii=False, indent=2)

    def lines(self):
        """The report for a terminal: the counts, then the first entries of each list."""
        return summary_lines(self.as_dict())


def summary_lines(data):
    lines = []
    title = "Dry run (nothing was kept)" if data.get("dry_run") else "Import finished"
    lines.append(f"{title}: {data.get('file', '')} from {data.get('site_url', '')} in {data['duration_seconds']} s")
    lines.append("In the export:")
    for kind, statuses in data["found"].items():
        lines.append(f"  {kind}: " + ", ".join(f"{status} {n}" for status, n in sorted(statuses.items())))
    lines.append("Result:")
    for kind, outcomes in data["outcomes"].items():
        lines.append(f"  {kind}: " + ", ".join(f"{outcome} {n}" for outcome, n in sorted(outcomes.items())))
    if data["warning_counts"]:
        lines.append("Warnings: " + ", ".join(f"{cat} {n}" for cat, n in sorted(data["warning_counts"].items())))
    if data["unknown_shortcodes"]:
        lines.append(
            "Shortcodes removed: " + ", ".join(f"[{name}] x{n}" for name, n in data["unknown_shortcodes"].items())
        )
    for heading, key, field in (
        ("Skipped", "skipped", "reason"),
        ("Warnings", "warnings", "message"),
        ("Comments the current rules would have held", "comments_the_current_rules_would_hold", "reasons"),
    ):
        entries = data[key]
        if not entries:
            continue
        lines.append(f"{heading} ({len(entries)}):")
        for entry in entries[:SHOWN]:
            detail = entry[field]
            if isinstance(detail, list):
                detail = "; ".join(detail)
            label = entry.get("title") or entry.get("post") or ""
            lines.append(f"  - {entry.get('kind', 'comment')} {entry.get('wp_id')} \u201c{label}\u201d: {detail}")
        if len(entries) > SHOWN:
            lines.append(f"  ... and {len(entries) - SHOWN} more (in the JSON report)")
    return lines
