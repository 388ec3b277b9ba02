"""The site's roles. Each is a Django group created by a migration; every app
grants its own permissions to these groups in a migration of its own."""

BLOGGERS = "Bloggers"
COURSE_AUTHORS = "Course authors"
EVENT_ORGANISERS = "Event organisers"
MODERATORS = "Moderators"
EDITORS = "Editors"
FINANCE = "Finance"

ALL_ROLES = [BLOGGERS, COURSE_AUTHORS, EVENT_ORGANISERS, MODERATORS, EDITORS, FINANCE]


def has_role(user, *roles):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return bool(names.intersection(roles))
