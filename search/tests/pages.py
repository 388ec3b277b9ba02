"""Builders for the other apps' page types, kept minimal: a search test needs
only the fields that are indexed."""

from django.apps import apps

from .conftest import paragraph


def child(parent, model_label, **fields):
    model = apps.get_model(model_label)
    page = model(**fields)
    parent.add_child(instance=page)
    return page


def blog_index(home):
    return child(home, "blog.BlogIndexPage", title="Blog", slug="blog")


def blog_post(index, title, text="", topics=(), **fields):
    fields.setdefault("summary", f"About {title}.")
    post = child(index, "blog.BlogPostPage", title=title, body=paragraph(text), **fields)
    if topics:
        post.topics.add(*topics)
        post.save()
    return post


def course_index(home):
    return child(home, "courses.CourseIndexPage", title="Courses", slug="courses")


def course(index, title, summary="", topics=(), **fields):
    page = child(index, "courses.CoursePage", title=title, summary=summary, estimated_hours=2, **fields)
    if topics:
        page.topics.add(*topics)
        page.save()
    return page


def lesson(course_page, title, summary, body_text):
    return child(course_page, "courses.LessonPage", title=title, summary=summary, body=paragraph(body_text))
