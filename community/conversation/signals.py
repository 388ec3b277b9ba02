from wagtail.models import Page

from portal.page_cache_purge import purge_page_only


def shown_on_page_changed(sender, instance, **kwargs):
    """Any comment written, moderated, flagged or deleted, or a recap written (it shows on
    the event's community page too, an ancestor): anonymous readers get the page
    without (or with) it on their next request, not when the cache entry expires."""
    page_id = getattr(instance, "page_id", None) or instance.event_id
    url_path = Page.objects.filter(pk=page_id).values_list("url_path", flat=True).first()
    if url_path:
        purge_page_only(url_path)
