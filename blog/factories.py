import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from .models import BlogIndexPage, BlogPostAuthor, BlogPostPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"
    introduction = "Posts by knowledge-management professionals."


class BlogPostPageFactory(wagtail_factories.PageFactory):
    """A live post. Pass authors=[profiles] and topics=["names"]."""

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lessons from practice {n}")
    slug = factory.LazyAttribute(lambda post: slugify(post.title))
    summary = "What a community of practice learned in its first year."
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Start small", "level": "h2"}),
            ("paragraph", RichText("<p>Invite the people who already help each other.</p>")),
        ]
    )
    first_published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1000) + datetime.timedelta(hours=n)
    )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, profile in enumerate(extracted or ()):
            BlogPostAuthor.objects.create(page=self, author=profile, sort_order=position)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.add(*extracted)
            self.save()
