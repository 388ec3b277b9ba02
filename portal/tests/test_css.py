"""No selector in the site's CSS sets the same property twice in one context (at the top
level or inside one @media): the earlier declaration would be dead, and a reader of the
file could not tell which one the page gets."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

CSS_FILES = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))


def declared_twice(css):
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), css, flags=re.S)
    seen = defaultdict(list)
    stack, text = [], ""
    for token in re.finditer(r"[{}]|[^{}]+", css):
        part = token.group(0)
        if part == "{":
            line = css.count("\n", 0, token.start()) + 1
            selector = " ".join(text.split(";")[-1].split())
            stack.append((selector, line))
            text = ""
        elif part == "}":
            selector, line = stack.pop()
            if not selector.startswith("@"):
                context = tuple(outer for outer, _line in stack)
                for prop in re.findall(r"([-\w]+)\s*:", text):
                    for one in selector.split(","):
                        seen[(context, " ".join(one.split()), prop)].append(line)
            text = ""
        else:
            text += part
    return {key: lines for key, lines in seen.items() if len(set(lines)) > 1}


def test_the_check_finds_a_property_set_twice():
    assert declared_twice(".a { color: red; }\n.b, .a { color: blue; }")
    assert not declared_twice(".a { color: red; }\n@media print { .a { color: blue; } }")


@pytest.mark.parametrize("path", CSS_FILES, ids=lambda path: path.name)
def test_no_selector_sets_a_property_twice(path):
    assert declared_twice(path.read_text(encoding="utf-8")) == {}
