from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "community.conversation"
    label = "conversation"
    verbose_name = _("Conversation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import signals
        from .models import Comment

        post_save.connect(signals.comment_changed, sender=Comment, dispatch_uid="conversation_comment_saved")
        post_delete.connect(
            signals.comment_changed, sender=Comment, dispatch_uid="conversation_comment_deleted"
        )
