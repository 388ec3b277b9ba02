from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.conf import settings

from .second_factor import is_admin_path


class PortalCSPMiddleware(CSPMiddleware):
    """The site's policy everywhere; the Wagtail admin also needs inline code."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request):
            update = dict(parts.update or {})
            update.update(settings.KMP_ADMIN_CSP_UPDATE)
            parts = replace(parts, update=update)
        return parts
