"""python manage.py import_wordpress EXPORT.xml: a WordPress export into the Discussion Blog."""

import logging
import sys
import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from wpimport.models import ImportRun
from wpimport.runs import ImportBusy, create_run, perform
from wpimport.wxr import ExportError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools > Export > All content): posts become letters and replies, "
        "comments, images, documents, pages and redirects from the old addresses. Running it again changes "
        "nothing; a newer export updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (WXR, .xml).")
        parser.add_argument("--dry-run", action="store_true", help="Import inside a transaction that is rolled back.")
        parser.add_argument("--media-dir", help="A copy of wp-content/uploads to take the files from.")
        parser.add_argument(
            "--no-download", action="store_true", help="Do not download files missing from --media-dir."
        )
        parser.add_argument(
            "--media-host",
            action="append",
            default=[],
            help="Another host the site's files may be downloaded from (a CDN); repeatable.",
        )
        parser.add_argument("--report", help="Write the report as JSON to this file.")
        parser.add_argument(
            "--blog-category", default="", help="Import only posts in this category (name or slug) as blog posts."
        )
        parser.add_argument(
            "--timezone", default="", help="For dates WordPress left without GMT (drafts). Default: the site's."
        )

    def handle(self, *args, export, dry_run, media_dir, no_download, media_host, report, blog_category, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"No such file: {export}")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"No such folder: {media_dir}")
        time_zone = options["timezone"]
        if time_zone:
            try:
                zoneinfo.ZoneInfo(time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
                raise CommandError(f"Unknown time zone: {time_zone} (e.g. Europe/London, America/New_York)") from error
        try:
            run = create_run(
                file_name=path.name,
                file_size=path.stat().st_size,
                dry_run=dry_run,
                blog_category=blog_category,
                time_zone=time_zone,
                from_command_line=True,
                state=ImportRun.State.RUNNING,
            )
        except ImportBusy as error:
            raise CommandError(str(error)) from error

        bar = self._progress_bar() if sys.stdout.isatty() and options["verbosity"] > 0 else None
        tasks = {}

        def on_progress(phase, done, total, _report=None):
            if bar is None:
                return
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done)

        # Wagtail logs a line per page created and published: thousands, over the bar. The report says it all.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if options["verbosity"] < 2:
            wagtail_log.setLevel(logging.WARNING)
        try:
            if bar is not None:
                bar.start()
            result = perform(
                run,
                path,
                media_dir=media_dir,
                download=not no_download,
                media_hosts=media_host,
                on_progress=on_progress,
            )
        except ExportError as error:
            raise CommandError(str(error)) from error
        finally:
            wagtail_log.setLevel(level)
            if bar is not None:
                bar.stop()
        if report:
            result.write_json(report)
        for line in result.lines():
            self.stdout.write(line)
        if report:
            self.stdout.write(f"Full report: {report}")

    def _progress_bar(self):
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
        )
