from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "community.rewards"
    label = "rewards"
    verbose_name = _("Rewards")

    def ready(self):
        from django.core import checks

        from . import streams  # noqa: F401  registers the built-in streams
        from .integrity import check_app_role_does_not_own_the_books

        checks.register(check_app_role_does_not_own_the_books, "rewards", deploy=True)
