from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.translation import gettext as _

from .second_factor import is_admin_path
from .views import bad_request


class PortalCSPMiddleware(CSPMiddleware):
    """The site's policy everywhere; the Wagtail admin also needs inline code."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request):
            update = dict(parts.update or {})
            update.update(settings.KMP_ADMIN_CSP_UPDATE)
            parts = replace(parts, update=update)
        return parts


def _has_nul(pairs):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in pairs)


class RejectNullCharactersMiddleware:
    """A NUL character in the path, the query string or a form is refused with a 400.
    PostgreSQL cannot store or compare text holding one, so every view that passes
    request text to a query would otherwise answer 500 (DataError)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.POST is only parsed for form posts; JSON bodies are left to their views.
        if "\x00" in request.path_info or _has_nul(request.GET.lists()) or _has_nul(request.POST.lists()):
            return bad_request(
                request, message=_("The address or form cannot contain a null character (%00).")
            )
        return self.get_response(request)
