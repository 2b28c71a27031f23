"""make backup / make restore: a round trip keeps pages, letters and comments (SQLite or PostgreSQL);
archives are private to their owner and leave sign-in sessions out."""

import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from blog.models import LetterReplyPage
from discussion.models import Comment, Letter
from tests.factories import LetterReplyPageFactory


def snapshot():
    return {
        "pages": sorted(LetterReplyPage.objects.values_list("title", "live")),
        "letters": sorted(Letter.objects.values_list("pen_name", "email", "status")),
        "comments": sorted(Comment.objects.values_list("display_name", "body", "status")),
    }


class BackupRoundTripTests(TransactionTestCase):
    serialized_rollback = True

    def test_backup_then_restore_brings_everything_back(self):
        page = LetterReplyPageFactory(title="Kept through a restore")
        Letter.objects.create(pen_name="Backedup", email="keep@example.net", body="x" * 60, consent=True)
        Comment.objects.create(page=page, display_name="Reader", body="Thank you for this.", status="approved")
        media = Path(settings.MEDIA_ROOT) / "original_images"
        media.mkdir(parents=True, exist_ok=True)
        (media / "kept.txt").write_text("media survives")
        before = snapshot()
        archive = Path(settings.MEDIA_ROOT).parent / "backup-test.tar.gz"
        call_command("backup_site", output=str(archive), verbosity=0)

        # Disaster: content is lost.
        Comment.objects.all().delete()
        Letter.objects.all().delete()
        LetterReplyPage.objects.get(pk=page.pk).delete()
        (media / "kept.txt").unlink()
        self.assertNotEqual(snapshot(), before)

        call_command("restore_site", str(archive), yes=True, verbosity=0)
        self.assertEqual(snapshot(), before)
        self.assertEqual((media / "kept.txt").read_text(), "media survives")
        self.assertEqual(
            self.client.get(LetterReplyPage.objects.get(title="Kept through a restore").url).status_code, 200
        )
        archive.unlink()


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def database_dump_text(archive, folder):
    """Every row the archive's database dump holds, as text (SQL for PostgreSQL, a table dump for SQLite)."""
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(folder, filter="data")
    if connection.vendor == "sqlite":
        db = sqlite3.connect(folder / "database.sqlite3")
        text = "\n".join(db.iterdump())
        db.close()
        return text
    command = [shutil.which("pg_restore"), "--file", "-", str(folder / "database.pgdump")]
    result = subprocess.run(command, capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode()


class BackupPrivacyTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_the_archive_is_readable_by_its_owner_only_in_a_folder_only_its_owner_can_open(self):
        backups = self.folder / "backups"
        backups.mkdir(mode=0o755)
        backups.chmod(0o755)  # as an older version of the command left it
        with override_settings(BASE_DIR=self.folder):
            archive = Path(call_command("backup_site", verbosity=0))
        self.assertEqual(archive.parent, backups)
        self.assertEqual(mode(archive), 0o600)
        self.assertEqual(mode(backups), 0o700)
        self.assertEqual([path.name for path in backups.iterdir()], [archive.name])  # no partial file left

    def test_a_folder_the_command_creates_for_an_archive_is_private_too(self):
        archive = self.folder / "new" / "nested" / "site.tar.gz"
        call_command("backup_site", output=str(archive), verbosity=0)
        self.assertEqual(mode(archive), 0o600)
        self.assertEqual(mode(archive.parent), 0o700)

    def test_sign_in_sessions_are_left_out_and_a_restored_site_still_works(self):
        user = get_user_model().objects.create_user("session-holder", password="pw")
        self.client.force_login(user)
        session_key = self.client.session.session_key
        self.assertTrue(Session.objects.filter(session_key=session_key).exists())
        page = LetterReplyPageFactory(title="Still here after a restore")
        archive = self.folder / "site.tar.gz"
        call_command("backup_site", output=str(archive), verbosity=0)

        dump = database_dump_text(archive, self.folder / "extracted")
        self.assertEqual(dump.count(session_key), 0)  # the signed-in session is not in the backup
        self.assertIn("django_session", dump)  # the table itself is kept, so a restore has it
        self.assertIn("Still here after a restore", dump)

        call_command("restore_site", str(archive), yes=True, verbosity=0)
        self.assertFalse(Session.objects.exists())
        self.assertEqual(self.client.get(LetterReplyPage.objects.get(pk=page.pk).url).status_code, 200)
