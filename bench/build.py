"""Build the scale database: `python -m bench.build [--posts N] [--comments N] [--rebuild]`.

SQLite file bench/bench.sqlite3 by default; PostgreSQL when DATABASE_URL names it (the
database is created when missing). See bench/README.md for how the pages are inserted
in bulk without one treebeard `add_child` per page, and why that is a correct tree.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections import defaultdict
from urllib.parse import urlsplit

DEFAULTS = {"posts": 10_000, "tags": 300, "comments": 100_000, "pending": 0.05, "seed": 6}
# Part of the marker: a database built by an older builder is built again.
BUILDER_VERSION = 2
MARKER_TABLE = "bench_build"
MODERATOR = "bench-moderator"
EDITOR = "bench-editor"
# Share of comment statuses besides pending; replies are this share of all comments.
REJECTED, SPAM, REPLIES, STAFF_REPLIES = 0.03, 0.02, 0.2, 0.1
TAG_ZIPF_S = 1.0  # tag k is used in proportion to 1/k**s: a few big tags, a long tail
COMMENT_ZIPF_S = 0.5  # post popularity: most posts have a few comments, some have hundreds
BATCH = 1000


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


class Step:
    """Times and prints one step of the build."""

    def __init__(self):
        self.started = self.last = time.monotonic()
        self.times = {}

    def __call__(self, name):
        now = time.monotonic()
        self.times[name] = round(now - self.last, 1)
        print(f"  {name:<34} {now - self.last:6.1f} s", flush=True)
        self.last = now

    @property
    def total(self):
        return time.monotonic() - self.started


# The database ----------------------------------------------------------------


def database_vendor():
    from django.db import connection

    return connection.vendor


def read_marker():
    """The parameters the database was built with, or None when it was not built by the bench."""
    from django.db import connection

    try:
        tables = connection.introspection.table_names()
    except Exception:  # noqa: BLE001 - a database that does not exist yet has no marker
        return None
    if MARKER_TABLE not in tables:
        return {"foreign": bool(tables)} if tables else None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT params FROM {MARKER_TABLE} ORDER BY id DESC")  # noqa: S608 - a constant
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_marker(params, seconds):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id integer PRIMARY KEY, params text, seconds real)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608 - a constant
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (id, params, seconds) VALUES (1, %s, %s)",  # noqa: S608 - a constant
            [json.dumps(params, sort_keys=True), seconds],
        )


def fresh_database(marker):
    """An empty database: delete the SQLite file, or drop and create the PostgreSQL database.

    Only a database the bench built (its marker table) or an empty one is ever dropped.
    """
    from django.conf import settings
    from django.db import connections

    if marker and marker.get("foreign"):
        db = settings.DATABASES["default"]
        sys.exit(
            f"Refusing to build into {db['NAME']}: it holds tables the bench did not make. "
            "Point DATABASE_URL at a database of its own, e.g. postgres://postgres@127.0.0.1:5432/bench."
        )
    connections.close_all()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(f"{db['NAME']}{suffix}"):
                os.remove(f"{db['NAME']}{suffix}")
        return
    import psycopg
    from psycopg import sql

    server = {k: v for k, v in {"host": db.get("HOST"), "port": db.get("PORT")}.items() if v}
    with psycopg.connect(
        dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None, autocommit=True, **server
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(db["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def ensure_postgres_database_exists():
    """`make bench DATABASE_URL=postgres://.../bench`: create the database when it is missing."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return
    import psycopg
    from psycopg import sql

    server = {k: v for k, v in {"host": db.get("HOST"), "port": db.get("PORT")}.items() if v}
    with psycopg.connect(
        dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None, autocommit=True, **server
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            print(f"Creating PostgreSQL database {db['NAME']}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def describe_database():
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    return f"PostgreSQL {url.hostname}:{url.port or 5432}/{db['NAME']}"


# Sampling ----------------------------------------------------------------------


def zipf_weights(n, s):
    return [1 / (rank**s) for rank in range(1, n + 1)]


def weighted_sample(rng, population, cum_weights, k):
    """k distinct items, drawn by weight."""
    chosen = []
    while len(chosen) < k:
        item = rng.choices(population, cum_weights=cum_weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def cumulative(weights):
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# The build ---------------------------------------------------------------------


def build(params):
    from django.core.management import call_command
    from django.db import connection, transaction

    step = Step()
    cpu_started = time.process_time()
    print(f"Building the scale database on {describe_database()}: {params}", flush=True)
    fast_writes()
    call_command("migrate", verbosity=0, interactive=False)
    step("migrate")
    # The site tree, 9 curriculum modules, staff writers, roles and the review workflow, as
    # `make run` has them: the bench adds volume to a site that is set up the usual way.
    call_command("load_demo_content", allow_production=True, verbosity=0)
    step("demo content (site, modules)")

    rng = random.Random(params["seed"])
    with transaction.atomic():
        posts = insert_posts(rng, params["posts"], step)
        insert_tags(rng, posts, params["tags"], step)
        insert_comments(rng, posts, params["comments"], params["pending"], step)
        insert_letters(rng, posts, step)
        ensure_staff_users()
        step("users")
    with transaction.atomic():
        index_for_search(posts, step)
    check_tree()
    step("tree check")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would do after a bulk load, done now
        step("VACUUM ANALYZE")
    write_marker(params, round(step.total, 1))
    print(
        f"Built in {step.total:.1f} s ({time.process_time() - cpu_started:.1f} s of CPU in this process; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        flush=True,
    )
    return step


def fast_writes():
    """A throwaway database need not survive a power cut: no fsync per commit while it is built."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    def no_sync(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=OFF")
            elif connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")

    connection_created.connect(no_sync, weak=False)
    connection.close()
    if connection.vendor == "sqlite":
        # WAL: readers never wait for a writer (the moderator's login during the load). It stays with the file.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


def insert_posts(rng, count, step):
    """Page rows and LetterReplyPage rows in bulk, with the tree's paths computed, not looked up.

    treebeard's materialised path: a child of the blog index at depth d+1 has the path
    blog.path + a 4-character base-36 step. `Page._get_path` computes it, so N children need
    no queries at all; the blog index's numchild is raised once at the end.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max
    from django.utils import timezone
    from wagtail.models import Page

    from bench import content
    from blog.models import BlogIndexPage, LetterReplyPage, ModulePage, StaffWriter

    blog = BlogIndexPage.objects.get()
    existing = LetterReplyPage.objects.child_of(blog).count()
    count = max(count - existing, 0)
    modules = dict(ModulePage.objects.values_list("number", "pk"))
    numbers = sorted(modules)
    writers = list(StaffWriter.objects.values_list("pk", flat=True))
    owner_id = Page.objects.filter(pk=blog.pk).values_list("owner_id", flat=True).first()
    content_type = ContentType.objects.get_for_model(LetterReplyPage)
    last_path = Page.objects.filter(path__startswith=blog.path, depth=blog.depth + 1).aggregate(m=Max("path"))["m"]
    next_step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
    today = timezone.localdate()
    span_days = 3650  # ten years of replies, about three a day

    pages, details = [], []
    for n in range(count):
        title = content.title(rng)
        slug = content.slug_for(title, n + 1)
        # Newest first: n = 0 is today; a time of day keeps posts on one date in a stable order.
        date = today - datetime.timedelta(days=1 + n * span_days // max(count, 1))
        published = timezone.make_aware(
            datetime.datetime.combine(date, datetime.time(10, 30)) - datetime.timedelta(seconds=n % 3600)
        )
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(blog.path, blog.depth + 1, next_step + n),
                depth=blog.depth + 1,
                numchild=0,
                url_path=f"{blog.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                latest_revision_created_at=published,
                locale_id=blog.locale_id,
                owner_id=owner_id,
            )
        )
        cited = sorted(rng.sample(numbers, rng.choice([0, 1, 1, 2, 2, 3]))) if numbers else []
        callout = modules[rng.choice(numbers)] if numbers and rng.random() < 0.3 else None
        details.append((date, cited, callout))
    Page.objects.bulk_create(pages, batch_size=BATCH)
    step(f"pages ({count} Page rows)")

    # bulk_create refuses multi-table children, so the child table's own columns are inserted
    # directly: the manager's _insert is what Model.save uses for each table of the chain.
    rows, cited_rows = [], []
    through = LetterReplyPage.referenced_modules.through
    for page, (date, cited, callout) in zip(pages, details, strict=True):
        rows.append(
            LetterReplyPage(
                page_ptr_id=page.pk,
                standfirst=" ".join(rng.sample(content.LETTER_SENTENCES, 2)),
                pen_name=rng.choice(content.PEN_NAMES),
                letter=content.as_html(content.paragraphs(rng, content.LETTER_SENTENCES, rng.randint(3, 5))),
                reply=json.dumps(content.reply_stream(rng, cited, callout)),
                writer_id=rng.choice(writers) if writers else None,
                date=date,
            )
        )
        referenced = {modules[number] for number in cited} | ({callout} if callout else set())
        cited_rows += [through(letterreplypage_id=page.pk, modulepage_id=pk) for pk in sorted(referenced)]
    fields = LetterReplyPage._meta.local_concrete_fields
    for start in range(0, len(rows), 500):
        LetterReplyPage._base_manager._insert(rows[start : start + 500], fields=fields)
    through.objects.bulk_create(cited_rows, batch_size=BATCH)
    Page.objects.filter(pk=blog.pk).update(numchild=blog.numchild + count)
    step(f"replies ({count} rows, {len(cited_rows)} module refs)")
    return list(LetterReplyPage.objects.child_of(blog).order_by("-date", "-first_published_at").values("pk", "date"))


def insert_tags(rng, posts, tag_count, step):
    """`tag_count` tags; each post takes 1-5 of them, tag k chosen in proportion to 1/k."""
    from taggit.models import Tag

    from bench import content
    from blog.models import LetterReplyPageTag

    names = content.tag_names(tag_count)
    have = {tag.name.lower(): tag for tag in Tag.objects.all()}
    Tag.objects.bulk_create(
        [Tag(name=name, slug=content.slugify(name)) for name in names if name.lower() not in have],
        batch_size=BATCH,
    )
    by_name = {tag.name.lower(): tag.pk for tag in Tag.objects.all()}
    ranked = [by_name[name.lower()] for name in names]
    cum = cumulative(zipf_weights(len(ranked), TAG_ZIPF_S))
    tagged = set(LetterReplyPageTag.objects.values_list("content_object_id", flat=True))
    rows = []
    for post in posts:
        if post["pk"] in tagged:  # the demo posts keep their own tags
            continue
        for tag_id in weighted_sample(rng, ranked, cum, rng.choice([1, 2, 3, 3, 4, 5])):
            rows.append(LetterReplyPageTag(content_object_id=post["pk"], tag_id=tag_id))
    LetterReplyPageTag.objects.bulk_create(rows, batch_size=BATCH)
    step(f"tags ({len(ranked)} tags, {len(rows)} taggings)")


def insert_comments(rng, posts, count, pending_share, step):
    """`count` comments, a long tail over posts; `pending_share` wait for a moderator; a fifth are replies."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench import content
    from blog.models import StaffWriter
    from discussion.models import Comment
    from discussion.models.comments import body_fingerprint

    Status = Comment.Status
    now = timezone.now()
    moderator = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    staff_names = list(StaffWriter.objects.values_list("name", flat=True)) or ["Staff"]
    order = [post["pk"] for post in posts]
    rng.shuffle(order)  # popularity is not the same as recency
    published = {post["pk"]: post["date"] for post in posts}
    cum = cumulative(zipf_weights(len(order), COMMENT_ZIPF_S))
    replies = int(count * REPLIES)
    top_level = count - replies

    def statuses(number, pending_count):
        """Exactly `pending_count` pending, the shares of rejected and spam, the rest approved, shuffled."""
        rejected, spam = round(number * REJECTED), round(number * SPAM)
        states = [Status.PENDING] * pending_count + [Status.REJECTED] * rejected + [Status.SPAM] * spam
        states += [Status.APPROVED] * (number - len(states))
        rng.shuffle(states)
        return iter(states)

    def when(after):
        start = max(after, now - datetime.timedelta(days=3650))
        seconds = max(int((now - start).total_seconds()), 60)
        return start + datetime.timedelta(seconds=rng.randrange(min(seconds, 60 * 86400)))

    def comment(page_id, state, parent=None, staff=False):
        body = content.comment_body(rng)
        created = when(parent.created_at if parent else post_time[page_id])
        reasons = [rng.choice(content.HOLD_REASONS)] if state == Status.PENDING else []
        return Comment(
            page_id=page_id,
            parent=parent,
            display_name=rng.choice(staff_names) if staff else content.display_name(rng),
            email=f"reader{rng.randrange(20000)}@example.org" if rng.random() < 0.4 else "",
            body=body,
            body_hash=body_fingerprint(body),
            status=state,
            hold_reasons=reasons,
            reason_codes="".join(f",{r['code']}" for r in reasons) + "," if reasons else "",
            created_at=created,
            ip_hash=f"{rng.getrandbits(256):064x}",
            is_staff_reply=staff,
            moderated_by=None if state == Status.PENDING or moderator is None else moderator,
            moderated_at=None if state == Status.PENDING else created + datetime.timedelta(hours=rng.randint(1, 30)),
        )

    post_time = {
        pk: timezone.make_aware(datetime.datetime.combine(date, datetime.time(10, 30)))
        for pk, date in published.items()
    }
    # Staff replies are published at once; the reader comments hold exactly `pending_share` of all.
    staff_replies = round(replies * STAFF_REPLIES)
    pending_total = round(count * pending_share)
    pending_first = round(pending_total * top_level / (count - staff_replies))
    first_states = statuses(top_level, pending_first)
    firsts = [comment(page_id, next(first_states)) for page_id in rng.choices(order, cum_weights=cum, k=top_level)]
    Comment.objects.bulk_create(firsts, batch_size=BATCH)
    step(f"comments ({top_level} first-level)")

    threads = defaultdict(list)
    for first in firsts:
        if first.status == Status.APPROVED:
            threads[first.page_id].append(first)
    parents = [c for page_comments in threads.values() for c in page_comments]
    reply_states = statuses(replies - staff_replies, pending_total - pending_first)
    answers = []
    for n in range(replies):
        parent = rng.choice(parents)
        staff = n < staff_replies
        answers.append(comment(parent.page_id, Status.APPROVED if staff else next(reply_states), parent, staff))
    Comment.objects.bulk_create(answers, batch_size=BATCH)
    step(f"comments ({replies} replies)")


def insert_letters(rng, posts, step):
    """The inbox behind the archive: one published letter per reply, and a working queue."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench import content
    from discussion.models import Letter

    Status = Letter.Status
    now = timezone.now()
    writers = list(get_user_model().objects.filter(groups__name="Writers").values_list("pk", flat=True))
    answered = set(Letter.objects.exclude(reply_page=None).values_list("reply_page_id", flat=True))
    rows = []
    for post in posts:
        if post["pk"] in answered:
            continue
        received = timezone.make_aware(datetime.datetime.combine(post["date"], datetime.time(9)))
        received -= datetime.timedelta(days=rng.randint(3, 40))
        rows.append(
            Letter(
                pen_name=rng.choice(content.PEN_NAMES),
                body="\n\n".join(content.paragraphs(rng, content.LETTER_SENTENCES, 3)),
                relation=rng.choice(Letter.Relation.values),
                consent=True,
                received_at=received,
                status=Status.PUBLISHED,
                reply_page_id=post["pk"],
                assigned_to_id=rng.choice(writers) if writers else None,
                status_changed_at=received + datetime.timedelta(days=3),
                email_erased_at=received + datetime.timedelta(days=40),
            )
        )
    queue = [(Status.NEW, 300), (Status.ASSIGNED, 120), (Status.DECLINED, 400)]
    for state, number in queue:
        for _ in range(number):
            received = now - datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 90))
            rows.append(
                Letter(
                    pen_name=rng.choice(content.PEN_NAMES),
                    email=f"writer{rng.randrange(10**6)}@example.org" if rng.random() < 0.6 else "",
                    body="\n\n".join(content.paragraphs(rng, content.LETTER_SENTENCES, 3)),
                    relation=rng.choice(Letter.Relation.values),
                    consent=True,
                    received_at=received,
                    status=state,
                    urgent=state == Status.NEW and rng.random() < 0.05,
                    assigned_to_id=rng.choice(writers) if writers and state == Status.ASSIGNED else None,
                    status_changed_at=received,
                )
            )
    Letter.objects.bulk_create(rows, batch_size=BATCH)
    step(f"letters ({len(rows)})")


def ensure_staff_users():
    """A comment moderator for the moderation queue and an editor for the letters inbox.

    Their passwords are unusable here; `bench.run` sets a fresh random one for each run.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.roles import COMMENT_MODERATORS, EDITORS

    User = get_user_model()
    for username, group in ((MODERATOR, COMMENT_MODERATORS), (EDITOR, EDITORS)):
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=group))


def index_for_search(posts, step):
    """The search index for the new replies, in chunks: the bulk path `manage.py update_index` takes.

    The indexer asks each field for its value once per index column (title, body,
    autocomplete, plain texts): five renderings of every StreamField. Within a chunk the
    first answer is kept, which makes the step about three times faster and changes nothing
    in what is stored.
    """
    from modelsearch.index import BaseField
    from wagtail.search.backends import get_search_backend

    from blog.models import LetterReplyPage

    backend = get_search_backend()
    index = backend.get_index_for_model(LetterReplyPage)
    ids = [post["pk"] for post in posts]
    queryset = LetterReplyPage.get_indexed_objects()
    original = BaseField.get_value
    memo = {}

    def get_value_once(field, obj):
        key = (id(field), id(obj))
        if key not in memo:
            memo[key] = (field, obj, original(field, obj))  # the references keep the ids unique
        return memo[key][2]

    BaseField.get_value = get_value_once
    try:
        for start in range(0, len(ids), 500):
            memo.clear()
            index.add_items(LetterReplyPage, list(queryset.filter(pk__in=ids[start : start + 500])))
    finally:
        BaseField.get_value = original
    step(f"search index ({len(ids)} replies)")


def check_tree():
    """What treebeard's find_problems checks, as four queries instead of several per page."""
    from django.db.models import F
    from django.db.models.functions import Length
    from wagtail.models import Page

    from blog.models import BlogIndexPage

    blog = BlogIndexPage.objects.get()
    children = Page.objects.filter(path__startswith=blog.path, depth=blog.depth + 1)
    problems = []
    if children.count() != blog.numchild:
        problems.append(f"the blog index has numchild {blog.numchild} but {children.count()} children")
    if Page.objects.annotate(length=Length("path")).exclude(length=F("depth") * Page.steplen).exists():
        problems.append("a page's path length does not match its depth")
    if children.exclude(url_path__startswith=blog.url_path).exists():
        problems.append("a reply's url_path is not under the blog index")
    if Page.objects.filter(path__startswith=blog.path, depth__gt=blog.depth + 1).exists():
        problems.append("a reply has children")
    if problems:
        sys.exit("The page tree has problems after the bulk insert: " + "; ".join(problems))


def requested(args):
    return {
        "posts": args.posts,
        "tags": args.tags,
        "comments": args.comments,
        "pending": args.pending,
        "seed": args.seed,
        "builder": BUILDER_VERSION,
    }


def ensure_built(params, rebuild=False):
    """Build unless the database already holds a bench build with the same parameters."""
    ensure_postgres_database_exists()
    marker = read_marker()
    if marker and not marker.get("foreign") and marker == params and not rebuild:
        print(f"Scale database on {describe_database()} is ready (built with {params}).", flush=True)
        return None
    fresh_database(marker)
    return build(params)


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=DEFAULTS["posts"])
    p.add_argument("--tags", type=int, default=DEFAULTS["tags"])
    p.add_argument("--comments", type=int, default=DEFAULTS["comments"])
    p.add_argument("--pending", type=float, default=DEFAULTS["pending"], help="share of comments pending")
    p.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    p.add_argument("--rebuild", action="store_true", help="build again even when the database is ready")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    setup_django()
    ensure_built(requested(args), rebuild=args.rebuild)


if __name__ == "__main__":
    main()
