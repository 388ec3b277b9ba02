"""Plain text from people we do not know: markup is removed, not escaped, so what is
stored is what the person meant, and templates escape it on output."""

import html
import re

import nh3

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value):
    text = CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    # Decoding entities can reveal markup ("&lt;script&gt;"), so clean until nothing changes.
    for _ in range(4):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    else:
        text = nh3.clean(text, tags=set())
    return text.strip()
