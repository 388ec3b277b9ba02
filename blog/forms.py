from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class BlogPostPageForm(WagtailAdminPageForm):
    """Lists the writer as the author of a new post, and each author only once."""

    def __init__(self, data=None, files=None, *args, instance=None, for_user=None, **kwargs):
        if data is None and instance is not None and instance.pk is None:
            self.prefill_author(instance, for_user)
        super().__init__(data, files, *args, instance=instance, for_user=for_user, **kwargs)

    @staticmethod
    def prefill_author(instance, user):
        from .contributors import default_author_for
        from .models import BlogPostAuthor

        if instance.post_authors.all():
            return
        profile = default_author_for(user)
        if profile is not None:
            # An unsaved child in the cluster renders as the first, filled-in author form.
            instance.post_authors = [BlogPostAuthor(author=profile)]

    def clean(self):
        cleaned_data = super().clean()
        authors = self.formsets.get("post_authors")
        if authors is not None and authors.is_valid():
            seen = set()
            for form in authors.forms:
                if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("author"):
                    continue
                author = form.cleaned_data["author"]
                if author.pk in seen:
                    form.add_error(
                        "author", _("%(name)s is already an author of this post.") % {"name": author}
                    )
                seen.add(author.pk)
        return cleaned_data
