from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "community.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from .models import MembershipPlan
        from .signals import plan_changed

        post_save.connect(plan_changed, sender=MembershipPlan, dispatch_uid="payments_plan_saved")
        post_delete.connect(plan_changed, sender=MembershipPlan, dispatch_uid="payments_plan_deleted")
