"""Result snippets with the searched words marked.

A snippet is cut only from the text a result is indexed by (its model's
SearchFields), so it can never show what search itself may not see, such as a
lesson's body. Text is escaped first; only the <mark> tags are ours."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch import index

SNIPPET_LENGTH = 240
LEAD_IN = 70
# A light stemmer, enough to mark "community" for "communities" the way the
# backends' stemmers match them; longest suffix first.
SUFFIXES = ("ies", "ied", "ing", "es", "ed", "ly", "s", "y", "e")
MIN_STEM = 3


def light_stem(word):
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def terms_pattern(terms):
    """A regex matching any word that starts with a term's stem (or is a short term)."""
    alternatives = set()
    for term in terms:
        stem = light_stem(term)
        if len(stem) >= MIN_STEM:
            alternatives.add(rf"\b{re.escape(stem)}\w*")
        elif term:
            alternatives.add(rf"\b{re.escape(term.lower())}\b")
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def mark_terms(text, pattern):
    """Escape text and wrap the matches of pattern in <mark>."""
    if pattern is None:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, list | tuple | set) or hasattr(value, "__iter__"):
        return [text for item in value for text in _flatten(item)]
    return [str(value)]


def plain(text):
    # Indexed values are already text (Wagtail strips rich text for indexing);
    # what looks like markup is the author's literal text and is escaped later.
    return " ".join(text.split())


def indexed_text(obj):
    """The text an object is searched by, apart from its title, as plain text."""
    texts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        texts.extend(_flatten(search_field.get_value(obj)))
    return join_sentences(plain(text) for text in texts)


def join_sentences(texts):
    """Join fields as sentences: "week by week" + "An hour" -> "week by week. An hour"."""
    joined = ""
    for text in texts:
        if not text:
            continue
        if joined:
            joined += " " if joined[-1] in ".!?:;…" else ". "
        joined += text
    return joined


def excerpt(text, pattern, length=SNIPPET_LENGTH):
    """Up to `length` characters of text around the first match, cut at spaces."""
    match = pattern.search(text) if pattern else None
    if match is None or len(text) <= length:
        start = 0
    else:
        start = max(0, match.start() - LEAD_IN)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def snippet(obj, terms, fallback=""):
    """An escaped snippet of obj's indexed text with the terms marked."""
    pattern = terms_pattern(terms)
    text = indexed_text(obj)
    if not text or (pattern and not pattern.search(text) and fallback):
        text = plain(fallback)
    return mark_terms(excerpt(text, pattern), pattern)
