"""The built-in streams (see registry.py). Each imports its app lazily, so rewards
loads and tests run even where an app is missing."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .registry import Fact, register_evidence, register_stream


@register_stream(
    "blogging",
    label=_("Blogging"),
    unit=_("qualified reader"),
    unit_plural=_("qualified readers"),
    default_weight=50,
    default_minimum=100,
    description=_(
        "People who read your blog posts for a while, each counted once a day however many posts "
        "they read, at most three per network; your own network never counts."
    ),
)
def blog_readers(start, end):
    from community.tracking.metrics import qualified_readers

    return qualified_readers(start, end)


@register_stream(
    "courses",
    label=_("Courses"),
    unit=_("participation point"),
    unit_plural=_("participation points"),
    default_weight=35,
    default_minimum=12,
    description=_(
        "Learners active in your courses in the month, 3 more for finishing one (4 at most per learner "
        "and course); only verified accounts a week old that you did not refer, and a lesson completes "
        "only after the time it needs."
    ),
)
def course_participation(start, end):
    from courses.metrics import participation

    return participation(start, end)


@register_stream(
    "promotion",
    label=_("Promotion"),
    unit=_("referral"),
    unit_plural=_("referrals"),
    default_weight=15,
    default_minimum=2,
    description=_(
        "New people who came through your referral link: an account made after following it, "
        "with a verified email, who became a member or enrolled in a course; or a reader without an "
        "account who subscribed to the newsletter from one of your posts or after your link and confirmed "
        "the address. Each person (each address) counts once, ever."
    ),
)
def referred_members(start, end):
    from community.tracking.metrics import referred_people

    return referred_people(start, end)


# What the review before pay (review.py) shows for each stream. A concern is a sign of
# one person rather than many: Finance reads it with the rest and decides.


def _count_share(label, count, total, concern_from=None):
    share = count / total if total else 0.0
    return Fact(
        label=str(label),
        value=f"{count} ({share:.0%})",
        share=share,
        concern=concern_from is not None and total > 0 and share >= concern_from,
    )


def _minutes(value):
    if value is None:
        return "–"
    if value < 120:
        return gettext("%(n)d min") % {"n": round(value)}
    if value < 2 * 1440:
        return gettext("%(n).1f h") % {"n": value / 60}
    return gettext("%(n).1f days") % {"n": value / 1440}


@register_evidence("blogging")
def blog_reader_evidence(start, end, contributor_ids):
    from community.tracking.conf import readers_per_network
    from community.tracking.evidence import BUNCHED_WITHIN, WINDOW, reader_evidence

    limit = readers_per_network()
    facts = {}
    for contributor_id, e in reader_evidence(start, end, contributor_ids).items():
        per_network = e.reads / e.networks if e.networks else 0
        facts[contributor_id] = [
            Fact(
                gettext("Networks (a network on a day)"),
                gettext("%(networks)d for %(reads)d readers, %(ratio).1f each")
                % {"networks": e.networks, "reads": e.reads, "ratio": per_network},
                concern=per_network >= 2,
            ),
            _count_share(gettext("Signed-in readers (accounts)"), e.signed_in, e.reads),
            _count_share(
                gettext("Readers from the busiest network of a day"), e.top_network_reads, e.reads, 0.2
            ),
            _count_share(
                gettext("Readers from networks at the %(limit)d-reader limit") % {"limit": limit},
                e.reads_on_full_networks,
                e.reads,
                0.5,
            ),
            _count_share(
                gettext("Readers within %(minutes)d minutes of the one before")
                % {"minutes": BUNCHED_WITHIN.seconds // 60},
                e.bunched,
                e.reads,
                0.5,
            ),
            Fact(
                gettext("Most readers in %(minutes)d minutes") % {"minutes": WINDOW.seconds // 60},
                str(e.busiest_window),
                concern=e.busiest_window >= 10,
            ),
            Fact(gettext("Days with readers"), str(e.days)),
        ]
    return facts


@register_evidence("courses")
def course_learner_evidence(start, end, contributor_ids):
    from courses.evidence import SOON_AFTER_SIGN_UP, learner_evidence

    days = SOON_AFTER_SIGN_UP.days
    facts = {}
    for contributor_id, e in learner_evidence(start, end, contributor_ids).items():
        facts[contributor_id] = [
            Fact(gettext("Learners completing a lesson or the course"), str(e.learners)),
            _count_share(
                gettext("Enrolments by accounts under %(days)d days old") % {"days": days},
                e.new_account_enrolments,
                e.enrolments,
                0.5,
            ),
            _count_share(
                gettext("Completions by accounts under %(days)d days old") % {"days": days},
                e.new_account_completions,
                e.completions,
                0.5,
            ),
            _count_share(
                gettext("Completed within an hour of enrolling"), e.rushed_completions, e.completions, 0.5
            ),
            Fact(
                gettext("Median account age at enrolment"),
                _minutes(e.median_account_days * 1440 if e.median_account_days is not None else None),
            ),
        ]
    return facts


@register_evidence("promotion")
def referral_evidence(start, end, contributor_ids):
    from community.tracking.evidence import referral_evidence as evidence_of

    facts = {}
    for contributor_id, e in evidence_of(start, end, contributor_ids).items():
        facts[contributor_id] = [
            Fact(
                gettext("Networks they came from (a network on a day)"),
                gettext("%(networks)d for %(people)d people") % {"networks": e.networks, "people": e.people},
            ),
            _count_share(gettext("From the busiest network of a day"), e.top_network_people, e.people, 0.5),
            Fact(
                gettext("Median time from the link to the new account"), _minutes(e.minutes_click_to_account)
            ),
            Fact(gettext("Median account age when referred"), _minutes(e.minutes_account_to_referral)),
            _count_share(gettext("Referred within an hour of signing up"), e.quick, e.people),
            _count_share(gettext("Without a verified email"), e.unverified, e.people, 0.5),
            Fact(gettext("Newsletter readers (addresses confirmed)"), str(e.newsletter)),
            _count_share(
                gettext("Newsletter readers from the busiest network of a day"),
                e.newsletter_top_network,
                e.newsletter,
                0.5,
            ),
            _count_share(
                gettext("Newsletter readers on the most common email domain"),
                e.newsletter_top_domain,
                e.newsletter,
                0.8 if e.newsletter >= 3 else None,
            ),
        ]
    return facts
