import inspect
from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from .ids import MAX_ID
from .second_factor import is_admin_path
from .views import bad_request, page_not_found


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
    """A NUL character in the path is a 404; in the query string or a form, a 400.
    PostgreSQL cannot store or compare text holding one, so every view that passes
    request text to a query would otherwise answer 500 (DataError)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # An address holding one names nothing; a query or a form holding one is refused.
        if "\x00" in request.path_info:
            return page_not_found(request)
        # request.POST is only parsed for form posts; JSON bodies are left to their views.
        if _has_nul(request.GET.lists()) or _has_nul(request.POST.lists()):
            return bad_request(
                request, message=_("The address or form cannot contain a null character (%00).")
            )
        return self.get_response(request)


# URL keyword arguments that name a row of the view's model (Wagtail's generic views,
# snippets, choosers, modeladmin).
OBJECT_ID_KWARGS = ("pk", "instance_pk", "object_id")


def _view_model(view_func):
    model = getattr(view_func, "view_initkwargs", {}).get("model")
    owner = getattr(inspect.unwrap(view_func), "__self__", None)  # a modeladmin's bound view method
    model = model or getattr(owner, "model", None)
    if isinstance(model, str):  # "app_label.ModelName", as some Wagtail viewsets give it
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            return None
    return model if hasattr(model, "_meta") else None


class ImpossibleIdMiddleware:
    """An id in the path that can name no row is a 404 before any view runs: a whole
    number larger than a BIGINT (the database would overflow), or an object id that is
    not of the type of its model's primary key ("abc" for a number)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(value, int) and not -MAX_ID <= value <= MAX_ID for value in view_kwargs.values()):
            raise Http404(_("There is nothing with that number."))
        model = _view_model(view_func)
        if model is None:
            return None
        for name in OBJECT_ID_KWARGS:
            if isinstance(view_kwargs.get(name), str):
                try:
                    value = model._meta.pk.to_python(unquote(view_kwargs[name]))
                except ValidationError:
                    raise Http404(_("There is nothing with that id."))
                if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
                    raise Http404(_("There is nothing with that number."))
        return None
