from wagtail.models import Page

from portal.page_cache_purge import purge_page_only


def comment_changed(sender, instance, **kwargs):
    """Any comment written, moderated, flagged or deleted: anonymous readers get the page
    without (or with) it on their next request, not when the cache entry expires."""
    url_path = Page.objects.filter(pk=instance.page_id).values_list("url_path", flat=True).first()
    if url_path:
        purge_page_only(url_path)
