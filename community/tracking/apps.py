from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "community.tracking"
    label = "tracking"
    verbose_name = _("Page views")

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from . import conf, readers, referrals, signals

        checks.register(conf.check_settings)

        page_published.connect(signals.purge_published_page, dispatch_uid="tracking_purge_published")
        page_unpublished.connect(signals.purge_published_page, dispatch_uid="tracking_purge_unpublished")
        post_page_move.connect(signals.purge_moved_page, dispatch_uid="tracking_purge_moved")
        page_slug_changed.connect(signals.purge_renamed_page, dispatch_uid="tracking_purge_renamed")
        post_save.connect(signals.purge_saved_page, dispatch_uid="tracking_purge_saved")
        post_delete.connect(signals.purge_deleted_page, dispatch_uid="tracking_purge_deleted")
        # Names, photos and site settings appear on many pages: start the cache afresh.
        for label, model in (
            ("portal", "SiteSettings"),
            ("people", "ContributorProfile"),
            ("portal", "PortalImage"),
        ):
            post_save.connect(
                signals.purge_whole_site,
                sender=apps.get_model(label, model),
                dispatch_uid=f"tracking_purge_site_{label}_{model}",
            )

        # A page made private must leave the cache (and the menus) at once; a new or
        # changed site changes which pages a host serves.
        for sender in (PageViewRestriction, Site):
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.purge_on_any_change,
                    sender=sender,
                    dispatch_uid=f"tracking_purge_{sender.__name__}_{signal is post_save}",
                )

        user_logged_in.connect(readers.on_user_logged_in, dispatch_uid="tracking_contributor_network")
        user_signed_up.connect(referrals.on_user_signed_up, dispatch_uid="tracking_referral_signup")
        # Connected lazily so that tracking works before (or without) the courses app's model.
        for label, model, receiver in (
            ("people", "Membership", referrals.on_membership_saved),
            ("courses", "Enrolment", referrals.on_enrolment_saved),
        ):
            try:
                sender = apps.get_model(label, model)
            except LookupError:
                continue
            post_save.connect(receiver, sender=sender, dispatch_uid=f"tracking_referral_{label}_{model}")
