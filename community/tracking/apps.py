from django.apps import AppConfig, apps
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "community.tracking"
    label = "tracking"
    verbose_name = _("Page views")

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from . import conf, readers, referrals

        checks.register(conf.check_settings)

        user_logged_in.connect(readers.on_user_logged_in, dispatch_uid="tracking_contributor_network")
        user_signed_up.connect(referrals.on_user_signed_up, dispatch_uid="tracking_referral_signup")
        # Connected lazily so that tracking works before (or without) the courses and
        # conversation apps' models (tracking imports neither).
        for label, model, receiver in (
            ("people", "Membership", referrals.on_membership_saved),
            ("courses", "Enrolment", referrals.on_enrolment_saved),
            ("conversation", "DigestSubscription", referrals.on_subscription_saved),
        ):
            try:
                sender = apps.get_model(label, model)
            except LookupError:
                continue
            post_save.connect(receiver, sender=sender, dispatch_uid=f"tracking_referral_{label}_{model}")
