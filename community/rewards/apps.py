from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "community.rewards"
    label = "rewards"
    verbose_name = _("Rewards")

    def ready(self):
        from . import streams  # noqa: F401  registers the built-in streams
