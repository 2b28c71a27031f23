"""`make bench`: build the scale database if needed, serve it with gunicorn, load it with wrk.

    python -m bench.run [--duration 10] [--connections 4] [--rebuild] [--only post_warm,search]

Prints a table of requests per second, p50 and p99 latency and SQL queries per URL, each
as a ratio to the static file's requests per second, and writes bench/results/latest.json.
Then the same URLs through a real Varnish with the production configuration
(deploy/varnish/default.vcl) in front of the same gunicorn: the `edge_` rows.
See bench/README.md for what each figure means and the figures of the last runs.
"""

import argparse
import gzip
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import build
from tests.varnish import Varnish, varnishd

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "latest.json"
WRK_DIR = BENCH_DIR / "wrk"

URLS = [
    "static",
    "post_uncached",
    "post_warm",
    "index_first",
    "index_500",
    "tag",
    "search",
    "moderation_queue",
    "edge_static",
    "edge_post_uncached",
    "edge_post_warm",
    "edge_post_warm_gzip",
    "edge_index",
    "edge_tag",
]
# The rows served through Varnish, each with the row it repeats without the proxy.
EDGE_OF = {
    "edge_static": "static",
    "edge_post_uncached": "post_uncached",
    "edge_post_warm": "post_warm",
    "edge_post_warm_gzip": "post_warm",
    "edge_index": "index_first",
    "edge_tag": "tag",
}
# What a row sends besides the Host. Every row asks for the uncompressed response (no Accept-Encoding),
# except this one: the repeated post as browsers ask for it. The proxy keeps text gzipped (the VCL's
# do_gzip), so a request without Accept-Encoding costs it a gunzip of the page on every hit.
EDGE_HEADERS = {"edge_post_warm_gzip": {"Accept-Encoding": "gzip"}}
LABELS = {
    "static": "(a) static file (whitenoise)",
    "post_uncached": "(b) post page, uncached",
    "post_warm": "(c) post page, caches warm",
    "index_first": "(d) blog index, page 1",
    "index_500": "(d) blog index, page 500",
    "tag": "(e) tag page",
    "search": "(f) search, common word",
    "moderation_queue": "(g) moderation queue",
    "edge_static": "(a) static file, through Varnish",
    "edge_post_uncached": "(b) post, uncached, through Varnish",
    "edge_post_warm": "(c) post, repeated, through Varnish",
    "edge_post_warm_gzip": "(c) same, Accept-Encoding: gzip",
    "edge_index": "(d) blog index p1, through Varnish",
    "edge_tag": "(e) tag page, through Varnish",
}
# What each response must contain, so that a redirect to a login page or an empty page is not measured.
POST_LINK = r'href="/[^"]*discussion-blog/[^"/]+/"'
EXPECT = {
    "static": r"body",
    "post_uncached": r'id="comments"',
    "post_warm": r'id="comments"',
    "index_first": POST_LINK,
    "index_500": POST_LINK,
    "tag": POST_LINK,
    "search": POST_LINK,
    "moderation_queue": r"/comments/moderate/\d+/",
}
EXPECT |= {edge: EXPECT[direct] for edge, direct in EDGE_OF.items()}
# The targets (ratios of requests per second to the static file's) and budgets.
TARGETS = {"post_warm": 0.40, "post_uncached": 0.08}
INDEX_PAGE_SPREAD = 1.5
SEARCH_P99_MS = 300
POST_QUERY_BUDGET = 12
# Through the proxy (the figures, measured with wrk -t1 -c4): a repeated post at least this many
# requests per second and this share of the static file through the same proxy; an uncached post no
# slower than without the proxy, give or take the run-to-run noise.
EDGE_POST_WARM_RPS = 20_000
EDGE_POST_WARM_TO_STATIC = 0.50
EDGE_UNCACHED_NOISE = 0.10
PROXY_MEMORY = "256m"
# A URL is loaded for long enough to answer about this many requests (up to --max-duration).
MIN_REQUESTS = 40


def env_int(name, default):
    return int(os.environ.get(name) or default)


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=int, default=env_int("BENCH_DURATION", 10), help="seconds of load per URL")
    p.add_argument(
        "--max-duration", type=int, default=env_int("BENCH_MAX_DURATION", 120), help="seconds, for slow URLs"
    )
    p.add_argument("--warmup", type=int, default=env_int("BENCH_WARMUP", 2), help="seconds of warm-up per URL")
    p.add_argument("--connections", type=int, default=env_int("BENCH_CONNECTIONS", 4))
    p.add_argument("--threads", type=int, default=env_int("BENCH_THREADS", 1), help="wrk threads")
    p.add_argument("--workers", type=int, default=env_int("BENCH_WORKERS", 2), help="gunicorn workers")
    p.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="comma-separated URL keys")
    p.add_argument("--rebuild", action="store_true", default=bool(os.environ.get("BENCH_REBUILD")))
    p.add_argument("--posts", type=int, default=env_int("BENCH_POSTS", build.DEFAULTS["posts"]))
    p.add_argument("--comments", type=int, default=env_int("BENCH_COMMENTS", build.DEFAULTS["comments"]))
    p.add_argument("--tags", type=int, default=env_int("BENCH_TAGS", build.DEFAULTS["tags"]))
    p.add_argument("--pending", type=float, default=build.DEFAULTS["pending"])
    p.add_argument("--seed", type=int, default=build.DEFAULTS["seed"])
    p.add_argument("--output", default=str(RESULTS))
    p.add_argument(
        "--wait-quiet",
        type=int,
        default=env_int("BENCH_WAIT_QUIET", 0),
        help="wait up to this many seconds for the machine's load average to fall below 1 before loading",
    )
    return p


# Preparing ---------------------------------------------------------------------


def prepare():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # the app may have moved on since the build
    call_command("collectstatic", verbosity=0, interactive=False)


def staff_password(username):
    """A fresh random password for a bench staff account, for this run only."""
    import secrets

    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(18)
    user = get_user_model().objects.get(username=username)
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def choose_targets():
    """The URLs to measure, and the list of post paths for the uncached run."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db.models import Count, Q
    from django.urls import reverse
    from taggit.models import Tag

    from blog.models import BlogIndexPage, LetterReplyPage
    from discussion.models import Comment
    from discussion.viewsets.comments import comment_viewset

    blog = BlogIndexPage.objects.get()
    live = LetterReplyPage.objects.live().public().child_of(blog)
    # The warm post is a typical one, like those the uncached run asks for: the most recent post
    # with the median number of approved comments and of tags.
    counted = live.annotate(
        approved=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED), distinct=True),
        tag_count=Count("tagged_items", distinct=True),
    )
    approved = sorted(counted.values_list("approved", flat=True))
    tag_counts = sorted(counted.values_list("tag_count", flat=True))
    post = (
        counted.filter(approved=approved[len(approved) // 2], tag_count=tag_counts[len(tag_counts) // 2])
        .order_by("-date", "-first_published_at")
        .first()
    ) or live.order_by("-date").first()
    tag = Tag.objects.annotate(uses=Count("blog_letterreplypagetag_items")).order_by("-uses").first()
    blog_url = blog.get_url()
    urls = {
        "static": staticfiles_storage.url("css/site.css"),
        "post_warm": post.get_url(),
        "index_first": blog_url,
        "index_500": f"{blog_url}?page=500",
        "tag": blog_url + blog.reverse_subpage("tag_view", args=[tag.slug]),
        "search": f"{reverse('search')}?query={build_content().SEARCH_WORD}",
        "moderation_queue": reverse(comment_viewset.get_url_name("index")),
    }
    paths = [page.url_path for page in live.only("url_path", "path").exclude(pk=post.pk)]
    site_root = blog.get_site().root_page.url_path
    paths = ["/" + p[len(site_root) :] for p in paths]
    random.Random(1).shuffle(paths)
    urls["post_uncached"] = paths[0]
    urls |= {edge: urls[direct] for edge, direct in EDGE_OF.items() if direct in urls}
    info = {
        "post": {
            "url": urls["post_warm"],
            "approved_comments": post.comments.filter(status=Comment.Status.APPROVED).count(),
            "tags": post.tags.count(),
        },
        "tag": {"url": urls["tag"], "name": tag.name, "posts": tag.uses},
        "uncached_posts_available": len(paths),
    }
    return urls, paths, info


def build_content():
    from bench import content

    return content


def count_queries(urls, paths, moderator):
    """SQL queries per URL, each run through Django's test client in this process, on the same database.

    After one request to the blog index (Wagtail's site root paths and other site-wide entries
    cached, as in a running site), each URL is counted on its first request; the warm post on
    its second. The uncached post: the cache is cleared, one post requested, and a post never
    requested is counted.
    """
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    public, staff = Client(), Client()
    staff.force_login(moderator)
    public.get(urls["index_first"])
    staff.get(urls["index_first"])
    counts = {}
    for key, url in urls.items():
        if key in EDGE_OF:
            continue  # the app's queries behind the proxy: those of the row without it, on a miss
        client = staff if key == "moderation_queue" else public  # readers are anonymous
        if key == "post_uncached":
            for cache in caches.all():
                cache.clear()
            client.get(paths[1])  # site-wide entries fill once, as in a running site
            url = paths[2]
        elif key == "post_warm":
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{key}: {url} answered {response.status_code} through the test client")
        counts[key] = len(captured)
    return counts


# Serving -----------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as the Procfile runs it (sync workers), on the loopback, with the bench settings."""

    def __init__(self, workers):
        self.workers = workers
        self.port = free_port()
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self, probe):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(BASE_DIR)}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            # Production's 30 s worker timeout would kill the slowest pages under load; the bench
            # measures them instead (bench/README.md says which pages those are).
            "--timeout",
            "300",
        ]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                if get(self.port, probe)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer within 60 s; see {self.log.name}")

    def cpu_ticks(self):
        """CPU time of the master and its workers so far (Linux /proc), or None elsewhere."""
        try:
            return CpuMeter(self.process.pid).server_ticks()
        except OSError:
            return None

    def wait_idle(self, limit=600):
        """Wait until the workers stop spending CPU: wrk leaves slow requests in flight when it stops."""
        deadline = time.monotonic() + limit
        last = self.cpu_ticks()
        while last is not None and time.monotonic() < deadline:
            time.sleep(1)
            now = self.cpu_ticks()
            if now - last <= 1:  # at most a tick in a second: both workers are waiting for requests
                return
            last = now

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the master and the workers it started
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


def get(port, path, headers=None, method="GET", body=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        content = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        return response.status, response.getheaders(), content.decode("utf-8", "replace")
    finally:
        conn.close()


def cookies(headers):
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def log_in(port, username, password):
    """Sign in through the admin's login form; the session cookie is what wrk sends."""
    from urllib.parse import urlencode

    status, headers, html = get(port, "/admin/login/")
    jar = cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token or "csrftoken" not in jar:
        sys.exit(f"The admin login form did not load ({status}).")
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
    status, headers, _ = get(
        port,
        "/admin/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
    )
    session = cookies(headers).get("sessionid")
    if status != 302 or not session:
        sys.exit(f"Signing in as {username} failed ({status}).")
    return f"sessionid={session}"


# Loading -----------------------------------------------------------------------


def wrk(port, path, seconds, args, headers=None, script="report.lua", script_args=(), timeout=10):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        str(WRK_DIR / script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    if script_args:
        command += ["--", *map(str, script_args)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        sys.exit(f"wrk printed no figures:\n{output}")
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(key, port, urls, paths, args, headers, meter):
    """Load one URL; a slow one is loaded for longer, so that its percentiles rest on enough requests."""
    path = urls[key]
    started = time.perf_counter()
    status, first_headers, body = get(port, path, headers, timeout=300)
    single = time.perf_counter() - started
    if status != 200 or not re.search(EXPECT[key], body):
        sys.exit(f"{key}: {path} answered {status} without {EXPECT[key]!r}; not measuring it.")
    seconds = min(max(args.duration, math.ceil(MIN_REQUESTS * single / args.workers)), args.max_duration)
    timeout = max(10, math.ceil(4 * single * args.connections / args.workers))
    meter.start()
    if key in ("post_uncached", "edge_post_uncached"):
        # Both uncached runs ask for the same posts in the same order, each after a restart of the server
        # and with every cache emptied (the proxy's too), so they differ only in the proxy: a post's cost
        # varies with its comments, and a few hundred posts drawn apart would differ by more than it.
        posts = paths[3:]  # the first paths were requested by the checks
        with tempfile.NamedTemporaryFile("w", prefix="bench-posts-", suffix=".txt", delete=False) as f:
            f.write("\n".join(posts) + "\n")
        try:
            figures = wrk(port, path, seconds, args, headers, "posts.lua", (f.name, args.threads), timeout)
        finally:
            os.unlink(f.name)
        figures["distinct_posts"] = min(figures["requests"], len(posts))
    else:
        if single < 0.5:  # a slow page is warm after the check; a warm-up would leave requests in flight
            wrk(port, path, args.warmup, args, headers)
            meter.start()
        figures = wrk(port, path, seconds, args, headers, timeout=timeout)
    elapsed = figures["duration_us"] / 1e6
    errors = sum(figures["errors"].values())
    done = figures["requests"] > 0
    row = {
        "url": path,
        "rps": round(figures["requests"] / elapsed, 2),
        "p50_ms": round(figures["p50_us"] / 1000, 2) if done else None,
        "p99_ms": round(figures["p99_us"] / 1000, 2) if done else None,
        "p90_ms": round(figures["p90_us"] / 1000, 2) if done else None,
        "max_ms": round(figures["max_us"] / 1000, 2) if done else None,
        "requests": figures["requests"],
        "errors": errors,
        "duration_s": round(elapsed, 1),
        "single_request_ms": round(single * 1000, 1),
        "load_average": round(os.getloadavg()[0], 2),
        "other_cpu_share": meter.other_share(),
    }
    if "distinct_posts" in figures:
        row["distinct_posts"] = figures["distinct_posts"]
    if key in EDGE_OF:
        # What the proxy answered: the check (the first request of the URL since the proxy was emptied
        # or started) and, for a repeated URL, one request right after the load.
        row["x_cache"] = {"first": header_value(first_headers, "X-Cache")}
        if key != "edge_post_uncached":
            row["x_cache"]["after"] = header_value(get(port, path, headers)[1], "X-Cache")
    return row


def header_value(headers, name):
    return next((value for key, value in headers if key.lower() == name.lower()), None)


def edge_queries(key, row, queries):
    """Queries per request behind the proxy: none when it answers from its cache, else the app's own."""
    steady = row.get("x_cache", {}).get("after", row.get("x_cache", {}).get("first"))
    return 0 if steady == "HIT" else queries[EDGE_OF[key]]


def wait_for_quiet(seconds):
    """Figures taken while other work runs on the machine are not comparable: wait for it, and say so."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
        time.sleep(15)
    load = os.getloadavg()[0]
    if load >= 1.0:
        print(f"Warning: load average {load:.1f} on {os.cpu_count()} cores; other work skews the figures.")


class CpuMeter:
    """How much of the machine's CPU went to processes other than the bench's own (Linux /proc).

    The load average cannot tell: the two gunicorn workers and wrk keep it near 3 by themselves.
    """

    def __init__(self, server_pid, proxy_pid=None):
        self.server_pid = server_pid
        self.proxy_pid = proxy_pid  # varnishd's manager: it and its cache process are the bench's own too

    @staticmethod
    def _machine():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values[:8]) - idle, sum(values[:8])

    def server_ticks(self):
        return self._ticks(self._server_pids())

    def _server_pids(self):
        return self._family(self.server_pid)

    @staticmethod
    def _family(parent):
        """A process and its children."""
        pids = {parent}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == parent:
                    pids.add(int(entry))
        return pids

    @staticmethod
    def _ticks(pids):
        total = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime of the process
            except OSError:
                continue
        return total

    def _ours(self):
        """The server, the proxy, this process, and the children it has waited for (each wrk run)."""
        children = os.times()
        waited = round((children.children_user + children.children_system) * os.sysconf("SC_CLK_TCK"))
        pids = self._server_pids() | {os.getpid()}
        if self.proxy_pid:
            pids |= self._family(self.proxy_pid)
        return self._ticks(pids) + waited

    def start(self):
        try:
            self.before = (*self._machine(), self._ours())
        except OSError:
            self.before = None

    def other_share(self):
        """The share of all CPU time since start() that other processes used, or None."""
        if self.before is None:
            return None
        busy, total, ours = (*self._machine(), self._ours())
        elapsed = total - self.before[1]
        if elapsed <= 0:
            return None
        other = (busy - self.before[0]) - (ours - self.before[2])
        return round(max(other, 0) / elapsed, 3)


def clear_shared_caches():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


# Reporting ---------------------------------------------------------------------


def checks(results, database):
    urls = results["urls"]
    out = {}
    for key, minimum in TARGETS.items():
        if key in urls and urls[key].get("ratio_to_static") is not None:
            ratio = urls[key]["ratio_to_static"]
            out[f"{key} >= {minimum:.0%} of static rps"] = {"value": ratio, "met": ratio >= minimum}
    if urls.get("index_first", {}).get("rps") and urls.get("index_500", {}).get("rps"):
        spread = urls["index_first"]["rps"] / max(urls["index_500"]["rps"], 0.1)
        out[f"index page 500 within {INDEX_PAGE_SPREAD}x of page 1"] = {
            "value": round(spread, 2),
            "met": spread <= INDEX_PAGE_SPREAD,
        }
    if "search" in urls and urls["search"]["p99_ms"] is not None:
        p99 = urls["search"]["p99_ms"]
        out[f"search p99 < {SEARCH_P99_MS} ms (target on PostgreSQL)"] = {
            "value": p99,
            "met": p99 < SEARCH_P99_MS,
            "applies": database == "postgresql",
        }
    for key in ("post_uncached", "post_warm"):
        if key in urls:
            queries = urls[key]["queries"]
            out[f"{key} <= {POST_QUERY_BUDGET} queries"] = {"value": queries, "met": queries <= POST_QUERY_BUDGET}
    if "index_first" in urls and "index_500" in urls:
        same = urls["index_first"]["queries"] == urls["index_500"]["queries"]
        out["index queries the same on page 1 and 500"] = {
            "value": [urls["index_first"]["queries"], urls["index_500"]["queries"]],
            "met": same,
        }
    warm = urls.get("edge_post_warm", {})
    if warm.get("rps") is not None:
        out[f"edge_post_warm >= {EDGE_POST_WARM_RPS:,} req/s"] = {
            "value": warm["rps"],
            "met": warm["rps"] >= EDGE_POST_WARM_RPS,
        }
        if warm.get("ratio_to_edge_static") is not None:
            ratio = warm["ratio_to_edge_static"]
            out[f"edge_post_warm >= {EDGE_POST_WARM_TO_STATIC:.0%} of edge_static rps"] = {
                "value": ratio,
                "met": ratio >= EDGE_POST_WARM_TO_STATIC,
            }
    edge, direct = urls.get("edge_post_uncached", {}).get("rps"), urls.get("post_uncached", {}).get("rps")
    if edge is not None and direct is not None:
        out[f"edge_post_uncached rps >= post_uncached - {EDGE_UNCACHED_NOISE:.0%}"] = {
            "value": [edge, direct],
            "met": edge >= (1 - EDGE_UNCACHED_NOISE) * direct,
        }
    return out


def ms(value):
    return "-" if value is None else f"{value:.1f}"


def print_table(results):
    urls = results["urls"]
    print()
    print(
        f"{results['database']}: {results['posts']} posts, {results['comments']} comments, "
        f"{results['workers']} gunicorn workers, wrk -t{results['wrk']['threads']} -c{results['wrk']['connections']} "
        f"-d{results['wrk']['duration_s']}s"
    )
    edge = any(key in EDGE_OF for key in urls)
    header = f"{'URL':<36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'ratio to (a)':>13}"
    if edge:
        header += f" {'to Varnish (a)':>15} {'X-Cache':>9}"
    print(header)
    print("-" * len(header))
    for key in URLS:
        if key not in urls:
            continue
        row = urls[key]
        if key == "edge_static" and "static" in urls:
            print()
        ratio = "" if row["ratio_to_static"] is None else f"{row['ratio_to_static']:.3f}"
        line = (
            f"{LABELS[key]:<36} {ms(row['rps']):>9} {ms(row['p50_ms']):>8} {ms(row['p99_ms']):>8} "
            f"{row['queries']:>8} {ratio:>13}"
        )
        if key in EDGE_OF:
            to_edge = "" if row.get("ratio_to_edge_static") is None else f"{row['ratio_to_edge_static']:.3f}"
            cache = row.get("x_cache") or {}
            line += f" {to_edge:>15} {cache.get('after') or cache.get('first') or '-':>9}"
        flag = f"  ({row['errors']} errors)" if row.get("errors") else ""
        print(line + flag)
    print_comparison(urls)
    print()
    for name, check in results["checks"].items():
        verdict = "met" if check["met"] else "MISSED"
        if check.get("applies") is False:
            verdict += " (not a target on this database)"
        print(f"  {name:<52} {str(check['value']):>12}  {verdict}")
    busy = [
        f"{key} {row['other_cpu_share']:.0%}" for key, row in urls.items() if (row.get("other_cpu_share") or 0) >= 0.1
    ]
    if busy:
        print(f"\n  Other processes used 10% or more of the CPU during: {', '.join(busy)}. That skews these figures.")
    print()


def print_comparison(urls):
    """Each URL measured both ways: without the proxy, then through it, with the same wrk settings."""
    pairs = [(edge, direct) for edge, direct in EDGE_OF.items() if edge in urls and direct in urls]
    if not pairs:
        return
    print("\nWith and without the proxy (req/s, p50 ms, p99 ms; the same wrk settings):")
    for edge, direct in pairs:
        a, b = urls[direct], urls[edge]
        times = f"{b['rps'] / a['rps']:.1f}x" if a["rps"] and b["rps"] is not None else "-"
        name = LABELS[direct][4:] + (" (gzip to Varnish)" if edge in EDGE_HEADERS else "")
        print(
            f"  {name:<42} direct {ms(a['rps']):>8} {ms(a['p50_ms']):>6} {ms(a['p99_ms']):>7}   "
            f"Varnish {ms(b['rps']):>8} {ms(b['p50_ms']):>6} {ms(b['p99_ms']):>7}   {times:>7}"
        )


def git_state():
    """The commit measured, and whether application files differed from it (bench/ aside)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", ".", ":!bench"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "uncommitted_changes": None}
    return {"commit": commit, "uncommitted_changes": len([line for line in changed if line.strip()])}


def proxy_info():
    """Which Varnish served the edge rows, and how it was set up."""
    try:
        version = subprocess.run([varnishd(), "-V"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, TypeError, IndexError):
        version = None
    return {"varnishd": version, "vcl": "deploy/varnish/default.vcl", "storage": f"malloc,{PROXY_MEMORY}"}


def main(argv=None):
    args = parser().parse_args(argv)
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `apt-get install wrk` (make bench does it for you).")
    wanted = [key for key in URLS if not args.only or key in args.only.split(",")]
    if any(key in EDGE_OF for key in wanted) and varnishd() is None:
        if args.only:
            sys.exit("varnishd is not installed (`apt-get install varnish`): the edge_ rows need it.")
        print("varnishd is not installed (`apt-get install varnish`): the rows through the proxy are left out.")
        wanted = [key for key in wanted if key not in EDGE_OF]
    build.setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from blog.models import LetterReplyPage
    from discussion.models import Comment

    build.ensure_built(build.requested(args), rebuild=args.rebuild)
    prepare()
    urls, paths, info = choose_targets()
    moderator = get_user_model().objects.get(username=build.MODERATOR)
    print("Counting queries per URL (Django test client, same database)...", flush=True)
    queries = count_queries(urls, paths, moderator)
    password = staff_password(build.MODERATOR)
    connection.close()  # SQLite: nothing held open while gunicorn serves

    wait_for_quiet(args.wait_quiet)
    server = Server(args.workers)
    proxy = None
    measured = {}
    try:
        server.start(urls["static"])
        cookie = {"Cookie": log_in(server.port, build.MODERATOR, password)}
        for key in wanted:
            if key in EDGE_OF and proxy is None:
                # Varnish with the production configuration, its backend this gunicorn (which keeps its
                # port across the restart below), started once after the rows without it.
                proxy = Varnish(server.port, memory=PROXY_MEMORY)
                proxy.start()
            if key in ("post_uncached", "edge_post_uncached"):
                # A fresh server (empty per-worker memory caches) and an empty shared cache.
                server.stop()
                clear_shared_caches()
                server.start(urls["static"])
                get(server.port, urls["index_first"])  # site-wide entries, as in a running site
                if key == "edge_post_uncached" and proxy.request("BAN", "/")[0] != 200:
                    sys.exit("The proxy refused BAN /: its cache could not be emptied.")
            print(f"Loading {LABELS[key]} {urls[key]} ...", flush=True)
            headers = cookie if key == "moderation_queue" else {}
            port = server.port
            if key in EDGE_OF:
                # The Host the rows without the proxy send (wrk's and http.client's own for gunicorn's
                # address), so the app sees the same requests behind Varnish as without it.
                port, headers = proxy.port, {"Host": f"127.0.0.1:{server.port}", **EDGE_HEADERS.get(key, {})}
            try:
                meter = CpuMeter(server.process.pid, proxy.process.pid if proxy else None)
                measured[key] = measure(key, port, urls, paths, args, headers, meter)
                measured[key]["queries"] = edge_queries(key, measured[key], queries) if key in EDGE_OF else queries[key]
                server.wait_idle()
            except (OSError, subprocess.CalledProcessError) as error:  # one URL failing still reports the others
                print(f"  {key}: not measured: {error!r}", flush=True)
                measured[key] = {"url": urls[key], "rps": None, "p50_ms": None, "p99_ms": None, "error": repr(error)}
                count = queries[EDGE_OF.get(key, key)]
                measured[key] |= {"queries": count, "errors": 1, "load_average": os.getloadavg()[0]}
    finally:
        if proxy is not None:
            proxy.stop()
        server.stop()

    static_rps = measured.get("static", {}).get("rps")
    edge_static_rps = measured.get("edge_static", {}).get("rps")
    for key, row in measured.items():
        row["ratio_to_static"] = round(row["rps"] / static_rps, 4) if static_rps and row["rps"] is not None else None
        if key in EDGE_OF:
            ok = edge_static_rps and row["rps"] is not None
            row["ratio_to_edge_static"] = round(row["rps"] / edge_static_rps, 4) if ok else None
    results = {
        "database": connection.vendor,
        "database_detail": build.describe_database(),
        "posts": LetterReplyPage.objects.live().count(),
        "comments": Comment.objects.count(),
        "pending_comments": Comment.objects.pending().count(),
        "workers": args.workers,
        "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration},
        "cache": settings.CACHES["default"]["BACKEND"],
        "proxy": proxy_info() if any(key in EDGE_OF for key in measured) else None,
        "git": git_state(),
        "cpus": os.cpu_count(),
        "started": started,
        "targets_info": info,
        "urls": measured,
    }
    results["checks"] = checks(results, connection.vendor)
    print_table(results)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {output}")


if __name__ == "__main__":
    main()
