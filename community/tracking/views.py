"""The Reach view in the Wagtail admin: a contributor's own posts' daily unique
readers for the last 90 days, their top posts and their referrals. Users allowed to
see the whole site's reach (Editors) see the site and can open any contributor."""

from collections import Counter
from datetime import timedelta
from fractions import Fraction

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.ids import id_from_text

from . import metrics, readers
from .charts import daily_bar_chart
from .models import PageViewDaily, Referral
from .visitors import today

DAYS = 90
TOP = 10


def can_see_site(user):
    return user.has_perm("tracking.view_site_reach")


def contributor_for(user):
    return apps.get_model("people", "ContributorProfile").of(user)


def can_see_reach(user):
    return can_see_site(user) or contributor_for(user) is not None


def _daily_series(rows, start, end):
    by_day = dict(rows)
    return [
        (start + timedelta(days=i), by_day.get(start + timedelta(days=i), 0) or 0)
        for i in range((end - start).days + 1)
    ]


def _top_pages(readers, authors=None, contributor_id=None):
    top_ids = [page_id for page_id, _ in Counter(readers).most_common(TOP)]
    pages = Page.objects.in_bulk(top_ids)
    views = dict(
        PageViewDaily.objects.filter(page_id__in=top_ids, day__gte=today() - timedelta(days=DAYS - 1))
        .values("page_id")
        .annotate(total=Sum("views"))
        .values_list("page_id", "total")
    )
    rows = []
    for page_id in top_ids:
        page = pages.get(page_id)
        if page is None:
            continue
        row = {"page": page, "readers": readers[page_id], "views": views.get(page_id, 0)}
        if authors is not None and contributor_id is not None:
            coauthors = len(authors.get(page_id, [])) or 1
            row["share"] = Fraction(readers[page_id], coauthors)
            row["coauthors"] = coauthors
        rows.append(row)
    return rows


def reach(request):
    user = request.user
    site_wide = can_see_site(user)
    own = contributor_for(user)
    contributor = None
    contributor_param = request.GET.get("contributor")
    if contributor_param:
        ContributorProfile = apps.get_model("people", "ContributorProfile")
        contributor = get_object_or_404(ContributorProfile, pk=id_from_text(contributor_param))
        if not site_wide and contributor != own:
            raise Http404
    elif not site_wide:
        if own is None:
            raise PermissionDenied
        contributor = own

    end = today()
    start = end - timedelta(days=DAYS - 1)
    context = {"start": start, "end": end, "days": DAYS, "contributor": contributor, "site_wide": site_wide}

    if contributor is not None:
        authors = metrics.blog_post_authors() or {}
        post_ids = [page_id for page_id, ids in authors.items() if contributor.pk in ids]
        daily = (
            PageViewDaily.objects.filter(page_id__in=post_ids, day__gte=start, day__lte=end)
            .values("day")
            .annotate(readers=Sum("visitors"))
            .values_list("day", "readers")
        )
        readers = metrics.readers_by_page(start, end, page_ids=post_ids)
        referral_rows = Referral.objects.recorded().filter(contributor=contributor)
        context.update(
            {
                "heading": _("Reach of %(name)s") % {"name": contributor.display_name}
                if contributor != own
                else _("Your reach"),
                "chart": daily_bar_chart(_daily_series(daily, start, end)),
                "top_pages": _top_pages(readers, authors, contributor.pk),
                "post_count": len(post_ids),
                "reader_share": metrics.unique_readers(start, end).get(contributor.pk, Fraction(0)),
                "referral_counts": dict(
                    referral_rows.filter(created_at__date__gte=start)
                    .values("kind")
                    .annotate(n=Count("pk"))
                    .values_list("kind", "n")
                ),
                "recent_referrals": referral_rows.order_by("-created_at")[:20],
                "referral_code": contributor.referral_code if contributor == own else None,
            }
        )
    else:
        daily = (
            PageViewDaily.objects.filter(day__gte=start, day__lte=end)
            .values("day")
            .annotate(readers=Sum("visitors"))
            .values_list("day", "readers")
        )
        readers = metrics.readers_by_page(start, end)
        shares = metrics.unique_readers(start, end)
        ContributorProfile = apps.get_model("people", "ContributorProfile")
        referral_counts = metrics.referrals(start, end, kinds=[k for k, _ in Referral.Kind.choices])
        contributor_ids = set(shares) | set(referral_counts)
        profiles = ContributorProfile.objects.in_bulk(contributor_ids)
        contributors = sorted(
            (
                {
                    "profile": profiles[cid],
                    "readers": shares.get(cid, Fraction(0)),
                    "referrals": referral_counts.get(cid, 0),
                }
                for cid in contributor_ids
                if cid in profiles
            ),
            key=lambda row: (-row["readers"], -row["referrals"], row["profile"].display_name),
        )
        context.update(
            {
                "heading": _("Site reach"),
                "chart": daily_bar_chart(_daily_series(daily, start, end)),
                "top_pages": _top_pages(readers),
                "contributors": contributors,
                "own": own,
            }
        )
    context["kinds"] = [
        (value, label, context.get("referral_counts", {}).get(value, 0))
        for value, label in Referral.Kind.choices
    ]
    return TemplateResponse(request, "tracking/admin/reach.html", context)


@csrf_exempt  # no cookie for anonymous readers: the signed token and Fetch metadata stand in
@require_POST
def read_beacon(request):
    """The beacon of read-beacon.js: upgrade a view to a qualified read. A forged,
    expired or early token is a 400 with the reason; otherwise 204 whether or not the
    read counted, so a script learns nothing about the rules it failed."""
    try:
        page_id = readers.read_token(request, request.POST.get("token"))
    except readers.ReadRefused as refusal:
        return HttpResponseBadRequest(str(refusal), content_type="text/plain; charset=utf-8")
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return HttpResponseBadRequest(
            "The page is no longer published.", content_type="text/plain; charset=utf-8"
        )
    readers.record_read(request, page, getattr(request, "user", None))
    return HttpResponse(status=204)
