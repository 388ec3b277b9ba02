from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.models import Page
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import EditView

from community.events.occurrences import Occurrence
from community.events.recurrence import occurrence_key
from portal.demo import SEED_DEMO
from portal.modeladmin import CreatedElsewherePermissionHelper, PortalModelAdmin
from portal.sections import ACCOUNT_SECTIONS, CONTRIBUTOR_PROFILE_SECTIONS, PAGE_FOOT_SECTIONS

from . import actions, following, recaps
from .access import is_commentable, may_comment, may_read_comments
from .models import Comment, Follow
from .threads import thread_for


class CommentModerationForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Comment.Status.HIDDEN
            and not (cleaned.get("hidden_reason") or "").strip()
        ):
            self.add_error("hidden_reason", _("Say why the comment is hidden."))
        return cleaned


class CommentEditView(EditView):
    def form_valid(self, form):
        # The decision goes through actions.moderate (who, when, the authors' email);
        # the form itself saves nothing.
        comment = Comment.objects.get(pk=self.instance.pk)
        actions.moderate(
            comment,
            self.request.user,
            form.cleaned_data["status"],
            form.cleaned_data.get("hidden_reason", ""),
        )
        messages.success(
            self.request, _("The comment is now: %(status)s.") % {"status": comment.get_status_display()}
        )
        return redirect(self.index_url)


class CommentAdmin(PortalModelAdmin):
    """The Moderators' queue: flagged comments first, then those waiting, newest first."""

    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    menu_order = 360
    add_to_admin_menu = True
    list_display = ("__str__", "page", "author", "status", "flag_count", "created_at")
    list_filter = ("status",)
    search_fields = ("body",)
    list_select_related = ("page", "author")
    inspect_view_enabled = True
    permission_helper_class = CreatedElsewherePermissionHelper
    edit_view_class = CommentEditView
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("page", read_only=True),
                    FieldPanel("author", read_only=True),
                    FieldPanel("body", read_only=True),
                    FieldPanel("flag_count", read_only=True),
                ],
                heading=_("The comment"),
            ),
            MultiFieldPanel([FieldPanel("status"), FieldPanel("hidden_reason")], heading=_("Decision")),
        ],
        base_form_class=CommentModerationForm,
    )

    def get_queryset(self, request):
        queue_rank = Case(
            When(status=Comment.Status.FLAGGED, then=Value(0)),
            When(status=Comment.Status.PENDING, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(queue_rank=queue_rank)
            .order_by("queue_rank", "-created_at")
        )


modeladmin_register(CommentAdmin)


def is_draft_view(request, obj):
    """A preview or an unsaved page: nothing of the conversation belongs there."""
    return getattr(request, "is_preview", False) or (isinstance(obj, Page) and obj.pk is None)


@hooks.register(PAGE_FOOT_SECTIONS, order=50)
def page_comments_section(request, obj):
    if (
        is_draft_view(request, obj)
        or not isinstance(obj, Page)
        or not is_commentable(obj)
        or not may_read_comments(request.user, obj)
    ):
        return ""
    return render_to_string(
        "conversation/sections/comments.html",
        {
            "page": obj,
            "comments": thread_for(obj, request.user),
            "can_comment": may_comment(request.user, obj),
        },
        request=request,
    )


@hooks.register(SEED_DEMO, order=77)
def seed_demo_conversation(command):
    from .demo import seed_conversation

    seed_conversation(command)


def follow_context(request, target):
    return {
        "target": target,
        "kind": following.kind_of(target),
        "label": str(target),
        "is_following": following.is_following(request.user, target),
    }


@hooks.register(PAGE_FOOT_SECTIONS, order=40)
def page_follow_section(request, obj):
    """Follow a topic from its list of posts, a community from its page; readers of a
    post without an account get the newsletter from there."""
    if is_draft_view(request, obj):
        return ""
    if isinstance(obj, Tag) or (isinstance(obj, Page) and following.kind_of(obj) == Follow.Kind.COMMUNITY):
        return render_to_string(
            "conversation/sections/follow.html", follow_context(request, obj), request=request
        )
    if isinstance(obj, Page) and obj.specific_class._meta.label_lower == "blog.blogpostpage":
        if request.user.is_authenticated:
            return ""
        return render_to_string("conversation/sections/newsletter.html", {"page": obj}, request=request)
    return ""


@hooks.register(CONTRIBUTOR_PROFILE_SECTIONS, order=60)
def profile_follow_section(request, profile):
    context = follow_context(request, profile)
    context["can_contact"] = profile.user_id is not None and request.user.pk != profile.user_id
    context["profile"] = profile
    return render_to_string("conversation/sections/profile.html", context, request=request)


@hooks.register(ACCOUNT_SECTIONS, order=70)
def account_following_section(request, profile):
    return render_to_string(
        "conversation/sections/account.html", {"follows": following.follows_of(request.user)}, request=request
    )


@hooks.register(PAGE_FOOT_SECTIONS, order=45)
def recap_section(request, obj):
    """An occurrence's recap (and, for its organisers once it is over, the link to write
    it); a community's latest recaps."""
    if is_draft_view(request, obj):
        return ""
    if isinstance(obj, Occurrence):
        context = {
            "occurrence": obj,
            "recap": recaps.recap_for(obj.event, obj),
            "can_write": request.user.is_authenticated
            and recaps.may_write_recap(request.user, obj.event, obj),
        }
        return render_to_string("conversation/sections/recap.html", context, request=request)
    if isinstance(obj, Page) and following.kind_of(obj) == Follow.Kind.COMMUNITY:
        latest = recaps.recaps_in_community(obj)
        for recap in latest:
            recap.occurrence_url = recap.event.specific.get_occurrence_url(
                occurrence_key(recap.occurrence_start)
            )
        if latest:
            return render_to_string(
                "conversation/sections/community_recaps.html", {"recaps": latest}, request=request
            )
    return ""
