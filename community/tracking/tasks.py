from django_tasks import task


@task()
def flush_page_views():
    """Apply the Redis page-view buffer to PageViewDaily (a no-op for the database recorder)."""
    from .recorders import get_recorder

    return get_recorder().flush()


@task()
def prune_tracking_data():
    """Delete salts two days old and the visitor keys that no longer need them."""
    from .visitors import prune_expired

    return prune_expired()
