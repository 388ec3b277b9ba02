"""What people do with comments; views and the admin call these, never the model
fields directly, so the rules and the authors' emails live in one place."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications
from .models import Comment, CommentFlag


def first_status_for(author):
    """A first-time commenter waits for a Moderator; someone already published does not."""
    if Comment.objects.filter(author=author, status=Comment.Status.PUBLISHED).exists():
        return Comment.Status.PUBLISHED
    return Comment.Status.PENDING


@transaction.atomic
def post_comment(author, page, body, parent=None):
    comment = Comment.objects.create(
        page=page, author=author, parent=parent, body=body, status=first_status_for(author)
    )
    if comment.is_shown:
        notifications.comment_published(comment)
    return comment


def edit_comment(comment, body):
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])


def flag_comment(comment, user=None, reason=""):
    """Takes a published comment off the page at once; False when this reader had flagged
    it already."""
    try:
        with transaction.atomic():
            CommentFlag.objects.create(
                comment=comment, flagged_by=user if user and user.is_authenticated else None, reason=reason
            )
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            locked.flag_count += 1
            if locked.status == Comment.Status.PUBLISHED:
                locked.status = Comment.Status.FLAGGED
            locked.save(update_fields=["flag_count", "status"])
    except IntegrityError:
        return False
    comment.refresh_from_db()
    return True


def moderate(comment, moderator, status, reason=""):
    """A Moderator's decision: publish (approve, or restore a flagged comment) or hide."""
    was_ever_shown = comment.status in (Comment.Status.PUBLISHED, Comment.Status.FLAGGED)
    comment.status = status
    comment.hidden_reason = reason if status == Comment.Status.HIDDEN else ""
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.save()
    if status == Comment.Status.PUBLISHED and not was_ever_shown:
        notifications.comment_published(comment)
