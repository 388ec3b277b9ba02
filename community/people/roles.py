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
    """Whether the user may act in one of these roles. Views grant privileges with it,
    so under production settings it asks the user's own request for a verified second
    factor (portal.second_factor); use holds_role() to ask about membership alone."""
    if not holds_role(user, *roles):
        return False
    from portal.second_factor import require_second_factor

    require_second_factor(user)
    return True


def holds_role(user, *roles):
    """Whether the user is in one of these roles (or a superuser), with no second factor
    asked: for decisions that grant nothing, such as not counting staff views."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return bool(names.intersection(roles))
