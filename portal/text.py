"""Headings and labels in sentence case, the site's style ("Verify your email address",
not "Verify Your Email Address"): used where the words come from a library (allauth)."""

import re

# A capitalised word after the first one, not after a full stop or a colon: "Your" in
# "Verify Your Email", "Factor" in "Two-Factor". All-capital words (KMP, TOTP) are kept.
TITLE_WORD = re.compile(r"(?<![.:!?]\s)(?<=[\s-])([A-Z])(?=[a-z])")
# Names keep their capitals wherever they stand: these, and the site's own name
# (Settings → Site settings), which a page's title and some emails' subjects hold.
NAMES = ("Google", "Stripe")


def kept_names():
    from .emails import site_identity

    return (*NAMES, site_identity()["site_name"])


def sentence_case(text):
    """The text with every capitalised word after its first in lower case, names kept."""
    kept = {
        start + offset
        for name in kept_names()
        for start in (match.start() for match in re.finditer(re.escape(name), text))
        for offset in range(len(name))
    }

    first_letter = next((index for index, char in enumerate(text) if char.isalpha()), 0)

    def lower(match):
        keep = match.start() in kept or match.start() == first_letter
        return match.group(1) if keep else match.group(1).lower()

    return TITLE_WORD.sub(lower, text)


def is_title_case(text):
    """Whether a heading has a capitalised word that sentence case would lower."""
    return sentence_case(text) != text
