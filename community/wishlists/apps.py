from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishlistsConfig(AppConfig):
    name = "community.wishlists"
    label = "wishlists"
    verbose_name = _("Wish lists")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published, workflow_rejected

        from . import signals
        from .models import WishListIndexPage, WishListPage

        post_save.connect(
            signals.set_up_new_index, sender=WishListIndexPage, dispatch_uid="wishlists_new_index"
        )
        workflow_rejected.connect(signals.wish_list_rejected, dispatch_uid="wishlists_rejected")
        page_published.connect(
            signals.wish_list_published, sender=WishListPage, dispatch_uid="wishlists_published"
        )
