"""Writing, editing, deleting and flagging comments. Every id in a request is checked
against the person sending it: a page they may read and comment on, a comment they
wrote, a comment they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.events.models import EventPage
from community.people.models import ContributorProfile
from portal.ids import id_from_text
from portal.rate_limits import rate_limit_message

from . import actions, digest, following, recaps
from .access import commentable_page, may_comment, may_read_comments
from .following import find_target
from .forms import CommentForm, ContactForm, DigestPreferencesForm, FlagForm, RecapForm, SubscribeForm
from .models import Comment, EventRecap
from .notifications import contact_contributor
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


# Following


@login_required
@require_POST
def toggle_follow(request, kind, target_id):
    """Follow or stop following (the form says which); the target is looked up from
    the kind and id the member sent, and must exist and be public."""
    target = find_target(kind, target_id)
    if target is None:
        raise Http404(_("There is nothing here to follow."))
    if request.POST.get("action") == "unfollow":
        following.unfollow(request.user, target)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
    else:
        following.follow(request.user, target)
        digest.ensure_member_subscription(request.user)
        messages.success(
            request, _("You follow %(name)s. New things appear in your weekly digest.") % {"name": target}
        )
    return redirect(safe_next(request) or reverse("conversation:following"))


@login_required
def following_list(request):
    return render(request, "conversation/following.html", {"follows": following.follows_of(request.user)})


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# The weekly digest and the newsletter


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks; POST (the button, or a mail client's one-click request, RFC 8058, which
    carries no CSRF token) stops the digest. The signed token is the only credential."""
    subscription = digest.subscription_from_token(token, digest.UNSUBSCRIBE)
    if subscription is None:
        raise Http404(_("This unsubscribe link is not valid."))
    if request.method == "POST":
        subscription.active = False
        subscription.save(update_fields=["active"])
        return render(request, "conversation/unsubscribed.html", {"subscription": subscription})
    return render(request, "conversation/unsubscribe.html", {"subscription": subscription, "token": token})


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscription = digest.subscription_from_token(token, digest.PREFERENCES)
    if subscription is None:
        raise Http404(_("This preferences link is not valid."))
    # An unticked box posts nothing, so the form is bound on every POST.
    form = DigestPreferencesForm(
        request.POST if request.method == "POST" else None, initial={"active": subscription.active}
    )
    if request.method == "POST" and form.is_valid():
        subscription.active = form.cleaned_data["active"]
        subscription.save(update_fields=["active"])
        messages.success(request, _("Your digest preferences are saved."))
        return redirect(request.path)
    return render(request, "conversation/preferences.html", {"subscription": subscription, "form": form})


@login_required
def my_preferences(request):
    subscription = digest.ensure_member_subscription(request.user, active=False)
    return redirect("conversation:preferences", token=digest.token_for(subscription, digest.PREFERENCES))


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The newsletter for readers without an account: an address, confirmed by email."""
    started_from = commentable_page(id_from_text(request.GET.get("from") or request.POST.get("from")))
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return render(request, "conversation/subscribe_sent.html")
        if rate_limited(request, "subscribe"):
            form.add_error(None, rate_limit_message())
        elif form.is_valid():
            digest.start_newsletter_subscription(form.cleaned_data["email"], started_from)
            # The same answer whether or not the address was known: no one learns who subscribes.
            return render(request, "conversation/subscribe_sent.html")
    return render(
        request,
        "conversation/subscribe.html",
        {"form": form, "started_from": started_from},
        status=400 if form.errors else 200,
    )


def confirm_subscription(request, token):
    subscription = digest.subscription_from_token(
        token, digest.CONFIRM, max_age=digest.CONFIRM_MAX_AGE.total_seconds()
    )
    if subscription is None:
        raise Http404(_("This confirmation link is not valid or has expired. Subscribe again."))
    digest.confirm(subscription, request)
    return render(request, "conversation/subscribed.html", {"subscription": subscription})


# Contacting a contributor


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, slug):
    """A message to a contributor by email, with the sender's address as the reply
    address; neither address is shown on any page."""
    profile = get_object_or_404(
        ContributorProfile.objects.select_related("user"), slug=slug, user__isnull=False, user__is_active=True
    )
    if profile.user_id == request.user.pk:
        raise Http404(_("You cannot send yourself a message."))
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot():
            return render(request, "conversation/contact_sent.html", {"profile": profile})
        if rate_limited(request, "contact"):
            form.add_error(None, rate_limit_message())
        elif form.is_valid():
            contact_contributor(profile, request.user, form.cleaned_data["message"])
            return render(request, "conversation/contact_sent.html", {"profile": profile})
    return render(
        request,
        "conversation/contact.html",
        {"profile": profile, "form": form},
        status=400 if form.errors else 200,
    )


# Event recaps


@login_required
@require_http_methods(["GET", "POST"])
def write_recap(request, event_id, key):
    event = get_object_or_404(EventPage.objects.live(), pk=event_id)
    occurrence = event.get_occurrence_by_key(key)
    if occurrence is None:
        raise Http404(_("This event has no date with that start."))
    if not recaps.may_write_recap(request.user, event, occurrence):
        raise PermissionDenied(_("Only the event's organisers write its recap, once the date is over."))
    recap = recaps.recap_for(event, occurrence)
    initial = {"text": recap.text, "transcript": recap.transcript, "links": recap.links} if recap else None
    form = RecapForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        EventRecap.objects.update_or_create(
            event=event,
            occurrence_start=occurrence.original_start,
            defaults={**form.cleaned_data, "written_by": request.user},
        )
        messages.success(request, _("The recap is published on the event's page."))
        return redirect(occurrence.get_url(request))
    return render(
        request,
        "conversation/recap_form.html",
        {"event": event, "occurrence": occurrence, "form": form},
        status=400 if form.errors else 200,
    )
