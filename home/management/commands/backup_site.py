"""Back up the database and the media folder into one archive; `restore_site` puts it back.

SQLite is copied with SQLite's online backup API (consistent while the site
runs); PostgreSQL is dumped with pg_dump in its custom format and restored with
pg_restore. The archive holds `database.sqlite3` or `database.pgdump`, the
`media/` folder and a `manifest.json`.

An archive holds letters and readers' email addresses, so it is readable by its
owner only (0600), in a folder only its owner can open (0700, `backups/` or any
folder the command creates). Sign-in sessions are left out (the table is kept,
empty): a stolen backup must not let anyone into the admin, and a restored site
simply asks everyone to sign in again.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def database_kind():
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def pg_env_and_args():
    """pg_dump/pg_restore connection arguments from Django's settings (password via the environment)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    return env, args


# Tables whose rows never go into a backup (their structure does).
EXCLUDED_TABLES = ["django_session"]


def sqlite_connect(name):
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def run(command, env_extra):
    result = subprocess.run(command, env={**os.environ, **env_extra}, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = "Write the database and media to one .tar.gz archive (default: backups/backup-<time>.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Path of the archive to write.")

    def handle(self, *args, output=None, **options):
        kind = database_kind()
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        default_folder = Path(settings.BASE_DIR) / "backups"
        target = Path(output or default_folder / f"backup-{stamp}.tar.gz")
        private_folder(target.parent, tighten=output is None)
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            if kind == "sqlite":
                dump = tmp / "database.sqlite3"
                source = sqlite_connect(connection.settings_dict["NAME"])
                copy = sqlite3.connect(dump)
                with copy:
                    source.backup(copy)
                source.close()
                empty_excluded_tables(copy)
                copy.close()
            else:
                dump = tmp / "database.pgdump"
                env, conn_args = pg_env_and_args()
                excluded = [f"--exclude-table-data={table}" for table in EXCLUDED_TABLES]
                command = ["pg_dump", "--format=custom", "--no-owner", "--no-acl", *excluded, "--file", str(dump)]
                run([*command, *conn_args], env)
            manifest = {"created": timezone.now().isoformat(), "database": kind, "dump": dump.name}
            (tmp / "manifest.json").write_text(json.dumps(manifest))
            # Written under a temporary name (mkstemp: mode 0600) and renamed when complete, so the
            # archive is never readable by others, not even while it is being written.
            handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".backup-", suffix=".partial")
            try:
                with os.fdopen(handle, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as archive:
                    archive.add(tmp / "manifest.json", arcname="manifest.json")
                    archive.add(dump, arcname=dump.name)
                    media = Path(settings.MEDIA_ROOT)
                    if media.exists():
                        archive.add(media, arcname="media")
                os.replace(partial, target)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        self.stdout.write(f"Backup written to {target}")
        return str(target)


def private_folder(folder, tighten):
    """Create `folder` readable by its owner only; `tighten` also closes an existing one (backups/)."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    elif tighten:
        folder.chmod(0o700)


def empty_excluded_tables(db):
    """Empty EXCLUDED_TABLES in the SQLite copy, then VACUUM so their rows are not left in free pages."""
    existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    with db:
        for table in EXCLUDED_TABLES:
            if table in existing:
                db.execute(f'DELETE FROM "{table}"')  # noqa: S608 (names from EXCLUDED_TABLES, not input)
    db.execute("VACUUM")


def restore(archive_path, stdout):
    kind = database_kind()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(tmp, filter="data")
        manifest = json.loads((tmp / "manifest.json").read_text())
        if manifest["database"] != kind:
            raise CommandError(f"This backup is of a {manifest['database']} database; the site uses {kind}.")
        dump = tmp / manifest["dump"]
        connection.close()
        if kind == "sqlite":
            target = sqlite_connect(connection.settings_dict["NAME"])
            source = sqlite3.connect(dump)
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            env, conn_args = pg_env_and_args()
            run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", *conn_args, str(dump)], env)
        media = Path(settings.MEDIA_ROOT)
        if (tmp / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(tmp / "media", media)
    stdout.write(f"Restored {kind} database and media from {archive_path}")
