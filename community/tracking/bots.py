"""Known bots and crawlers, from the maintained crawler-user-agents list (pinned in
requirements.txt; upgrading the package updates the list)."""

import re
from functools import lru_cache

from crawleruseragents import CRAWLER_USER_AGENTS_DATA

# One alternation compiled once; the package's own helper compiles chunks lazily.
_CRAWLER_PATTERN = re.compile("|".join(f"(?:{item['pattern']})" for item in CRAWLER_USER_AGENTS_DATA))
# Tools that fetch pages without being people, some missing from the list.
_EXTRA_PATTERN = re.compile(r"(?i)\b(?:bot|crawler|spider|headless|preview|fetch)\b|^Mozilla/5\.0$")


@lru_cache(maxsize=4096)
def is_bot(user_agent):
    """True for an empty user agent (browsers always send one) or a known crawler."""
    if not user_agent or not user_agent.strip():
        return True
    return bool(_CRAWLER_PATTERN.search(user_agent) or _EXTRA_PATTERN.search(user_agent))
