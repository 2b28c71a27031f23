"""Query plans of the pages the bench measures: `python -m bench.explain [--output FILE]`.

Runs each page once through Django's test client on the scale database (after a request
to the blog index, so Wagtail's site-wide cache entries are warm), captures its SQL, and
runs EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, or EXPLAIN QUERY PLAN on SQLite (with the
time the query took in the page), for each query that reads the large tables. Writes the
plans, slowest first per page, to bench/results/explain-<database>.txt and prints a
summary. Build the database first (`make bench`, or `python -m bench.build`).
`--proposed` (PostgreSQL) does the same with the indexes bench/README.md proposes,
created inside a transaction that is rolled back.
"""

import argparse
import re
from pathlib import Path

from bench import build

BENCH_DIR = Path(__file__).resolve().parent
# Tables that grow with the archive: a query that touches none of them is not worth a plan.
LARGE_TABLES = (
    "wagtailcore_page",
    "blog_letterreplypage",
    "blog_letterreplypage_referenced_modules",
    "blog_letterreplypagetag",
    "taggit_tag",
    "discussion_comment",
    "discussion_letter",
    "wagtailsearch_indexentry",
)


# Indexes under consideration (PostgreSQL), not in the migrations: `--proposed` creates them
# inside a transaction, runs the plans with them and rolls back, leaving the database as it was.
# (The search expression index and the inbox order index were checked this way, then adopted.)
PROPOSED_INDEXES = [
    # Menus and child_of() at a depth read the page tree by path; the menu is cached now, so this
    # is only for the uncached case.
    "CREATE INDEX bench_proposed_page_depth_path ON wagtailcore_page (depth, path)",
]


def pages():
    """(name, url, username or None) for every page whose plans are checked."""
    from django.urls import reverse
    from taggit.models import Tag

    from bench.run import choose_targets
    from discussion.viewsets.letters import letter_viewset

    urls, _, _ = choose_targets()
    rare_tag = Tag.objects.order_by("pk").last()
    blog_url = urls["index_first"]
    return [
        ("index page 1", urls["index_first"], None),
        ("index page 500", urls["index_500"], None),
        ("tag page (most used tag)", urls["tag"], None),
        ("tag page 50 (most used tag)", urls["tag"] + "?page=50", None),
        ("tag page (a rare tag)", f"{blog_url}tag/{rare_tag.slug}/", None),
        ("post page (related posts, comments)", urls["post_warm"], None),
        ("search, common word", urls["search"], None),
        ("search, rarer word", f"{urls['search'].split('?')[0]}?query=methadone", None),
        ("moderation queue", urls["moderation_queue"], build.MODERATOR),
        ("letters inbox", reverse(letter_viewset.get_url_name("index")), build.EDITOR),
    ]


def captured_queries(client, url):
    """(sql, seconds) of each query `url` runs, on its first request (site-wide entries already cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return [(q["sql"], float(q["time"])) for q in captured.captured_queries]


def as_select(sql):
    """The SELECT of a query, or None: iterator() wraps it in a server-side cursor on PostgreSQL."""
    sql = re.sub(r'^\s*DECLARE\s+"[^"]+"\s+NO SCROLL CURSOR\s+(WITH(OUT)? HOLD\s+)?FOR\s+', "", sql, flags=re.I)
    return sql if sql.lstrip().upper().startswith("SELECT") else None


def reads_large_tables(sql):
    return any(f'"{table}"' in sql for table in LARGE_TABLES)


def explain(sql, seconds):
    """(milliseconds, plan text) for one query: EXPLAIN ANALYZE's time on PostgreSQL, the page's on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            return float(found.group(1)) if found else 0.0, plan
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
        return seconds * 1000, plan


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--output", default=None)
    p.add_argument("--sql-chars", type=int, default=1500, help="how much of each query's SQL to write")
    p.add_argument("--only", default="", help="comma-separated words: only the pages whose names contain one")
    p.add_argument(
        "--proposed", action="store_true", help="PostgreSQL: with the proposed indexes, created and rolled back"
    )
    args = p.parse_args(argv)
    build.setup_django()
    from bench.run import prepare

    prepare()  # migrations, and the static manifest the templates need
    from django.db import connection, transaction
    from django.test import Client

    suffix = "-proposed" if args.proposed else ""
    output = Path(args.output or BENCH_DIR / "results" / f"explain-{connection.vendor}{suffix}.txt")
    lines = [f"Query plans on {build.describe_database()}", ""]
    with transaction.atomic():
        if args.proposed:
            if connection.vendor != "postgresql":
                raise SystemExit("--proposed is for PostgreSQL.")
            with connection.cursor() as cursor:
                for statement in PROPOSED_INDEXES:
                    cursor.execute(statement)
                    cursor.execute("ANALYZE " + statement.split(" ON ")[1].split()[0])
            lines += ["With the proposed indexes:", *PROPOSED_INDEXES, ""]
        check_pages(args, lines, Client)
        transaction.set_rollback(True)  # the proposed indexes, and the sessions of the staff logins
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n")
    print(f"Plans written to {output}")


def check_pages(args, lines, Client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    targets = pages()
    for name, url, username in targets:
        if args.only and not any(word in name for word in args.only.split(",")):
            continue
        client = Client()
        if username:
            client.force_login(users.get(username=username))
        client.get(targets[0][1])  # Wagtail's site root paths and other site-wide entries, cached once
        every = captured_queries(client, url)
        queries = [(select, seconds) for sql, seconds in every if (select := as_select(sql))]
        checked = [(sql, *explain(sql, seconds)) for sql, seconds in queries if reads_large_tables(sql)]
        checked.sort(key=lambda item: -item[1])
        total = sum(ms for _, ms, _ in checked)
        print(f"{name:<40} {url:<55} {len(every):>3} queries, {len(checked):>2} on large tables, {total:8.1f} ms")
        lines += ["=" * 100, f"{name}: {url}", f"{len(every)} queries; {len(checked)} read large tables", ""]
        for sql, ms, plan in checked:
            print(f"    {ms:8.2f} ms  {' '.join(sql.split())[:110]}")
            lines += [f"--- {ms:.2f} ms", sql[: args.sql_chars], "", plan, ""]


if __name__ == "__main__":
    main()
