"""Ids read from request text (query strings, list filters)."""

# The largest id a BIGINT column holds; a larger number can name no row.
MAX_ID = 2**63 - 1


def id_from_text(value):
    """The positive integer id written in request text, or None."""
    value = (value or "").strip()
    if not (value.isdecimal() and value.isascii()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
