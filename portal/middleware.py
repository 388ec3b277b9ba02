import inspect
import logging
from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _

from .ids import MAX_ID
from .second_factor import is_admin_path
from .views import bad_request, page_not_found

logger = logging.getLogger(__name__)


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


class ReadableRefusalsMiddleware:
    """Every refusal says why. A form posted to the Wagtail admin without the fields
    Wagtail reads unchecked (a StreamField's "-count", the copy view's parent, an
    import's file name) is a 400 that says so, not a 500; the exception is still logged
    in full, so a real bug in an admin view stays visible. A search text SQLite's
    full-text syntax cannot read is a 400 anywhere. A 405 or a 400 that Django or
    Wagtail sends with an empty body gets a sentence."""

    ADMIN_FORM_ERRORS = (KeyError, AttributeError, TypeError, ValueError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (400, 405)
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            if response.status_code == 405:
                allowed = response.get("Allow", "")
                text = _("This address does not answer a %(method)s request; it accepts %(allowed)s.") % {
                    "method": request.method,
                    "allowed": allowed,
                }
            else:
                text = _("The address or form sent to us had something in it we cannot use.")
            response.content = text.encode()
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response

    def process_exception(self, request, exception):
        if request.method == "POST" and is_admin_path(request):
            if isinstance(exception, self.ADMIN_FORM_ERRORS):
                logger.error("Malformed admin form at %s", request.path_info, exc_info=exception)
                return bad_request(
                    request, message=_("This form arrived incomplete. Reload the page and try again.")
                )
        if isinstance(exception, DatabaseError) and "fts5" in str(exception).lower():
            return bad_request(request, message=_("This search could not be read. Search for plain words."))
        return None
