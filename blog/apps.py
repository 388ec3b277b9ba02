from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    label = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from .models import BlogIndexPage, BlogPostPage, invalidate_related_posts

        post_save.connect(set_up_new_blog_index, sender=BlogIndexPage, dispatch_uid="blog_set_up_new_index")
        for signal in (page_published, page_unpublished):
            signal.connect(
                invalidate_related_posts, sender=BlogPostPage, dispatch_uid=f"blog_related_{id(signal)}"
            )
        post_save.connect(invalidate_related_posts, sender=BlogPostPage, dispatch_uid="blog_related_save")
        post_delete.connect(invalidate_related_posts, sender=BlogPostPage, dispatch_uid="blog_related_delete")


def set_up_new_blog_index(sender, instance, created, raw=False, **kwargs):
    """A new blog index gets the roles' permissions and the moderation workflow at once."""
    if created and not raw:
        from .moderation import set_up_blog_index

        set_up_blog_index(instance.pk)
