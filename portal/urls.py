from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.people import views as people_views
from portal import health
from portal import views as portal_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The Wagtail admin signs people in through the same allauth login as the site.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/logout/", RedirectView.as_view(pattern_name="account_logout")),
    # Wagtail's page that fails on purpose to test error reports: no address answers 500.
    path("admin/failwhale/", portal_views.page_not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", people_views.account_home, name="account_home"),
    path("account/profile/", people_views.edit_own_profile, name="edit_own_profile"),
    path("people/", include("community.people.urls")),
    path("courses/", include("courses.urls")),
    path("events/", include("community.events.urls")),
    path("views/", include("community.tracking.urls")),
    path("rewards/", include("community.rewards.urls")),
    path("wishes/", include("community.wishlists.urls")),
    path("conversation/", include("community.conversation.urls")),
    path("search/", include("search.urls")),
    path("", include("community.payments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
