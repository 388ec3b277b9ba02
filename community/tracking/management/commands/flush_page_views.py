from django.core.management.base import BaseCommand, CommandError

from community.tracking.recorders import get_recorder
from community.tracking.visitors import prune_expired


class Command(BaseCommand):
    help = (
        "Apply buffered page views from Redis to the database, then delete expired salts and "
        "visitor keys. Safe to run at any time and from cron; an interrupted flush is resumed."
    )

    def handle(self, *args, **options):
        recorder = get_recorder()
        if recorder.name != "redis":
            self.stdout.write("The database recorder writes views as they happen; nothing to flush.")
        else:
            try:
                summary = recorder.flush()
            except Exception as error:  # reported plainly; the buffer stays in Redis
                raise CommandError(f"Flush failed, the buffer is kept for the next run: {error}")
            if summary is None:
                self.stdout.write("No buffered page views.")
            else:
                resumed = (
                    f" ({summary['already_applied']} interrupted flush had already been applied)"
                    if summary["already_applied"]
                    else ""
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Flushed {summary['views']} views ({summary['new_visitors']} new visitors) "
                        f"for {summary['page_days']} page-days{resumed}."
                    )
                )
        pruned = prune_expired()
        if options["verbosity"] > 1:
            self.stdout.write(f"Pruned {pruned['salts']} salts and {pruned['visitor_keys']} visitor keys.")
