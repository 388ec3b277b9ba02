from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "community.conversation"
    label = "conversation"
    verbose_name = _("Conversation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import signals
        from .models import Comment, EventRecap

        for model in (Comment, EventRecap):
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.shown_on_page_changed,
                    sender=model,
                    dispatch_uid=f"conversation_{model.__name__}_{signal is post_save}",
                )
