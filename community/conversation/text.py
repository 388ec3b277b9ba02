"""Rules for what a comment may say, kept pure so they are tested without a database."""

import re

# Something a reader would take for a link: a scheme, or www. and a domain.
LINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+")


def count_links(text):
    return len(LINK.findall(text or ""))
