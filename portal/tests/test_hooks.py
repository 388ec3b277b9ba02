"""The project's own hooks are registered by their constant (portal.sections,
portal.demo), and no two functions of one hook share an order: equal orders would leave
the order on the page to INSTALLED_APPS (docs/architecture.md gives each app its range)."""

import ast
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from wagtail import hooks

from portal import demo, sections

REPO = Path(settings.BASE_DIR)
SOURCE_FOLDERS = ["blog", "community", "courses", "home", "portal", "search"]
PROJECT_HOOKS = sorted(
    {value for name, value in vars(sections).items() if name.isupper() and isinstance(value, str)}
    | {demo.SEED_DEMO}
)


def registered(hook_name):
    hooks.search_for_hooks()
    return [
        (fn, order)
        for fn, order in hooks._hooks.get(hook_name, [])
        if "tests" not in fn.__module__.split(".")
    ]


@pytest.mark.parametrize("hook_name", PROJECT_HOOKS)
def test_no_two_functions_of_a_hook_share_an_order(hook_name):
    assert registered(hook_name), f"nothing registers {hook_name}"
    orders = Counter(order for _fn, order in registered(hook_name))
    shared = {
        order: [f"{fn.__module__}.{fn.__name__}" for fn, o in registered(hook_name) if o == order]
        for order, count in orders.items()
        if count > 1
    }
    assert shared == {}


def string_registrations_of_project_hooks():
    found = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            if "tests" in path.relative_to(REPO).parts or "migrations" in path.relative_to(REPO).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "register"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in PROJECT_HOOKS
                ):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_the_project_hooks_are_registered_by_their_constant():
    assert PROJECT_HOOKS  # the constants were found
    assert string_registrations_of_project_hooks() == []
