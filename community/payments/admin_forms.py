from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.money import AmountField


class MembershipPlanForm(WagtailAdminModelForm):
    """Editors type the price in major units ("60.00"); it is kept in minor units."""

    price = AmountField(label=_("Price"))
