"""Blocks only lessons need, on top of the site's base StreamBlock."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from portal.blocks import BaseStreamBlock


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video URL"),
        help_text=_("A YouTube or Vimeo address."),
        max_width=960,
    )
    title = blocks.CharBlock(required=False, max_length=200, label=_("Title"))
    transcript = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Transcript"),
        help_text=_("Learners who cannot watch or hear the video read this instead."),
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        preview_value = {
            "video": "https://www.youtube.com/watch?v=mSGL5ZpYf4k",
            "title": "An after-action review in ten minutes",
            "transcript": "<p>We start with what was supposed to happen.</p>",
        }
        description = _("A lesson video with a title and a transcript.")


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, default="Key points", label=_("Title"))
    points = blocks.ListBlock(blocks.CharBlock(max_length=300, label=_("Point")), label=_("Points"))

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/key_points_block.html"
        preview_value = {
            "title": "Key points",
            "points": [
                "Knowledge lives in people as much as in documents.",
                "Sharing works when it helps the person who shares.",
            ],
        }
        description = _("A short list that sums up what the lesson teaches.")


class ExerciseBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Title"))
    instructions = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Instructions")
    )
    minutes = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=240,
        label=_("Minutes"),
        help_text=_("About how long it takes."),
    )

    class Meta:
        icon = "edit"
        template = "courses/blocks/exercise_block.html"
        preview_value = {
            "title": "Map your own knowledge",
            "instructions": "<p>List three things you know that a new colleague would need.</p>",
            "minutes": 10,
        }
        description = _("A task the learner does on their own, with an estimate of the time it takes.")


class LessonStreamBlock(BaseStreamBlock):
    video = VideoBlock()
    key_points = KeyPointsBlock()
    exercise = ExerciseBlock()

    class Meta:
        template = "blocks/stream_block.html"
