from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from community.tracking import conf
from community.tracking.models import PlausibleImport
from community.tracking.plausible import PlausibleClient, PlausibleError, import_daily_views


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2026-03-31.")


class Command(BaseCommand):
    help = (
        "Fill daily page views from Plausible's Stats API v2 for a range of days (inclusive). "
        "Needs PLAUSIBLE_API_KEY and the Plausible domain in site settings (or --site-id). "
        "All or nothing: on any error no stored count changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", type=iso_date, required=True, help="first day, YYYY-MM-DD"
        )
        parser.add_argument("--to", dest="end", type=iso_date, required=True, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--site-id", help="Plausible site id (default: the site settings' Plausible domain)"
        )
        parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for each answer")

    def handle(self, *args, start, end, site_id=None, timeout=10, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Wagtail site.")
        if not site_id:
            from portal.models import SiteSettings

            site_id = SiteSettings.for_site(site).plausible_domain
        if not site_id:
            raise CommandError("No Plausible domain: set it in Settings › Site settings, or pass --site-id.")
        try:
            client = PlausibleClient(conf.plausible_api_key(), timeout=timeout)
            result = import_daily_views(
                site_id,
                start,
                end,
                client=client,
                site=site,
                progress=lambda items: tqdm(items, desc="Page-days", disable=options["verbosity"] == 0),
            )
        except PlausibleError as error:
            PlausibleImport.objects.create(succeeded=False, message=str(error))
            raise CommandError(f"{error} Nothing was changed.")
        PlausibleImport.objects.create(
            succeeded=True, message=f"{result.views} views on {result.page_days} page-days ({start} to {end})"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.views} views on {result.page_days} page-days "
                f"from {result.rows} Plausible rows ({start} to {end})."
            )
        )
        if result.unmatched_paths:
            shown = ", ".join(sorted(result.unmatched_paths)[:10])
            self.stdout.write(
                f"{len(result.unmatched_paths)} paths matched no page and were skipped: {shown}"
            )
