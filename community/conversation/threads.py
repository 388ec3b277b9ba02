"""A page's comments as one reader sees them: published ones, plus the reader's own
that wait for a Moderator or were flagged, with replies under their comment."""

from django.db.models import Q
from django.utils import timezone

from .models import Comment


def author_name(user):
    # Never the email address: it is not for the page.
    return user.get_full_name() or str(Comment._meta.get_field("author").verbose_name).capitalize()


def thread_for(page, user):
    visible = Q(status=Comment.Status.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(author=user, status__in=[Comment.Status.PENDING, Comment.Status.FLAGGED])
    comments = list(Comment.objects.filter(page=page).filter(visible).select_related("author"))
    now = timezone.now()
    by_id = {}
    top_level = []
    for comment in comments:
        comment.author_name = author_name(comment.author)
        comment.is_own = user.is_authenticated and comment.author_id == user.pk
        comment.editable = comment.can_be_edited_by(user, now)
        comment.shown_replies = []
        by_id[comment.pk] = comment
    for comment in comments:
        if comment.parent_id is None:
            top_level.append(comment)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].shown_replies.append(comment)
    return top_level
