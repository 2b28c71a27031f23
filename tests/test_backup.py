"""make backup / make restore: a round trip keeps pages, letters and comments (SQLite or PostgreSQL)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TransactionTestCase

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
