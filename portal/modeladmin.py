"""The one base for the site's modeladmin listings: the index view, the permission helpers
and the addresses of their views (no view or template spells a modeladmin URL name)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView


class TolerantIndexView(IndexView):
    """A filter value the list cannot use (a word for a date, a number too large for the
    database) shows the whole list and says so, instead of answering 500."""

    def get_queryset(self, request=None):
        request = request or self.request
        try:
            # The savepoint keeps a database error from spoiling the request's transaction.
            with transaction.atomic():
                queryset = super().get_queryset(request)
                if self.get_filters_params() and hasattr(queryset, "exists"):
                    queryset.exists()  # a value the database refuses fails here, not while rendering
            return queryset
        except (IncorrectLookupParameters, ValidationError, ValueError, OverflowError, DatabaseError):
            messages.warning(
                request,
                _("A filter in the address has a value that could not be used, so the list is not filtered."),
            )
            kept = self.params.copy()
            for name in list(kept):
                if name not in self.IGNORED_PARAMS:
                    del kept[name]
            self.params = kept
            return super().get_queryset(request)


class PortalModelAdmin(ModelAdmin):
    index_view_class = TolerantIndexView


class ActionButtonHelper(ButtonHelper):
    """A listing row's buttons followed by the record's own actions (confirm, refund,
    reverse): a subclass returns them from `actions(obj)`, each made by `action_button`,
    and checks there who may see them."""

    def actions(self, obj):
        return []

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        return buttons + self.actions(obj)


def action_button(url, label, title, *, secondary=False):
    """One action button in a listing row; `secondary` for one that undoes something."""
    return {
        "url": url,
        "label": label,
        "classname": "button button-secondary" if secondary else "button",
        "title": title,
    }


class CreatedElsewherePermissionHelper(PermissionHelper):
    """Records the site makes (a form, a payment, a signal): staff never add one here."""

    def user_can_create(self, user):
        return False


class ReadOnlyPermissionHelper(CreatedElsewherePermissionHelper):
    """Records staff look at but never add, edit or delete in the admin."""

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def modeladmin_url(model, action="index", *args):
    """The address of a modeladmin view of `model` (a model, an instance or an
    "app_label.Model" label): `index`, `create`, or `inspect`/`edit`/`delete` with the
    record's pk in `args`. wagtail_modeladmin names its URLs after the model; asking it
    here keeps that naming in one place."""
    return AdminURLHelper(_model_class(model)).get_action_url(action, *args)


def _model_class(model):
    if isinstance(model, str):
        return apps.get_model(model)
    return model._meta.model
