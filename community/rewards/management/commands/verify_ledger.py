from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from community.rewards.integrity import verify_chain


class Command(BaseCommand):
    help = "Recompute the funding ledger's hash chain and name the first entry that breaks it."

    def handle(self, *args, verbosity=1, **options):
        def progress(items, total):
            return tqdm(items, total=total, desc="Ledger entries", disable=verbosity == 0)

        broken = verify_chain(progress=progress)
        if broken:
            raise CommandError(f"The ledger is broken at entry {broken.entry_id}: {broken.reason}.")
        self.stdout.write(
            self.style.SUCCESS("The ledger's hash chain holds: no entry was changed or removed.")
        )
