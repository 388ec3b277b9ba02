from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from taggit.models import Tag

from portal.sections import ACCOUNT_SECTIONS, CONTRIBUTOR_PROFILE_SECTIONS, render_sections

from .forms import ContributorProfileForm
from .models import ContributorProfile


def contributor_directory(request):
    profiles = ContributorProfile.objects.select_related("photo").prefetch_related("expertise")
    topic = None
    topic_slug = request.GET.get("topic", "").strip()
    if topic_slug:
        topic = Tag.objects.filter(slug=topic_slug).first()
        profiles = profiles.filter(expertise=topic) if topic else profiles.none()
    paginator = Paginator(profiles, 24)
    page_obj = paginator.get_page(request.GET.get("page"))
    topics = (
        Tag.objects.filter(people_contributorexpertisetag_items__isnull=False).distinct().order_by("name")
    )
    return render(
        request,
        "people/contributor_directory.html",
        {"page_obj": page_obj, "topics": topics, "topic": topic, "topic_slug": topic_slug},
    )


def contributor_profile(request, slug):
    profile = get_object_or_404(
        ContributorProfile.objects.select_related("photo").prefetch_related("expertise"), slug=slug
    )
    sections = render_sections(CONTRIBUTOR_PROFILE_SECTIONS, request, profile)
    return render(request, "people/contributor_profile.html", {"profile": profile, "sections": sections})


@login_required
def account_home(request):
    profile = ContributorProfile.of(request.user)
    sections = render_sections(ACCOUNT_SECTIONS, request, profile)
    return render(request, "people/account_home.html", {"profile": profile, "sections": sections})


@login_required
def edit_own_profile(request):
    """Contributors edit their own profile only: there is no id to guess."""
    profile = get_object_or_404(ContributorProfile, user=request.user)
    form = ContributorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("account_home")
    return render(request, "people/profile_form.html", {"form": form, "profile": profile})
