"""The kinds of thing the site search finds, in the order the filter bar lists
them. Models are looked up by label, so search works before (or without) the
app that owns a kind; a kind whose app is missing is simply not offered."""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

PEOPLE = "people"
OTHER_PAGES = "pages"


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str  # one result: "Course"
    plural_label: str  # the filter: "Courses"
    model_label: str | None  # None: every page type no other kind claims

    @property
    def model(self):
        if self.model_label is None:
            return None
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None

    @property
    def is_page_type(self):
        return self.key != PEOPLE


RESULT_TYPES = [
    ResultType("posts", _("Post"), _("Posts"), "blog.BlogPostPage"),
    ResultType("courses", _("Course"), _("Courses"), "courses.CoursePage"),
    ResultType("lessons", _("Lesson"), _("Lessons"), "courses.LessonPage"),
    ResultType("communities", _("Community"), _("Communities"), "events.CommunityPage"),
    ResultType("events", _("Event"), _("Events"), "events.EventPage"),
    ResultType("wishlists", _("Wish list"), _("Wish lists"), "wishlists.WishListPage"),
    ResultType(PEOPLE, _("Person"), _("People"), "people.ContributorProfile"),
    ResultType(OTHER_PAGES, _("Page"), _("Other pages"), None),
]


def available_result_types():
    """The kinds whose model exists in this installation."""
    return [rt for rt in RESULT_TYPES if rt.model_label is None or rt.model is not None]


def get_result_type(key):
    return next((rt for rt in available_result_types() if rt.key == key), None)


@cache
def _page_models_by_type():
    return {
        rt.key: rt.model
        for rt in available_result_types()
        if rt.is_page_type and rt.model is not None and issubclass(rt.model, Page)
    }


def named_page_models():
    """The page models that have a kind of their own (everything else is "Other pages")."""
    return list(_page_models_by_type().values())


def result_type_for_model(model):
    """The kind a page or snippet model's results belong to."""
    for key, page_model in _page_models_by_type().items():
        if issubclass(model, page_model):
            return get_result_type(key)
    people = get_result_type(PEOPLE)
    if people and people.model is not None and issubclass(model, people.model):
        return people
    return get_result_type(OTHER_PAGES)
