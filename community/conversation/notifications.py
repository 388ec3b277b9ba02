"""Emails about comments: a page's authors (and, for a reply, the comment answered) hear
of a new published comment. Sent by a task once the comment is committed; a comment
that is no longer published by then sends nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import site_root_url


def comment_published(comment):
    comment_id = comment.pk
    transaction.on_commit(lambda: send_new_comment_emails.enqueue(comment_id))


def recipients_for(comment):
    page = comment.page.specific
    user_ids = set(getattr(page, "get_author_user_ids", lambda: [page.owner_id])())
    if comment.parent_id:
        user_ids.add(comment.parent.author_id)
    user_ids.discard(comment.author_id)
    user_ids.discard(None)
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")


@task()
def send_new_comment_emails(comment_id):
    from .models import Comment

    comment = Comment.objects.select_related("page", "author", "parent").filter(pk=comment_id).first()
    if comment is None or not comment.is_shown:
        return 0
    page = comment.page.specific
    root = site_root_url()
    page_url = page.get_url() or ""
    context = {
        "comment": comment,
        "page": page,
        "commenter": comment.author.get_full_name() or _("A member"),
        "comment_url": (page_url if page_url.startswith("http") else root + page_url)
        + f"#comment-{comment.pk}",
    }
    sent = 0
    for user in recipients_for(comment):
        context["recipient"] = user
        subject = render_subject("conversation/emails/new_comment_subject.txt", context)
        body = render_plain_text("conversation/emails/new_comment.txt", context)
        site_email(subject, body, [user.email]).send()
        sent += 1
    return sent


def contact_contributor(profile, sender, message):
    """The contributor's address stays in the email; the sender's is only the reply address."""
    context = {
        "profile": profile,
        "sender_name": sender.get_full_name() or _("A member"),
        "message": message,
    }
    subject = render_subject("conversation/emails/contact_subject.txt", context)
    body = render_plain_text("conversation/emails/contact.txt", context)
    site_email(subject, body, [profile.user.email], reply_to=[sender.email]).send()
