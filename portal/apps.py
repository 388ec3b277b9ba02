from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("KMP Portal")

    def ready(self):
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from . import page_cache_purge

        page_published.connect(
            page_cache_purge.purge_published_page, dispatch_uid="page_cache_purge_published"
        )
        page_unpublished.connect(
            page_cache_purge.purge_withdrawn_page, dispatch_uid="page_cache_purge_unpublished"
        )
        post_page_move.connect(page_cache_purge.purge_moved_page, dispatch_uid="page_cache_purge_moved")
        page_slug_changed.connect(
            page_cache_purge.purge_renamed_page, dispatch_uid="page_cache_purge_renamed"
        )
        post_save.connect(page_cache_purge.purge_saved_page, dispatch_uid="page_cache_purge_saved")
        post_delete.connect(page_cache_purge.purge_deleted_page, dispatch_uid="page_cache_purge_deleted")
        # Names, photos and site settings appear on many pages: start the cache afresh.
        # Looked up by label so that portal imports no feature app.
        for label, model in (
            ("portal", "SiteSettings"),
            ("people", "ContributorProfile"),
            ("portal", "PortalImage"),
        ):
            post_save.connect(
                page_cache_purge.purge_whole_site,
                sender=apps.get_model(label, model),
                dispatch_uid=f"page_cache_purge_site_{label}_{model}",
            )

        # A page made private must leave the cache (and the menus) at once; a new or
        # changed site changes which pages a host serves.
        for sender in (PageViewRestriction, Site):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache_purge.purge_on_any_change,
                    sender=sender,
                    dispatch_uid=f"page_cache_purge_{sender.__name__}_{signal is post_save}",
                )
