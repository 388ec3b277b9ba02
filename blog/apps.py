from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    label = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from portal.moderation import set_up_new_section_indexes

        from .models import BlogIndexPage
        from .moderation import BLOG_INDEX

        set_up_new_section_indexes(BLOG_INDEX, BlogIndexPage)
