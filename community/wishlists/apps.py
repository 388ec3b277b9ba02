from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishlistsConfig(AppConfig):
    name = "community.wishlists"
    label = "wishlists"
    verbose_name = _("Wish lists")

    def ready(self):
        from wagtail.signals import page_published, workflow_rejected

        from portal.moderation import set_up_new_section_indexes

        from . import signals
        from .models import WishListIndexPage, WishListPage
        from .moderation import WISH_LIST_INDEX

        set_up_new_section_indexes(WISH_LIST_INDEX, WishListIndexPage)
        workflow_rejected.connect(signals.wish_list_rejected, dispatch_uid="wishlists_rejected")
        page_published.connect(
            signals.wish_list_published, sender=WishListPage, dispatch_uid="wishlists_published"
        )
