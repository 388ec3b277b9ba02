"""Blocks only lessons need, on top of the site's base StreamBlock."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from portal.blocks import BaseStreamBlock


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video URL"),
        help_text=_("A YouTube or Vimeo address."),
        max_width=960,
    )
    title = blocks.CharBlock(required=False, max_length=200, label=_("Title"))
    minutes = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=600,
        label=_("Length (minutes)"),
        help_text=_("How long the video runs: a lesson takes at least this long to complete."),
    )
    captions = DocumentChooserBlock(
        required=False,
        label=_("Captions file"),
        help_text=_("The captions as a WebVTT (.vtt) or SubRip (.srt) file, offered beside the video."),
    )
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
            "minutes": 10,
            "transcript": "<p>We start with what was supposed to happen.</p>",
        }
        description = _("A lesson video with its length, a captions file and a transcript.")


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


ANSWER_FEATURES = ["bold", "italic", "link"]


class ChoiceAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("Answer"))
    # A choice rather than a tick box, so that "right" is a deliberate pick.
    right = blocks.ChoiceBlock(
        choices=[("wrong", _("No")), ("right", _("Yes, this answer is right"))],
        default="wrong",
        label=_("Right answer?"),
    )
    feedback = blocks.CharBlock(
        required=False,
        max_length=400,
        label=_("Feedback"),
        help_text=_("Shown to a learner who chose this answer, after they submit."),
    )

    class Meta:
        icon = "check"
        label = _("Answer")


class ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(max_length=400, label=_("Question"))
    answers = blocks.ListBlock(ChoiceAnswerBlock(), min_num=2, max_num=10, label=_("Answers"))

    def clean(self, value):
        value = super().clean(value)
        if not any(answer["right"] == "right" for answer in value["answers"]):
            raise blocks.StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark at least one answer as right."))}
            )
        return value


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "list-ul"
        label = _("Multiple choice")


class ShortAnswerBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(max_length=400, label=_("Question"))
    accepted = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label=_("Accepted answer")),
        min_num=1,
        label=_("Accepted answers"),
        help_text=_("Compared without regard to capitals, spaces at either end or a final full stop."),
    )
    feedback_correct = blocks.CharBlock(required=False, max_length=400, label=_("Feedback when correct"))
    feedback_incorrect = blocks.CharBlock(required=False, max_length=400, label=_("Feedback when incorrect"))

    class Meta:
        icon = "edit"
        label = _("Short answer")


class QuizQuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    short_answer = ShortAnswerBlock()

    class Meta:
        min_num = 1


class QuizBlock(blocks.StructBlock):
    """A graded check: answers are marked on the server (courses/quizzes.py) and the
    right answers reach a learner's browser only with the result of an attempt."""

    title = blocks.CharBlock(max_length=200, default="Check your understanding", label=_("Title"))
    questions = QuizQuestionsBlock(label=_("Questions"))
    pass_mark = blocks.IntegerBlock(
        min_value=1,
        max_value=100,
        default=70,
        label=_("Pass mark (%)"),
        help_text=_("The share of questions a learner must answer right to pass."),
    )
    attempts_allowed = blocks.IntegerBlock(min_value=1, max_value=20, default=3, label=_("Attempts allowed"))

    class Meta:
        icon = "tasks"
        template = "courses/blocks/quiz_block.html"
        preview_value = {
            "title": "Check your understanding",
            "questions": [
                (
                    "single_choice",
                    {
                        "prompt": "What does an after-action review look at first?",
                        "answers": [
                            {"text": "What was supposed to happen", "right": "right", "feedback": "Yes."},
                            {"text": "Who made the mistake", "right": "wrong", "feedback": "No blame."},
                        ],
                    },
                ),
                (
                    "short_answer",
                    {
                        "prompt": "Name the kind of knowledge that lives in people's heads.",
                        "accepted": ["tacit", "tacit knowledge"],
                        "feedback_correct": "Right.",
                        "feedback_incorrect": "It is tacit knowledge.",
                    },
                ),
            ],
            "pass_mark": 70,
            "attempts_allowed": 3,
        }
        description = _(
            "Graded questions (single or multiple choice, short answer) with a pass mark and a number of attempts."
        )


def video_minutes(body):
    """The total length of a lesson body's videos, in minutes (0 when none is given)."""
    return sum(child.value["minutes"] or 0 for child in body if child.block_type == "video")


class LessonStreamBlock(BaseStreamBlock):
    video = VideoBlock()
    key_points = KeyPointsBlock()
    exercise = ExerciseBlock()
    quiz = QuizBlock()

    class Meta:
        # Passes each block its id, which names a quiz in the learner's attempts.
        template = "courses/blocks/lesson_stream_block.html"
