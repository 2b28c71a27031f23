"""The WordPress import in the admin: administrators upload an export, the worker imports it, and
the run's page shows progress and then the report. Nobody else reaches any of it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from blog.models import LetterReplyPage
from cms.roles import COMMENT_MODERATORS, EDITORS, WRITERS
from tests.mailqueue import run_commit_callbacks, run_worker
from wpimport.models import ImportRun

DATA = Path(__file__).parent / "data" / "wordpress"


def export_upload(name="discussion-blog.xml", content=None):
    data = content if content is not None else (DATA / name).read_bytes()
    return SimpleUploadedFile(name if content is None else "export.xml", data, content_type="text/xml")


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        cls.staff = {}
        for group in (WRITERS, EDITORS, COMMENT_MODERATORS):
            user = User.objects.create_user(group.lower().replace(" ", "-"), f"{group[:3]}@example.org", "pw")
            user.groups.add(Group.objects.get(name=group))
            cls.staff[group] = user

    def setUp(self):
        self.client.force_login(self.admin)

    def upload(self, **data):
        data.setdefault("export", export_upload())
        return self.client.post(reverse("wpimport_index"), data)

    def work(self):
        """What the worker process does once the upload's transaction commits."""
        run_commit_callbacks()
        run_worker()

    def test_an_administrator_uploads_and_the_worker_imports_with_a_report(self):
        response = self.upload()
        run = ImportRun.objects.get()
        self.assertRedirects(response, reverse("wpimport_run", args=[run.pk]))
        self.assertEqual(run.state, ImportRun.State.QUEUED)
        stored = Path(run.stored_path)
        self.assertTrue(stored.is_file())
        page = self.client.get(reverse("wpimport_run", args=[run.pk]))
        self.assertContains(page, "Waiting for the worker")
        self.assertContains(page, 'data-wpimport-progress="')
        self.assertFalse(LetterReplyPage.objects.filter(title__startswith="Tapering").exists())

        self.work()
        run.refresh_from_db()
        self.assertEqual(run.state, ImportRun.State.DONE, run.error)
        self.assertEqual(run.requested_by, self.admin)
        self.assertTrue(LetterReplyPage.objects.filter(title__startswith="Tapering", live=True).exists())
        # The export held commenters' emails and addresses: it is gone once imported.
        self.assertFalse(stored.exists())
        self.assertEqual(ImportRun.objects.get().stored_path, "")

        page = self.client.get(reverse("wpimport_run", args=[run.pk]))
        self.assertContains(page, "Finished")
        self.assertContains(page, "post: created 7, created as a plain page 2, skipped 2")
        self.assertContains(page, "in the WordPress trash")
        self.assertNotContains(page, "data-wpimport-progress=")
        progress = self.client.get(reverse("wpimport_progress", args=[run.pk])).json()
        self.assertEqual((progress["state"], progress["active"]), ("done", False))
        report = self.client.get(reverse("wpimport_report", args=[run.pk]))
        self.assertEqual(report["Content-Disposition"], f'attachment; filename="wordpress-import-{run.pk}.json"')
        self.assertEqual(report.json()["outcomes"]["comment"]["created (approved)"], 13)

    def test_a_dry_run_from_the_admin_reports_and_keeps_nothing(self):
        self.upload(dry_run="on")
        self.work()
        run = ImportRun.objects.get()
        self.assertEqual(run.state, ImportRun.State.DONE)
        self.assertTrue(run.report["dry_run"])
        self.assertEqual(run.report["outcomes"]["post"]["created"], 7)
        self.assertFalse(LetterReplyPage.objects.filter(title__startswith="Tapering").exists())

    def test_a_malformed_export_fails_with_its_line_and_column_on_the_runs_page(self):
        self.upload(export=export_upload("malformed.xml"))
        self.work()
        run = ImportRun.objects.get()
        self.assertEqual(run.state, ImportRun.State.FAILED)
        page = self.client.get(reverse("wpimport_run", args=[run.pk]))
        self.assertContains(page, "line 29, column")
        self.assertContains(page, "Nothing was imported")
        self.assertEqual(self.client.get(reverse("wpimport_report", args=[run.pk])).status_code, 404)

    def test_bad_uploads_come_back_with_a_message_and_a_4xx(self):
        cases = [
            ({"export": ""}, "Choose the export file"),
            ({"export": SimpleUploadedFile("export.txt", b"<rss/>")}, "Choose the .xml file"),
            ({"export": SimpleUploadedFile("export.xml", b"")}, "The file is empty"),
            ({"export": SimpleUploadedFile("export.xml", b"PK\x03\x04 a zip file")}, "This file is not XML"),
            ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
            ({"blog_category": "x" * 201}, "at most 200 characters"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.upload(**data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(ImportRun.objects.exists())

    def test_a_second_import_waits_for_the_first(self):
        self.upload()
        response = self.upload()
        self.assertContains(response, "Another import", status_code=409)
        self.assertEqual(ImportRun.objects.count(), 1)
        self.work()
        self.assertRedirects(self.upload(), reverse("wpimport_run", args=[ImportRun.objects.first().pk]))

    def test_an_unknown_run_is_a_404(self):
        for name in ("wpimport_run", "wpimport_progress", "wpimport_report"):
            self.assertEqual(self.client.get(reverse(name, args=[999999])).status_code, 404)

    def test_only_administrators_reach_the_import(self):
        self.upload()
        run = ImportRun.objects.get()
        urls = [
            reverse("wpimport_index"),
            reverse("wpimport_run", args=[run.pk]),
            reverse("wpimport_progress", args=[run.pk]),
            reverse("wpimport_report", args=[run.pk]),
        ]
        for group, user in self.staff.items():
            self.client.force_login(user)
            for url in urls:
                with self.subTest(group=group, url=url):
                    self.assertIn(self.client.get(url).status_code, (302, 403))
            with self.subTest(group=group, upload=True):
                self.assertIn(self.upload().status_code, (302, 403))
            self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "WordPress import")
        self.client.logout()
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("login", response["Location"])
        self.assertEqual(ImportRun.objects.count(), 1)  # no upload got through
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), "WordPress import")

    @override_settings(WPIMPORT_MAX_UPLOAD_BYTES=2 * 2**20)
    def test_an_export_over_the_size_limit_is_refused_with_the_limit(self):
        response = self.upload(export=SimpleUploadedFile("big.xml", b"<?xml version='1.0'?>" + b" " * (3 * 2**20)))
        self.assertContains(response, "larger than the limit of 2 MB", status_code=400)
        self.assertFalse(ImportRun.objects.exists())


class ProgressTests(TestCase):
    def test_progress_is_readable_while_the_import_runs_and_gone_after(self):
        from wpimport.runs import create_run, perform, progress_path, read_progress

        run = create_run(file_name="discussion-blog.xml", state=ImportRun.State.RUNNING)
        seen = []

        def watch(phase, done, total, report=None):
            # What the run's page would read at this moment, from another process.
            seen.append(read_progress(run))

        perform(run, DATA / "discussion-blog.xml", media_dir=str(DATA / "uploads"), download=False, on_progress=watch)
        phases = {entry["phase"] for entry in seen if entry}
        self.assertEqual(phases, {"Checking", "Importing"})
        percents = [entry["percent"] for entry in seen if entry and entry["phase"] == "Importing"]
        self.assertTrue(all(0 <= p <= 100 for p in percents) and percents == sorted(percents))
        self.assertFalse(progress_path(run).exists())
        run.refresh_from_db()
        self.assertEqual((run.state, run.active), (ImportRun.State.DONE, False))
