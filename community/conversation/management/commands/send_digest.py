from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from community.conversation import digest


class Command(BaseCommand):
    help = (
        "Queue this week's digest for every confirmed subscriber (one task each). "
        "Run it weekly from cron or a timer; --dry-run prints the digests instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print each digest; send and record nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        subscriptions = list(digest.due_subscriptions().select_related("user"))
        queued = printed = 0
        for subscription in tqdm(
            subscriptions, desc="Digests", unit="subscriber", disable=options["verbosity"] == 0
        ):
            if not dry_run:
                digest.send_digest_to.enqueue(subscription.pk, now.isoformat())
                queued += 1
                continue
            since, until = digest.window_for(subscription, now)
            content = digest.content_for(subscription, since, until)
            if content.is_empty:
                continue
            message = digest.build_message(subscription, content)
            self.stdout.write(f"To: {subscription.email}\nSubject: {message.subject}\n")
            for header in ("List-Unsubscribe", "List-Unsubscribe-Post"):
                self.stdout.write(f"{header}: {message.extra_headers[header]}\n")
            self.stdout.write("\n" + message.body + "\n" + "-" * 72 + "\n")
            printed += 1
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"{printed} digests to send of {len(subscriptions)} subscribers.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{queued} digests queued."))
