from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    label = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from .models import BlogIndexPage

        post_save.connect(set_up_new_blog_index, sender=BlogIndexPage, dispatch_uid="blog_set_up_new_index")


def set_up_new_blog_index(sender, instance, created, raw=False, **kwargs):
    """A new blog index gets the roles' permissions and the moderation workflow at once."""
    if created and not raw:
        from .moderation import set_up_blog_index

        set_up_blog_index(instance.pk)
