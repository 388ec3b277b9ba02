from types import SimpleNamespace

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people import roles
from community.people.factories import ContributorProfileFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory, EnrolmentFactory, LessonPageFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def blog(home_page, make_user):
    """A blog with one post by Bella, who writes under a contributor profile."""
    bella = make_user(roles.BLOGGERS, email="bella@example.com", first_name="Bella", last_name="Blogger")
    author = ContributorProfileFactory(user=bella, display_name="Bella Blogger", slug="bella-blogger")
    index = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(
        parent=index, title="Six stages, one community", authors=[author], topics=["communities of practice"]
    )
    return SimpleNamespace(index=index, post=post, author=author, author_user=bella)


@pytest.fixture
def course(home_page, make_user):
    """A course with a preview lesson and a second lesson, one enrolled learner."""
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index, title="Building a community of practice")
    preview = LessonPageFactory(parent=course, title="What makes a community")
    lesson = LessonPageFactory(parent=course, title="Finding the core group")
    learner = make_user(email="lena@example.com", first_name="Lena", last_name="Learner")
    EnrolmentFactory(course=course, user=learner)
    return SimpleNamespace(course=course, preview=preview, lesson=lesson, learner=learner)


@pytest.fixture
def member(make_user):
    return make_user(email="mia@example.com", first_name="Mia", last_name="Member")


@pytest.fixture
def moderator(make_user):
    return make_user(roles.MODERATORS, email="mo@example.com", first_name="Mo", last_name="Moderator")
