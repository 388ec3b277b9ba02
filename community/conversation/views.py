"""Writing, editing, deleting and flagging comments. Every id in a request is checked
against the person sending it: a page they may read and comment on, a comment they
wrote, a comment they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.ids import id_from_text
from portal.rate_limits import rate_limit_message

from . import actions
from .access import commentable_page, may_comment, may_read_comments
from .forms import CommentForm, FlagForm
from .models import Comment
from .rate_limits import rate_limited


def comment_url(comment):
    return f"{comment.page.specific.get_url() or '/'}#comment-{comment.pk}"


def readable_page_or_404(user, page_id):
    page = commentable_page(page_id)
    if page is None or not may_read_comments(user, page):
        raise Http404(_("There is no page here to comment on."))
    return page


@login_required
@require_POST
def post_comment(request, page_id):
    page = readable_page_or_404(request.user, page_id)
    if not may_comment(request.user, page):
        raise PermissionDenied(_("Your account cannot comment."))
    parent = None
    parent_text = request.POST.get("parent", "")
    if parent_text:
        parent_id = id_from_text(parent_text)
        # Replies go one level deep, to a comment shown on this very page.
        parent = Comment.objects.shown().filter(pk=parent_id, page=page, parent__isnull=True).first()
        if parent is None:
            return render(
                request,
                "conversation/comment_form.html",
                {
                    "page": page,
                    "form": CommentForm(request.POST),
                    "error": _("That comment cannot be answered."),
                },
                status=400,
            )
    form = CommentForm(request.POST)
    if form.is_bot():
        messages.success(request, _("Thank you for your comment."))
        return redirect(page.get_url() or "/")
    if rate_limited(request, "comment"):
        messages.error(request, rate_limit_message())
        return render(request, "conversation/comment_form.html", {"page": page, "form": form}, status=429)
    if not form.is_valid():
        return render(
            request,
            "conversation/comment_form.html",
            {"page": page, "form": form, "parent": parent},
            status=400,
        )
    comment = actions.post_comment(request.user, page, form.cleaned_data["body"], parent)
    if comment.is_shown:
        messages.success(request, _("Your comment is published."))
    else:
        messages.success(
            request,
            _("Thank you. Your first comment waits for a Moderator; later ones appear at once."),
        )
    return redirect(comment_url(comment))


def own_comment_or_404(request, comment_id):
    # Only the author's own comments: anyone else's id is simply not found.
    return get_object_or_404(Comment.objects.select_related("page"), pk=comment_id, author=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment = own_comment_or_404(request, comment_id)
    if not comment.can_be_edited_by(request.user):
        messages.error(request, _("A comment can be changed for 15 minutes after it is written."))
        return redirect(comment_url(comment))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST":
        if form.is_bot():
            return redirect(comment_url(comment))
        if form.is_valid():
            actions.edit_comment(comment, form.cleaned_data["body"])
            messages.success(request, _("Your comment is changed."))
            return redirect(comment_url(comment))
    return render(
        request,
        "conversation/comment_form.html",
        {"page": comment.page, "form": form, "comment": comment},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, comment_id):
    comment = own_comment_or_404(request, comment_id)
    if request.method == "POST":
        page_url = comment.page.specific.get_url() or "/"
        comment.delete()
        messages.success(request, _("Your comment is deleted."))
        return redirect(page_url)
    return render(request, "conversation/delete_comment.html", {"comment": comment})


@require_http_methods(["GET", "POST"])
def flag_comment(request, comment_id):
    """Anyone who can see a comment can flag it; it leaves the page at once."""
    comment = Comment.objects.shown().select_related("page").filter(pk=comment_id).first()
    if comment is None or not may_read_comments(request.user, comment.page):
        raise Http404(_("There is no such comment, or it has already been taken off the page."))
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return redirect(comment.page.specific.get_url() or "/")
        if rate_limited(request, "flag"):
            messages.error(request, rate_limit_message())
            return render(
                request, "conversation/flag_comment.html", {"comment": comment, "form": form}, status=429
            )
        if form.is_valid():
            if actions.flag_comment(comment, request.user, form.cleaned_data["reason"]):
                messages.success(
                    request, _("Thank you. The comment is off the page until a Moderator looks at it.")
                )
            else:
                messages.info(request, _("You have flagged this comment already."))
            return redirect(comment.page.specific.get_url() or "/")
    return render(
        request,
        "conversation/flag_comment.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )
