import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.schedule import JOBS

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic jobs in cms/schedule.py forever (or each once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args, once=False, **options):
        last_run = {}
        while True:
            now = time.monotonic()
            for command, interval in JOBS:
                if once or now - last_run.get(command, float("-inf")) >= interval:
                    last_run[command] = now
                    try:
                        call_command(command, verbosity=0)
                    except Exception:  # one failing job must not stop the others
                        logger.exception("Periodic job %s failed", command)
            if once:
                return
            time.sleep(5)
