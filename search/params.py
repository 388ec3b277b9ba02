"""What a visitor asked for, checked: the words to search for, a kind and a topic.

Only words reach the search backend. Punctuation, quotes and operators are
dropped here, so no input can be read as backend query syntax (FTS5 and
tsquery both have one) and a crafted query is just a few words."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from taggit.models import Tag

from .result_types import available_result_types

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+")


def clean_text(value):
    """Control characters (NUL breaks PostgreSQL) become spaces; runs of space collapse."""
    value = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in value)
    return " ".join(value.split())


def search_terms(query):
    return WORD.findall(query)[:MAX_TERMS]


@dataclass
class SearchParams:
    query: str = ""
    terms: list = field(default_factory=list)
    result_type: object = None
    topic: object = None
    page: str = "1"
    error: str = ""
    warnings: list = field(default_factory=list)

    @property
    def search_string(self):
        return " ".join(self.terms)

    @property
    def is_refinement(self):
        """A filter, topic or later page of a search already made (not counted again)."""
        return bool(self.result_type or self.topic or self.page not in ("", "1"))

    @classmethod
    def from_querydict(cls, data):
        params = cls(page=str(data.get("page", "1"))[:10])
        raw_query = clean_text(data.get("q", ""))
        if len(raw_query) > MAX_QUERY_LENGTH:
            params.query = raw_query[:MAX_QUERY_LENGTH]
            params.error = _("Searches can be at most %(limit)d characters long. Please shorten yours.") % {
                "limit": MAX_QUERY_LENGTH
            }
            return params
        params.query = raw_query
        params.terms = search_terms(raw_query)
        if raw_query and not params.terms:
            params.warnings.append(_("Type one or more words to search for."))
        elif len(WORD.findall(raw_query)) > MAX_TERMS:
            params.warnings.append(
                _("Only the first %(count)d words of your search were used.") % {"count": MAX_TERMS}
            )

        type_key = clean_text(data.get("type", ""))[:50]
        if type_key:
            params.result_type = next((rt for rt in available_result_types() if rt.key == type_key), None)
            if params.result_type is None:
                params.warnings.append(
                    _("There is no kind of result called “%(name)s”; showing every kind.")
                    % {"name": type_key}
                )

        topic_slug = clean_text(data.get("topic", ""))[:100]
        if topic_slug:
            params.topic = Tag.objects.filter(slug=topic_slug).first()
            if params.topic is None:
                params.warnings.append(
                    _("There is no topic “%(name)s”; showing every topic.") % {"name": topic_slug}
                )
        return params
