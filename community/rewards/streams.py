"""The built-in streams (see registry.py). Each imports its app lazily, so rewards
loads and tests run even where an app is missing."""

from django.utils.translation import gettext_lazy as _

from .registry import register_stream


@register_stream(
    "blogging",
    label=_("Blogging"),
    unit=_("qualified reader"),
    unit_plural=_("qualified readers"),
    default_weight=50,
    default_minimum=100,
    description=_(
        "People who read your blog posts for a while, each counted once a day however many posts "
        "they read, at most three per network; your own network never counts."
    ),
)
def blog_readers(start, end):
    from community.tracking.metrics import qualified_readers

    return qualified_readers(start, end)


@register_stream(
    "courses",
    label=_("Courses"),
    unit=_("participation point"),
    unit_plural=_("participation points"),
    default_weight=35,
    default_minimum=12,
    description=_(
        "Learners active in your courses in the month, 3 more for finishing one (4 at most per learner "
        "and course); only verified accounts a week old that you did not refer, and a lesson completes "
        "only after the time it needs."
    ),
)
def course_participation(start, end):
    from courses.metrics import participation

    return participation(start, end)


@register_stream(
    "promotion",
    label=_("Promotion"),
    unit=_("referral"),
    unit_plural=_("referrals"),
    default_weight=15,
    default_minimum=2,
    description=_(
        "New people who came through your referral link: an account made after following it, "
        "with a verified email, who became a member or enrolled in a course; each person counts once."
    ),
)
def referred_members(start, end):
    from community.tracking.metrics import referred_people

    return referred_people(start, end)
