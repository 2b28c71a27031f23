"""`make bench-load`: a mixed read and write load against gunicorn with the bench settings.

    python -m bench.load [--duration 60] [--clients 4] [--workers 2] [--mail ok|hang] [--keep]

Readers fetch the home page, blog index pages, posts, tag pages and searches; writers post
comments and letters and report comments, each after a GET of the form for its CSRF cookie and
token, as a browser does. Prints requests, req/s, p50 and p99 per kind, the 429s and any 5xx;
exits non-zero when the server answered any 5xx or a request failed. See bench/README.md.

Beside gunicorn runs the mail worker (`manage.py db_worker`, as the Procfile's `worker:`),
delivering over SMTP to a server this script starts (bench/smtp.py): `--mail ok` accepts every
message, `--mail hang` accepts the connection and never answers, so each delivery waits for
EMAIL_TIMEOUT and is retried later. Some letters carry crisis language (an alert to editors)
and some comments a link (held); every comment waits for a moderator, who is emailed about it.
The run ends with what the outbox holds: queued, delivered, waiting.

The server trusts one proxy (TRUSTED_PROXY_COUNT=1) and every simulated visitor sends its own
X-Forwarded-For address, so the per-address rate limits see many readers, not one.
"""

import argparse
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import requests

from bench import build
from bench.run import BASE_DIR, CpuMeter, Server, env_int, get, prepare, wait_for_quiet
from bench.smtp import MODES, MailServer

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What a visitor does next, by weight: about three reads for each write.
ACTIONS = {"home": 8, "index": 12, "post": 26, "tag": 10, "search": 10, "comment": 20, "letter": 6, "report": 8}
# Rows of the table: the GETs writers make for their forms are counted under "post" and "letter_form".
KINDS = ["home", "index", "post", "tag", "search", "letter_form", "comment", "letter", "report"]
WRITES = {"comment", "letter", "report"}
# The answer each kind should give: anything else is counted under its status and shown in the table.
EXPECTED = {"comment": 303, "letter": 302, "report": 303}
SEARCH_WORDS = ["family", "boundaries", "rewards", "communication", "son daughter", "treatment", "self care"]
# In the text of what the run writes, so a reader of the database can tell (the run removes it by id).
MARK = "bench-load"
REPORT_POOL = 400
# Shares of letters with crisis language (each queues an alert to every editor) and of comments with a
# link (held with a reason; every comment waits for a moderator and queues an email to each).
CRISIS_SHARE = 0.25
HELD_SHARE = 0.25
RESULTS_DIR = BASE_DIR / "bench" / "results"


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=int, default=env_int("LOAD_DURATION", 60), help="seconds of load")
    p.add_argument("--clients", type=int, default=env_int("LOAD_CLIENTS", 4), help="concurrent simulated visitors")
    p.add_argument("--workers", type=int, default=env_int("BENCH_WORKERS", 2), help="gunicorn workers")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--posts", type=int, help="build the database with this many posts (default: use the bench database as is)"
    )
    p.add_argument("--comments", type=int, help="build the database with this many comments (with --posts)")
    p.add_argument("--keep", action="store_true", help="keep what the run wrote (removed by default)")
    p.add_argument(
        "--mail",
        choices=MODES,
        default=os.environ.get("LOAD_MAIL") or "ok",
        help="the mail server the worker delivers to: ok (accepts) or hang (accepts the connection, never answers)",
    )
    p.add_argument(
        "--email-timeout",
        type=int,
        default=env_int("LOAD_EMAIL_TIMEOUT", 10),
        help="the worker's EMAIL_TIMEOUT, seconds",
    )
    p.add_argument(
        "--drain",
        type=int,
        default=env_int("LOAD_DRAIN", 60),
        help="after the load, seconds to wait for the worker to deliver what is queued (--mail ok)",
    )
    p.add_argument(
        "--wait-quiet",
        type=int,
        default=env_int("BENCH_WAIT_QUIET", 0),
        help="wait up to this many seconds for the machine's load average to fall below 1 before loading",
    )
    return p


# Preparing ---------------------------------------------------------------------


def ensure_database(args):
    """The bench database as it is; built (bench/build.py) only when missing or when --posts asks."""
    build.ensure_postgres_database_exists()
    marker = build.read_marker()
    if marker and not marker.get("foreign") and args.posts is None and args.comments is None:
        print(f"Using the bench database on {build.describe_database()} as built ({marker}).", flush=True)
        return
    params = {**build.DEFAULTS, "builder": build.BUILDER_VERSION}
    params |= {k: v for k, v in {"posts": args.posts, "comments": args.comments}.items() if v is not None}
    build.ensure_built(params)


@dataclass
class Targets:
    static: str
    home: str
    blog: str
    pages: int
    posts: list
    tags: list
    reports: list  # (comment id, its post's path)


def choose_targets():
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.paginator import Paginator
    from taggit.models import Tag

    from blog.models import BlogIndexPage, LetterReplyPage
    from blog.models.pages import PAGE_SIZE
    from discussion.models import Comment

    blog = BlogIndexPage.objects.get()
    live = LetterReplyPage.objects.live().public().child_of(blog)
    site_root = blog.get_site().root_page.url_path
    paths = {pk: "/" + url_path[len(site_root) :] for pk, url_path in live.values_list("pk", "url_path")}
    reported = list(
        Comment.objects.approved()
        .filter(page_id__in=paths, is_staff_reply=False)
        .order_by("?")
        .values_list("pk", "page_id")[:REPORT_POOL]
    )
    blog_url = blog.get_url()
    return Targets(
        static=staticfiles_storage.url("css/site.css"),
        home=blog.get_site().root_page.get_url(),
        blog=blog_url,
        pages=Paginator(range(len(paths)), PAGE_SIZE).num_pages,
        posts=sorted(paths.values()),
        tags=[
            blog_url + blog.reverse_subpage("tag_view", args=[slug])
            for slug in Tag.objects.filter(blog_letterreplypagetag_items__isnull=False)
            .distinct()
            .values_list("slug", flat=True)
        ],
        reports=[(pk, paths[page_id]) for pk, page_id in reported],
    )


def snapshot(targets):
    """What the run may change, so that it can be put back: the newest ids, and the comments it may report."""
    from django.utils import timezone

    from discussion.models import Comment, Letter
    from discussion.models.comments import CommentReport
    from outbox.models import OutboundEmail

    def newest(model):
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    fields = ["status", "hold_reasons", "reason_codes", "moderators_notified_at"]
    reported = Comment.objects.filter(pk__in=[pk for pk, _ in targets.reports])
    return {
        "comment": newest(Comment),
        "letter": newest(Letter),
        "report": newest(CommentReport),
        "email": newest(OutboundEmail),
        "at": timezone.now(),
        "reported": {c.pk: {f: getattr(c, f) for f in fields} for c in reported},
    }


def restore(before):
    """Remove the run's comments, letters, reports, emails and mail tasks; put reported comments back."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from discussion.models import Comment, Letter
    from discussion.models.comments import CommentReport
    from outbox.models import OutboundEmail

    with transaction.atomic():
        removed = {
            "reports": CommentReport.objects.filter(pk__gt=before["report"]).delete()[0],
            "comments": Comment.objects.filter(pk__gt=before["comment"]).delete()[0],
            "letters": Letter.objects.filter(pk__gt=before["letter"]).delete()[0],
            "emails": OutboundEmail.objects.filter(pk__gt=before["email"]).delete()[0],
            # The worker is stopped by now; a hung run leaves retries waiting that the next run must not inherit.
            "tasks": DBTaskResult.objects.filter(enqueued_at__gte=before["at"]).delete()[0],
        }
        for pk, values in before["reported"].items():
            Comment.objects.filter(pk=pk).update(**values)
    return removed


# Mail --------------------------------------------------------------------------


def mail_environment(port, timeout):
    """What cms/settings/base.py reads to deliver over SMTP to `port` (OUTBOX_DELIVERY_BACKEND and the server).

    gunicorn gets it too, as web and worker share one environment in production: a request that talked
    to the mail server itself would then wait on the silent one (--mail hang) and show in its latency.
    """
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": str(timeout),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
    }


class MailWorker:
    """The outbox's worker, as the Procfile's `worker:` runs it, with the mail environment in os.environ."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
        self.cpu_before = None

    def start(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(BASE_DIR)}
        command = [sys.executable, "manage.py", "db_worker", "--backend", "worker", "--queue-name", "*", "--no-reload"]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def check_running(self):
        if self.process.poll() is not None:
            sys.exit(f"The mail worker exited with {self.process.returncode}; see {self.log.name}")

    def start_meter(self):
        self.cpu_before = self._cpu()

    def _cpu(self):
        """(CPU ticks of the worker, ticks of the whole machine), or None where /proc is missing."""
        try:
            return CpuMeter._ticks({self.process.pid}), CpuMeter._machine()[1]
        except OSError:
            return None

    def cpu_share(self):
        """The share of the machine's CPU the worker used since start_meter()."""
        now = self._cpu()
        if now is None or self.cpu_before is None or now[1] <= self.cpu_before[1]:
            return None
        return (now[0] - self.cpu_before[0]) / (now[1] - self.cpu_before[1])

    def stop(self):
        """SIGTERM lets a delivery in progress finish (at most EMAIL_TIMEOUT); then it is killed."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.timeout + 15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def logged(self):
        """(failures, retries) the worker logged: errors and tracebacks; deliveries put off for a retry."""
        try:
            with open(self.log.name, errors="replace") as f:
                lines = f.read().splitlines()
        except OSError:
            return [], 0
        signs = (" ERROR ", " CRITICAL ", "Traceback", "state=FAILED")
        failures = [line for line in lines if any(sign in line for sign in signs)]
        return failures, sum("will be retried" in line for line in lines)


def mail_figures(before):
    """What the outbox holds of the emails this run caused, by status and kind, and the worker's tasks."""
    from django.db import connection
    from django.db.models import Count, Sum
    from django_tasks_db.models import DBTaskResult

    from outbox.models import OutboundEmail

    Status = OutboundEmail.Status
    emails = OutboundEmail.objects.filter(pk__gt=before["email"])
    by_status = dict(emails.values_list("status").annotate(n=Count("pk")).order_by())
    by_kind = dict(emails.values_list("kind").annotate(n=Count("pk")).order_by())
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=before["at"])
    figures = {
        "queued": sum(by_status.values()),
        "delivered": by_status.get(Status.SENT, 0),
        "waiting": sum(by_status.get(s, 0) for s in (Status.QUEUED, Status.SENDING, Status.RETRYING)),
        "retrying": by_status.get(Status.RETRYING, 0),
        "failed": by_status.get(Status.FAILED, 0),
        "attempts": emails.aggregate(n=Sum("attempts"))["n"] or 0,
        "by_kind": by_kind,
        "tasks_failed": tasks.filter(status="FAILED").count(),
    }
    connection.close()  # SQLite: nothing held open while the worker writes
    return figures


def drain(before, seconds, worker):
    """Wait up to `seconds` for the worker to deliver everything this run queued; the figures then."""
    deadline = time.monotonic() + seconds
    figures = mail_figures(before)
    while figures["waiting"] and time.monotonic() < deadline:
        worker.check_running()
        time.sleep(1)
        figures = mail_figures(before)
    return figures


def print_mail(during, after, mail, worker, drained):
    print(
        f"  Mail ({mail.describe()}; EMAIL_TIMEOUT {worker.timeout} s): "
        f"queued {during['queued']}, delivered {during['delivered']}, waiting {during['waiting']} "
        f"(retrying {during['retrying']}), failed {during['failed']} at the end of the load; "
        f"{during['attempts']} delivery attempts"
    )
    print(f"    by kind: {during['by_kind']}")
    if drained is not None:
        print(
            f"    {drained:.0f} s later: delivered {after['delivered']}, waiting {after['waiting']}, "
            f"failed {after['failed']}"
        )
    if mail.mode == "ok":
        print(f"    the SMTP server received {mail.received} messages")
    else:
        print(f"    the silent server accepted {mail.connections} connections and answered none")
    failures, retries = worker.logged()
    print(f"    the worker logged {retries} deliveries put off for a retry (log: {worker.log.name})")
    if failures or after["tasks_failed"]:
        first = failures[0] if failures else ""
        print(f"  WARNING: the worker logged {len(failures)} failures, {after['tasks_failed']} tasks failed; {first}")


# Loading -----------------------------------------------------------------------


@dataclass
class Figures:
    """One client's record: per kind, latencies in seconds and statuses (0: no answer)."""

    latencies: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    failures: list = field(default_factory=list)
    client_cpu: float = 0.0  # seconds of CPU the load generator itself used


class Visitor:
    """One simulated reader: a browser session of its own and an address of its own (X-Forwarded-For)."""

    def __init__(self, base, address, rng, figures):
        self.base, self.rng, self.figures = base, rng, figures
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address

    def request(self, kind, method, path, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, allow_redirects=False, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.figures.statuses[kind][0] += 1
            self.figures.failures.append(f"{kind} {path}: {error!r}")
            return None
        self.figures.latencies[kind].append(time.perf_counter() - started)
        self.figures.statuses[kind][response.status_code] += 1
        if response.status_code >= 500:
            self.figures.failures.append(f"{kind} {method} {path}: {response.status_code}")
        return response

    def form(self, kind, path):
        """GET a page with a form: its CSRF token, or None."""
        response = self.request(kind, "GET", path)
        if response is None or response.status_code != 200:
            return None
        found = TOKEN.search(response.text)
        return found.group(1) if found else None

    def close(self):
        self.session.close()


def act(visitor, action, targets, serial):
    rng = visitor.rng
    if action == "home":
        visitor.request("home", "GET", targets.home)
    elif action == "index":
        page = 1 if rng.random() < 0.6 else rng.randint(2, max(targets.pages, 2))
        visitor.request("index", "GET", targets.blog if page == 1 else f"{targets.blog}?page={page}")
    elif action == "post":
        visitor.request("post", "GET", rng.choice(targets.posts))
    elif action == "tag":
        visitor.request("tag", "GET", rng.choice(targets.tags))
    elif action == "search":
        visitor.request("search", "GET", "/search/", params={"query": rng.choice(SEARCH_WORDS)})
    elif action == "comment":
        path = rng.choice(targets.posts)
        page_id = None
        response = visitor.request("post", "GET", path)
        if response is not None and response.status_code == 200:
            token = TOKEN.search(response.text)
            form = re.search(r'action="/comments/(\d+)/post/', response.text)
            page_id = form.group(1) if form and token else None
        if page_id:
            body = (
                f"Comment {serial} from the {MARK} run: thank you for this reply. Reading it together "
                "helped our family talk calmly at dinner."
            )
            if rng.random() < HELD_SHARE:  # a link: held for a moderator with the reason shown
                body += " The group at familysupport.org helped us too."
            data = {"csrfmiddlewaretoken": token.group(1), "display_name": f"Reader {serial}", "body": body}
            url = f"/comments/{page_id}/post/"
            visitor.request("comment", "POST", url, data=data, headers={"Referer": visitor.base + path})
    elif action == "letter":
        token = visitor.form("letter_form", "/write-to-us/")
        if token:
            body = (
                f"Letter {serial} from the {MARK} run. Our son has stopped talking to us since he moved out, "
                "and we would like to know how to start a calm conversation with him again."
            )
            if rng.random() < CRISIS_SHARE:  # flagged urgent: every editor is emailed at once
                body += " Last night he overdosed and we had to use naloxone before the ambulance came."
            data = {
                "csrfmiddlewaretoken": token,
                "pen_name": f"Hopeful parent {serial}",
                "body": body,
                "relation": "",
                "consent": "on",
            }
            referer = visitor.base + "/write-to-us/"
            visitor.request("letter", "POST", "/write-to-us/", data=data, headers={"Referer": referer})
    elif action == "report":
        comment_id, path = rng.choice(targets.reports)
        token = visitor.form("post", path)
        if token:
            data = {"csrfmiddlewaretoken": token}
            url = f"/comments/report/{comment_id}/"
            visitor.request("report", "POST", url, data=data, headers={"Referer": visitor.base + path})


def client(number, base, targets, deadline, seed, figures):
    """Visitors one after another until the deadline: each does 1 to 8 things, then leaves."""
    rng = random.Random(seed * 1000 + number)
    actions, weights = list(ACTIONS), list(ACTIONS.values())
    visit = done = 0
    while time.monotonic() < deadline:
        visit += 1
        address = f"10.{number % 256}.{visit // 256 % 256}.{visit % 256}"
        visitor = Visitor(base, address, rng, figures)
        try:
            for _ in range(rng.randint(1, 8)):
                if time.monotonic() >= deadline:
                    break
                done += 1
                # Letters and short numbers: seven digits in a row would read as a phone number and hold it.
                act(visitor, rng.choices(actions, weights)[0], targets, f"c{number}v{visit}a{done}")
        finally:
            visitor.close()


def run_load(port, targets, args):
    deadline = time.monotonic() + args.duration
    figures = [Figures() for _ in range(args.clients)]
    base = f"http://127.0.0.1:{port}"
    threads = [
        threading.Thread(target=client, args=(n, base, targets, deadline, args.seed, figures[n]), daemon=True)
        for n in range(args.clients)
    ]
    started, cpu = time.monotonic(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    merged = Figures(client_cpu=time.process_time() - cpu)
    for part in figures:
        for kind, values in part.latencies.items():
            merged.latencies[kind].extend(values)
        for kind, counts in part.statuses.items():
            merged.statuses[kind].update(counts)
        merged.failures.extend(part.failures)
    return merged, elapsed


# Reporting ---------------------------------------------------------------------


def percentile(values, share):
    """The nearest-rank percentile of `values` (sorted), in milliseconds."""
    if not values:
        return None
    return values[max(1, math.ceil(share * len(values))) - 1] * 1000


def summarise(figures, elapsed):
    rows = {}
    for kind in KINDS:
        statuses = figures.statuses.get(kind, Counter())
        latencies = sorted(figures.latencies.get(kind, []))
        requests_made = sum(statuses.values())
        expected = EXPECTED.get(kind, 200)
        rows[kind] = {
            "requests": requests_made,
            "rps": round(requests_made / elapsed, 2),
            "p50_ms": percentile(latencies, 0.50),
            "p99_ms": percentile(latencies, 0.99),
            "max_ms": latencies[-1] * 1000 if latencies else None,
            "ok": statuses[expected],
            "429": statuses[429],
            "5xx": sum(n for status, n in statuses.items() if status >= 500),
            "no_answer": statuses[0],
            "other": {s: n for s, n in sorted(statuses.items()) if s not in (expected, 429, 0) and s < 500},
        }
    return rows


def ms(value):
    return "-" if value is None else f"{value:.1f}"


def print_table(rows, elapsed, args, info):
    print()
    print(
        f"{info['database']}: {info['posts']} posts, {info['comments']} comments before the run; "
        f"{args.workers} gunicorn workers, {args.clients} clients, {elapsed:.1f} s"
    )
    header = f"{'kind':<12} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'5xx':>5} {'429':>5}  other"
    print(header)
    print("-" * len(header))
    for kind, row in rows.items():
        other = ", ".join(f"{status}: {n}" for status, n in row["other"].items())
        if row["no_answer"]:
            other = f"no answer: {row['no_answer']}" + (f", {other}" if other else "")
        print(
            f"{kind:<12} {row['requests']:>8} {row['rps']:>7.2f} {ms(row['p50_ms']):>8} {ms(row['p99_ms']):>8} "
            f"{row['5xx']:>5} {row['429']:>5}  {other}"
        )
    total = sum(row["requests"] for row in rows.values())
    print("-" * len(header))
    print(
        f"{'all':<12} {total:>8} {total / elapsed:>7.2f} {'':>8} {'':>8} "
        f"{sum(r['5xx'] for r in rows.values()):>5} {sum(r['429'] for r in rows.values()):>5}"
    )
    print()


def server_errors(log_path):
    """What the workers logged as failed (a request's 500, a task that failed), whatever the client saw."""
    try:
        with open(log_path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    signs = ("Internal Server Error", "state=FAILED", "[ERROR]", "[CRITICAL]")
    return [line for line in lines if any(sign in line for sign in signs)]


def write_results(rows, elapsed, args, info, mail):
    """bench/results/load-<mail>-<database>.json (not committed); a --mail hang run is compared with the
    last --mail ok run on the same database."""
    vendor = info["database"].split()[0].lower()
    path = RESULTS_DIR / f"load-{args.mail}-{vendor}.json"
    record = {
        "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
        "args": vars(args),
        "elapsed": elapsed,
        "info": info,
        "rows": rows,
        "mail": mail,
    }
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
    normal = RESULTS_DIR / f"load-ok-{vendor}.json"
    if args.mail != "ok" and normal.exists():
        last = json.loads(normal.read_text())
        ok_rows = last["rows"]
        when = last.get("finished", "?")
        print(f"  p99 against the last --mail ok run on {vendor} ({normal.name}, {last['elapsed']:.0f} s, {when}):")
        for kind in ("letter", "comment"):
            ours, theirs = rows[kind]["p99_ms"], ok_rows[kind]["p99_ms"]
            if ours and theirs:
                print(f"    {kind:<8} {ms(ours)} ms / {ms(theirs)} ms = {ours / theirs:.2f}x")
    return path


def main(argv=None):
    args = parser().parse_args(argv)
    build.setup_django()
    from django.db import connection

    from blog.models import LetterReplyPage
    from discussion.models import Comment

    ensure_database(args)
    prepare()
    targets = choose_targets()
    if not targets.posts or not targets.reports:
        sys.exit("The database has no live posts or no approved comments to load.")
    info = {
        "database": build.describe_database(),
        "posts": LetterReplyPage.objects.live().count(),
        "comments": Comment.objects.count(),
        "mail": args.mail,
    }
    before = snapshot(targets)
    connection.close()  # SQLite: nothing held open while gunicorn serves

    # Every simulated visitor has its own address, read from X-Forwarded-For as behind one proxy.
    os.environ["TRUSTED_PROXY_COUNT"] = "1"
    mail = MailServer(args.mail)
    os.environ.update(mail_environment(mail.port, args.email_timeout))
    worker = MailWorker(args.email_timeout)
    server = Server(args.workers)
    meter = None
    drained = None
    try:
        worker.start()
        server.start(targets.static)
        worker.check_running()
        wait_for_quiet(args.wait_quiet)
        get(server.port, targets.home)  # site-wide entries, as in a running site
        meter = CpuMeter(server.process.pid)
        meter.start()
        worker.start_meter()
        print(f"Loading for {args.duration} s with {args.clients} clients; mail to {mail.describe()} ...", flush=True)
        figures, elapsed = run_load(server.port, targets, args)
        other_cpu = meter.other_share()
        worker_cpu = worker.cpu_share()
        worker.check_running()
        server.wait_idle()
        during = after = mail_figures(before)
        if args.mail == "ok" and args.drain:
            started = time.monotonic()
            after = drain(before, args.drain, worker)
            drained = time.monotonic() - started
    finally:
        worker.stop()
        server.stop()
        mail.close()

    rows = summarise(figures, elapsed)
    print_table(rows, elapsed, args, info)
    logged = server_errors(server.log.name)
    written = {kind: rows[kind]["ok"] for kind in sorted(WRITES)}
    print(f"  Stored by this run: {written} (writes answered as expected)")
    for kind in ("letter", "comment"):
        row = rows[kind]
        print(
            f"  {kind}: p50 {ms(row['p50_ms'])} ms, p99 {ms(row['p99_ms'])} ms, slowest {ms(row['max_ms'])} ms "
            f"over {row['requests']} POSTs"
        )
    slowest = max((row["max_ms"] or 0 for row in rows.values()), default=0)
    print(f"  The slowest request of any kind: {ms(slowest)} ms")
    if args.mail == "hang" and slowest >= args.email_timeout * 1000:
        print(f"  WARNING: a request took EMAIL_TIMEOUT ({args.email_timeout} s) or longer: the mail server?")
    print_mail(during, after, mail, worker, drained)
    cores = os.cpu_count() or 1
    share = figures.client_cpu / elapsed / cores
    print(f"  CPU used by this load generator: {share:.0%} of the machine's {cores} cores")
    if worker_cpu is not None:
        print(f"  CPU used by the mail worker: {worker_cpu:.0%} of the machine")
    if other_cpu is not None:
        other = max(other_cpu - (worker_cpu or 0), 0)
        print(f"  CPU used by other processes (not gunicorn, the worker or this one): {other:.0%} of the machine")
    if logged:
        print(f"  WARNING: the server logged {len(logged)} failures; the first: {logged[0]} (log: {server.log.name})")
    results = write_results(rows, elapsed, args, info, {"at_end": during, "after_drain": after})
    print(f"  Figures written to {results.relative_to(BASE_DIR)}")
    if args.keep:
        print("  --keep: the run's comments, letters, reports and emails stay in the database.")
    else:
        removed = restore(before)
        print(f"  Removed what the run wrote: {removed}; reported comments put back as they were.")
    failed = sum(row["5xx"] + row["no_answer"] for row in rows.values())
    if failed:
        for line in figures.failures[:10]:
            print(f"  {line}")
        sys.exit(f"{failed} requests answered 5xx or not at all.")
    return rows


if __name__ == "__main__":
    main()
