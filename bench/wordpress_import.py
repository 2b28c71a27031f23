"""Timed WordPress import: `python -m bench.wordpress_import [--export FILE --media-dir DIR]`.

Imports a synthetic export (bench/wordpress_export.py; generated into bench/wordpress/ when no
--export is given) into a fresh, migrated database with the production settings (bench/settings.py):
an SQLite file bench/wpimport.sqlite3, or the PostgreSQL database DATABASE_URL names (dropped and
created again: give it a database of its own). Prints the duration, items per second and peak RSS,
with the resident memory sampled every few seconds to show it stays flat, and writes
bench/results/wordpress-import.json (and the import's own report beside it).
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
TARGET_SECONDS = 600
TARGET_RSS_MB = 500


def resident_mb():
    with open("/proc/self/status") as status:
        match = re.search(r"VmRSS:\s+(\d+) kB", status.read())
    return int(match.group(1)) / 1024 if match else 0.0


def child(export, media_dir, report):
    """Runs inside the measured process: the import command, with its memory sampled meanwhile."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    samples = []
    started = time.monotonic()
    done = threading.Event()

    def sample():
        while not done.wait(5):
            samples.append((round(time.monotonic() - started), round(resident_mb())))

    threading.Thread(target=sample, daemon=True).start()
    call_command("import_wordpress", export, "--media-dir", media_dir, "--no-download", "--report", report, verbosity=0)
    done.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "seconds": time.monotonic() - started,
        # CPU time as well: on a machine shared with others, wall time says as much about them.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "rss_samples": samples,
    }
    print(json.dumps(figures))


def fresh_database(env):
    url = env.get("DATABASE_URL")
    if not url:
        path = Path(env["BENCH_SQLITE_PATH"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"SQLite ({path.name})"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in ("postgres", "template0", "template1") or not name:
        sys.exit("Give the benchmark a PostgreSQL database of its own in DATABASE_URL (it is dropped first).")
    admin = f"host={parts.hostname} port={parts.port or 5432} user={parts.username} dbname=postgres"
    if parts.password:
        admin += f" password={parts.password}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"PostgreSQL ({name})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", type=Path, help="A WXR file (default: generate bench/wordpress/export.xml).")
    parser.add_argument("--media-dir", type=Path, help="Its uploads folder.")
    parser.add_argument("--child", nargs=3, metavar=("EXPORT", "MEDIA", "REPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return

    if args.export is None:
        folder = BENCH_DIR / "wordpress"
        if not (folder / "export.xml").exists():
            subprocess.run([sys.executable, "-m", "bench.wordpress_export", str(folder)], cwd=ROOT, check=True)
        args.export, args.media_dir = folder / "export.xml", folder / "uploads"
    media_dir = args.media_dir or args.export.parent / "uploads"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_SQLITE_PATH": os.environ.get("BENCH_SQLITE_PATH", str(BENCH_DIR / "wpimport.sqlite3")),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(BENCH_DIR / "wordpress" / "media")),
    }
    database = fresh_database(env)
    print(f"Migrating a fresh database: {database}", flush=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    RESULTS.mkdir(exist_ok=True)
    report_path = RESULTS / "wordpress-import-report.json"
    size_mb = args.export.stat().st_size / 2**20
    print(f"Importing {args.export} ({size_mb:.0f} MB) on {os.cpu_count()} cores ...", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "bench.wordpress_import", "--child", str(args.export), str(media_dir), str(report_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(result.returncode)
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    report = json.loads(report_path.read_text())
    outcomes = report["outcomes"]
    items = sum(
        sum(counts.values()) for kind, counts in outcomes.items() if kind in ("post", "page", "comment", "file")
    )
    figures = {
        "database": database,
        "export_mb": round(size_mb),
        "items": items,
        "seconds": round(measured["seconds"], 1),
        "cpu_seconds": round(measured["cpu_seconds"], 1),
        "items_per_second": round(items / measured["seconds"]),
        "peak_rss_mb": round(measured["peak_rss_mb"]),
        "rss_samples_mb": measured["rss_samples"],
        "outcomes": outcomes,
        "load_average_after": os.getloadavg(),
    }
    (RESULTS / "wordpress-import.json").write_text(json.dumps(figures, indent=2))
    print(
        f"{items} items in {figures['seconds']} s ({figures['cpu_seconds']} s of CPU in the importing process): "
        f"{figures['items_per_second']} items/s, peak RSS {figures['peak_rss_mb']} MB"
    )
    samples = measured["rss_samples"]
    if samples:
        print(
            "RSS over the run (s: MB): " + ", ".join(f"{t}: {mb}" for t, mb in samples[:: max(1, len(samples) // 12)])
        )
    for kind in ("post", "comment", "file", "redirect"):
        print(f"  {kind}: {outcomes.get(kind, {})}")
    ok_time = measured["seconds"] < TARGET_SECONDS
    ok_memory = measured["peak_rss_mb"] < TARGET_RSS_MB
    print(
        f"Targets: under {TARGET_SECONDS} s {'met' if ok_time else 'MISSED'}; "
        f"under {TARGET_RSS_MB} MB {'met' if ok_memory else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
