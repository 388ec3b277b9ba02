"""Ranking professionals for a wish and wishes for a professional. Pure functions on
plain values, so the order and the reasons can be tested without a database; the
queries that feed them live in suggestions.py.

A professional scores TOPIC_POINTS for every topic or skill they share with a wish
(their expertise and the topics of their posts and courses), plus activity points
for their live work, capped so that being busy never outweighs more than two shared
topics. Ties go to more shared topics, then by name, so the order is stable."""

from dataclasses import dataclass, field

TOPIC_POINTS = 3
ACTIVITY_WEIGHTS = {"posts": 1, "courses": 2, "events": 1}
ACTIVITY_CAP = 6


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str


@dataclass(frozen=True)
class Activity:
    posts: int = 0
    courses: int = 0
    events: int = 0

    @property
    def points(self):
        total = sum(getattr(self, kind) * weight for kind, weight in ACTIVITY_WEIGHTS.items())
        return min(total, ACTIVITY_CAP)

    def describe(self):
        parts = [
            f"{count} {kind[:-1] if count == 1 else kind}"
            for kind in ACTIVITY_WEIGHTS
            if (count := getattr(self, kind))
        ]
        return "active: " + ", ".join(parts) if parts else ""


@dataclass(frozen=True)
class Professional:
    id: int
    name: str
    topic_slugs: frozenset
    activity: Activity = field(default_factory=Activity)


@dataclass(frozen=True)
class Wish:
    """One wish item, with what it needs: topics, then skills."""

    id: int
    title: str
    topics: tuple
    skills: tuple = ()
    recency: float = 0.0  # larger is newer; breaks ties between equally good wishes


@dataclass(frozen=True)
class Suggestion:
    target: object
    score: int
    shared_topics: tuple
    shared_skills: tuple
    reason: str

    @property
    def shared_count(self):
        return len(self.shared_topics) + len(self.shared_skills)


def _count_phrase(count, singular, plural, names):
    label = singular if count == 1 else plural
    return f"{count} shared {label}: {', '.join(names)}"


def describe_match(shared_topics, shared_skills, activity=None):
    """For example "3 shared topics: communities of practice, lessons learned, taxonomy"."""
    parts = []
    if shared_topics:
        parts.append(_count_phrase(len(shared_topics), "topic", "topics", [t.name for t in shared_topics]))
    if shared_skills:
        parts.append(_count_phrase(len(shared_skills), "skill", "skills", [t.name for t in shared_skills]))
    if activity is not None and activity.describe():
        parts.append(activity.describe())
    return "; ".join(parts)


def _shared(wanted_topics, wanted_skills, slugs):
    """Topics and skills found in slugs; a tag wanted as both counts once, as a topic."""
    topics = sorted({t for t in wanted_topics if t.slug in slugs}, key=lambda t: t.name.lower())
    topic_slugs = {t.slug for t in topics}
    skills = sorted(
        {t for t in wanted_skills if t.slug in slugs and t.slug not in topic_slugs},
        key=lambda t: t.name.lower(),
    )
    return tuple(topics), tuple(skills)


def rank_professionals(wanted_topics, wanted_skills, professionals, limit=None, exclude_ids=()):
    """Professionals sharing at least one topic or skill, best first."""
    suggestions = []
    for professional in professionals:
        if professional.id in exclude_ids:
            continue
        topics, skills = _shared(wanted_topics, wanted_skills, professional.topic_slugs)
        if not topics and not skills:
            continue
        score = TOPIC_POINTS * (len(topics) + len(skills)) + professional.activity.points
        reason = describe_match(topics, skills, professional.activity)
        suggestions.append(Suggestion(professional, score, topics, skills, reason))
    suggestions.sort(key=lambda s: (-s.score, -s.shared_count, s.target.name.lower(), s.target.id))
    return suggestions[:limit] if limit else suggestions


def rank_wishes(topic_slugs, wishes, limit=None):
    """Wishes needing at least one of these topics, best first, newer first on a tie."""
    suggestions = []
    for wish in wishes:
        topics, skills = _shared(wish.topics, wish.skills, topic_slugs)
        if not topics and not skills:
            continue
        score = TOPIC_POINTS * (len(topics) + len(skills))
        suggestions.append(Suggestion(wish, score, topics, skills, describe_match(topics, skills)))
    suggestions.sort(key=lambda s: (-s.score, -s.target.recency, s.target.id))
    return suggestions[:limit] if limit else suggestions
