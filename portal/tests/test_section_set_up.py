"""A section index is set up one way (portal.moderation), and the data migrations that
set up the indexes existing before them carry their own frozen copy of the same rules."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.models import GroupPagePermission, WorkflowPage

REPO = Path(settings.BASE_DIR)
SECTIONS = {
    "blog": (
        "blog.factories.BlogIndexPageFactory",
        "blog.migrations.0002_blog_moderation",
        "set_up_moderation",
    ),
    "courses": (
        "courses.factories.CourseIndexPageFactory",
        "courses.migrations.0002_grant_role_permissions",
        "grant",
    ),
    "events": (
        "community.events.factories.EventIndexPageFactory",
        "community.events.migrations.0002_grant_role_permissions",
        "grant",
    ),
    "communities": (
        "community.events.factories.CommunityIndexPageFactory",
        "community.events.migrations.0002_grant_role_permissions",
        "grant",
    ),
    "wishlists": (
        "community.wishlists.factories.WishListIndexPageFactory",
        "community.wishlists.migrations.0002_moderation",
        "set_up_moderation",
    ),
}


def _object(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _set_up_of(page):
    granted = set(
        GroupPagePermission.objects.filter(page=page).values_list("group__name", "permission__codename")
    )
    workflow = WorkflowPage.objects.filter(page=page).values_list("workflow__name", flat=True).first()
    return granted, workflow


@pytest.mark.django_db
@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_an_index_set_up_by_its_migration_gets_what_a_new_index_gets(section, home_page):
    factory, migration, function = SECTIONS[section]
    index = _object(factory)(parent=home_page)
    as_created = _set_up_of(index)
    assert as_created[0], "a new index gets its page permissions"

    GroupPagePermission.objects.filter(page=index).delete()
    WorkflowPage.objects.filter(page=index).delete()
    getattr(importlib.import_module(migration), function)(apps, schema_editor=None)

    assert _set_up_of(index) == as_created


def _project_packages():
    return {path.parent.name for path in REPO.glob("*/__init__.py")}


def _migration_files():
    return sorted(
        path
        for path in REPO.glob("**/migrations/*.py")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


def _live_code_reached(path, packages):
    """Where a migration reaches the project's own (non-migration) modules. A schema
    operation may name what makemigrations writes into it (a field class, a default or
    a validator, as `import package.module` used inside the Migration class); a data
    migration's functions may reach nothing of the project, and nothing may be imported
    with `from ... import`, which makemigrations never writes."""

    def is_project(module):
        return module.split(".")[0] in packages and ".migrations" not in f".{module}"

    tree = ast.parse(path.read_text(), filename=str(path))
    reached = []
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and is_project(node.module or ""):
            reached.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name for alias in node.names if is_project(alias.name))
    roots = {name.split(".")[0] for name in imported}
    for function in (
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ):
        for node in ast.walk(function):
            if isinstance(node, ast.Import) and any(is_project(alias.name) for alias in node.names):
                reached.append(f"line {node.lineno}: import inside {function.name}()")
            elif isinstance(node, ast.Name) and node.id in roots:
                reached.append(f"line {node.lineno}: {node.id} used in {function.name}()")
    return reached


def test_no_migration_imports_the_projects_live_code():
    packages = _project_packages()
    assert {"blog", "courses", "community", "portal"} <= packages
    migrations = _migration_files()
    assert len(migrations) > 20
    reached = {
        str(path.relative_to(REPO)): found
        for path in migrations
        if (found := _live_code_reached(path, packages))
    }
    assert reached == {}


def test_the_import_check_catches_a_data_migration_that_imports_live_code(tmp_path):
    migration = tmp_path / "0009_data.py"
    migration.write_text(
        "from django.db import migrations\n"
        "from blog.moderation import set_up_blog_index\n"
        "import portal.money\n\n"
        "def forwards(apps, schema_editor):\n"
        "    import courses.signals\n"
        "    portal.money.site_currency()\n"
    )
    found = _live_code_reached(migration, {"blog", "courses", "portal"})
    assert len(found) == 3
