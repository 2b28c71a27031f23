from django.core.management.base import BaseCommand, CommandError

from .backup_site import restore


class Command(BaseCommand):
    help = "Replace the database and media with those in a backup_site archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the .tar.gz written by backup_site.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes and input(f"Replace the current database and media with {archive}? [y/N] ").lower() != "y":
            raise CommandError("Restore cancelled.")
        restore(archive, self.stdout)
