"""Reward calculation benchmark on PostgreSQL.

Builds a month of activity in its own database (schema made by `migrate`), first at
one tenth of the target size, times `calculate_rewards` on it, then tops the data up
to full size and times it again:

  full size: 2,000 contributors, 20,000 blog posts, 600,000 PageViewDaily rows
  (10 million views, for the charts), 600,000 QualifiedRead rows (the qualified
  readers the blogging stream pays for), 200 courses with 1,000 lessons, 10,000 learners, 20,000
  enrolments, 40,000 lesson completions, 6,000 referrals, 1,000 membership fees.

It prints both timings and their ratio. The target: full size within 10 s, and the
ratio no more than the ratio of sizes (10), i.e. cost growing no faster than linearly.
It also times Finance's review before pay of the calculated month at both sizes.

Usage:  python bench/rewards.py [--runs 3] [--keep]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmp_bench_rewards (the default)
The database is dropped and created again unless --keep is given (then it is reused
as it is, and only timed).
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kmp_bench_rewards"
MONTH = date(2026, 10, 1)
DAYS = 31
FULL = {
    "contributors": 2_000,
    "posts": 20_000,
    "courses": 200,
    "learners": 10_000,
    "enrolments": 20_000,
    "referrals": 6_000,
    "fees": 1_000,
}
LESSONS_PER_COURSE = 5
DAYS_OF_VIEWS = 30  # 20,000 posts x 30 days = 600,000 rows
MEAN_VIEWS = 10_000_000 / (FULL["posts"] * DAYS_OF_VIEWS)
# Qualified readers of a contributor on a day: 2,000 contributors x 30 days x 10 = 600,000 rows.
MEAN_READERS = 10
READERS_PER_NETWORK = 3


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="timed runs at each size (the median is reported)"
    )
    parser.add_argument("--keep", action="store_true", help="reuse the existing benchmark database")
    return parser.parse_args()


def reset_database(url):
    """Drop and create the benchmark database through the server's maintenance database."""
    import psycopg
    from psycopg import sql

    info = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    name = info.pop("dbname")
    if not name.startswith("kmp_bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark only drops databases named kmp_bench*.")
    with psycopg.connect(psycopg.conninfo.make_conninfo(**info, dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def copy_rows(model, rows, total, desc):
    """COPY rows (dicts of field name -> value) into model's table, with a progress bar."""
    from django.db import connection
    from tqdm import tqdm

    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in tqdm(rows, total=total, desc=desc, unit="row", unit_scale=True, leave=False):
            copy.write_row([f.get_db_prep_save(row.get(f.name, f.get_default()), connection) for f in fields])


def credit_in_batches(credit, queryset, size=5_000):
    """Write the teaching credits of the rows of queryset (courses.credits), size at a time."""
    ids = list(queryset.values_list("pk", flat=True))
    for first in range(0, len(ids), size):
        credit(ids[first : first + size])


def bulk_pages(model, parent, specs):
    """Pages of `model` under `parent`, inserted in bulk with their tree paths worked out here
    (Page.add_child would cost several queries a page)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    now = datetime.now(UTC)
    base = []
    for offset, spec in enumerate(specs, start=parent.numchild + 1):
        base.append(
            Page(
                path=parent.path + Page._int2str(offset).rjust(Page.steplen, "0"),
                depth=parent.depth + 1,
                numchild=0,
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type,
                live=True,
                url_path=f"{parent.url_path}{spec['slug']}/",
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(base, batch_size=2_000)
    specific = [
        model(page_ptr_id=page.pk, **{k: v for k, v in spec.items() if k not in ("title", "slug")})
        for page, spec in zip(base, specs, strict=True)
    ]
    # bulk_create refuses multi-table models; insert only the specific table's own columns.
    model.objects.all()._batched_insert(specific, model._meta.local_concrete_fields, batch_size=2_000)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(specs))
    return base


def scaled(fraction_from, fraction_to, name):
    return range(round(FULL[name] * fraction_from), round(FULL[name] * fraction_to))


def month_moment(rnd):
    return datetime.combine(MONTH, datetime.min.time(), tzinfo=UTC) + timedelta(
        seconds=rnd.randrange(DAYS * 86_400 - 1)
    )


def generate(fraction_from, fraction_to, seed):
    """The slice [from, to) of the full data set, so that a tenth can be topped up to the whole."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from tqdm import tqdm
    from wagtail.models import Page

    from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
    from community.people.models import ContributorProfile, User
    from community.rewards.ledger import get_period
    from community.rewards.models import LedgerEntry
    from community.tracking.models import PageViewDaily, QualifiedRead, Referral
    from courses.credits import credit_completions, credit_lessons
    from courses.models import (
        CourseIndexPage,
        CourseInstructor,
        CoursePage,
        Enrolment,
        LessonPage,
        LessonProgress,
    )

    rnd = random.Random(seed)
    password = make_password(None)
    steps = tqdm(total=9, desc=f"data {fraction_from:.0%}-{fraction_to:.0%}", unit="step")
    with transaction.atomic():
        root = Page.get_first_root_node()
        blog = BlogIndexPage.objects.first()
        if blog is None:
            blog = root.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
            root.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
        course_index = CourseIndexPage.objects.get()

        contributor_range = scaled(fraction_from, fraction_to, "contributors")
        users = User.objects.bulk_create(
            [
                User(
                    email=f"contributor{i}@bench.example", password=password, first_name="C", last_name=str(i)
                )
                for i in contributor_range
            ],
            batch_size=2_000,
        )
        preferences = ["cash"] * 8 + ["volunteer", "give_back"]
        ContributorProfile.objects.bulk_create(
            [
                ContributorProfile(
                    user=user,
                    display_name=f"Contributor {i}",
                    slug=f"contributor-{i}",
                    payout_preference=preferences[i % len(preferences)],
                    referral_code=f"ref{i}",
                )
                for i, user in zip(contributor_range, users, strict=True)
            ],
            batch_size=2_000,
        )
        contributor_ids = list(ContributorProfile.objects.values_list("pk", flat=True))
        steps.update()

        post_range = scaled(fraction_from, fraction_to, "posts")
        posts = bulk_pages(
            BlogPostPage,
            blog,
            [
                {"title": f"Post {i}", "slug": f"post-{i}", "summary": "A benchmark post.", "date": MONTH}
                for i in post_range
            ],
        )
        authors = []
        for page in posts:
            chosen = rnd.sample(contributor_ids, 2 if rnd.random() < 0.1 else 1)
            authors += [
                BlogPostAuthor(page_id=page.pk, author_id=c, sort_order=n) for n, c in enumerate(chosen)
            ]
        BlogPostAuthor.objects.bulk_create(authors, batch_size=5_000)
        steps.update()

        def view_rows():
            for page in posts:
                for day in range(DAYS_OF_VIEWS):
                    views = max(1, round(rnd.expovariate(1 / MEAN_VIEWS)))
                    yield {
                        "page": page.pk,
                        "day": MONTH + timedelta(days=day),
                        "views": views,
                        "visitors": max(1, views * 7 // 10),
                    }

        copy_rows(PageViewDaily, view_rows(), len(posts) * DAYS_OF_VIEWS, "page views")
        steps.update()

        posts_of = {}
        for author in authors:
            posts_of.setdefault(author.author_id, []).append(author.page_id)
        new_contributors = list(
            ContributorProfile.objects.filter(user__in=users).order_by("pk").values_list("pk", flat=True)
        )

        def read_rows():
            """A contributor's readers on a day: mostly one per network, some sharing one."""
            for contributor_id in new_contributors:
                for day in range(DAYS_OF_VIEWS):
                    day_date = MONTH + timedelta(days=day)
                    network, slot = None, READERS_PER_NETWORK
                    for _reader in range(round(rnd.expovariate(1 / MEAN_READERS))):
                        if slot >= READERS_PER_NETWORK or rnd.random() < 0.8:
                            network, slot = f"{rnd.getrandbits(128):032x}", 0
                        slot += 1
                        yield {
                            "contributor": contributor_id,
                            "day": day_date,
                            "reader_key": f"{rnd.getrandbits(128):032x}",
                            "network_key": network,
                            "slot": slot,
                            "signed_in": rnd.random() < 0.15,
                            "page": rnd.choice(posts_of.get(contributor_id) or [None]),
                            "created_at": datetime.combine(day_date, datetime.min.time(), tzinfo=UTC)
                            + timedelta(seconds=rnd.randrange(86_400)),
                        }

        expected = len(new_contributors) * DAYS_OF_VIEWS * MEAN_READERS
        copy_rows(QualifiedRead, read_rows(), expected, "qualified reads")
        steps.update()

        course_range = scaled(fraction_from, fraction_to, "courses")
        courses = bulk_pages(
            CoursePage,
            course_index,
            [
                {"title": f"Course {i}", "slug": f"course-{i}", "summary": "A course.", "estimated_hours": 4}
                for i in course_range
            ],
        )
        CourseInstructor.objects.bulk_create(
            [
                CourseInstructor(page_id=course.pk, instructor_id=c, sort_order=n)
                for course in courses
                for n, c in enumerate(rnd.sample(contributor_ids, rnd.choice((1, 1, 2))))
            ]
        )
        lessons = []
        for course in courses:
            lessons += [
                (course.pk, page.pk)
                for page in bulk_pages(
                    LessonPage,
                    course,
                    [
                        {"title": f"Lesson {n}", "slug": f"lesson-{n}", "summary": "A lesson."}
                        for n in range(LESSONS_PER_COURSE)
                    ],
                )
            ]
        steps.update()

        learner_range = scaled(fraction_from, fraction_to, "learners")
        learners = User.objects.bulk_create(
            [User(email=f"learner{i}@bench.example", password=password) for i in learner_range],
            batch_size=5_000,
        )
        learner_ids = [user.pk for user in learners]
        all_courses = list(CoursePage.objects.values_list("pk", flat=True))
        lessons_by_course = {}
        for lesson_path, lesson_id in LessonPage.objects.values_list("path", "pk"):
            lessons_by_course.setdefault(lesson_path[: -Page.steplen], []).append(lesson_id)
        course_paths = dict(CoursePage.objects.values_list("pk", "path"))
        pairs = set()
        target = len(scaled(fraction_from, fraction_to, "enrolments"))
        while len(pairs) < target:
            pairs.add((rnd.choice(learner_ids), rnd.choice(all_courses)))
        enrolments, progress = [], []
        for number, (user_id, course_id) in enumerate(sorted(pairs)):
            completed = rnd.random() < 0.1
            enrolments.append(
                {
                    "user": user_id,
                    "course": course_id,
                    "enrolled_at": month_moment(rnd) - timedelta(days=20),
                    "completed_at": month_moment(rnd) if completed else None,
                    "certificate_code": f"B{fraction_from:.1f}-{number}" if completed else None,
                }
            )
            for lesson_id in rnd.sample(lessons_by_course[course_paths[course_id]], 2):
                progress.append({"user": user_id, "lesson": lesson_id, "completed_at": month_moment(rnd)})
        last_enrolment = Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        last_progress = LessonProgress.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        copy_rows(Enrolment, enrolments, len(enrolments), "enrolments")
        copy_rows(LessonProgress, progress, len(progress), "lesson progress")
        # COPY sends no post_save: credit the instructors as the learning views would.
        credit_in_batches(credit_completions, Enrolment.objects.filter(pk__gt=last_enrolment))
        credit_in_batches(credit_lessons, LessonProgress.objects.filter(pk__gt=last_progress))
        steps.update()

        referral_range = scaled(fraction_from, fraction_to, "referrals")
        copy_rows(
            Referral,
            (
                {
                    "contributor": rnd.choice(contributor_ids),
                    "user": rnd.choice(learner_ids),
                    "kind": rnd.choice(("membership", "enrolment")),
                    "object_id": 1_000_000 + i,
                    "code": "bench",
                    "created_at": month_moment(rnd),
                }
                for i in referral_range
            ),
            len(referral_range),
            "referrals",
        )
        steps.update()

        period = get_period(MONTH)
        fee_range = scaled(fraction_from, fraction_to, "fees")
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    kind=LedgerEntry.Kind.MEMBERSHIP_FEE,
                    amount=6_000,
                    period=period,
                    member_id=learner_ids[i % len(learner_ids)],
                    payment_reference=f"BENCH-{i}",
                    received_on=MONTH,
                )
                for i in fee_range
            ]
        )
        steps.update()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps.update()
    steps.close()


def time_calculation(runs):
    from django.core.management import call_command

    from community.rewards.models import RewardPeriod

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call_command("calculate_rewards", MONTH.strftime("%Y-%m"), stdout=open(os.devnull, "w"))  # noqa: SIM115
        timings.append(time.perf_counter() - started)
    period = RewardPeriod.objects.get(start=MONTH)
    return statistics.median(timings), timings, period, period.statements.count()


def describe():
    from django.db.models import Sum

    from community.people.models import ContributorProfile
    from community.tracking.models import PageViewDaily, QualifiedRead

    totals = PageViewDaily.objects.aggregate(views=Sum("views"))
    return (
        f"{ContributorProfile.objects.count():,} contributors, "
        f"{PageViewDaily.objects.values('page').distinct().count():,} posts with views, "
        f"{PageViewDaily.objects.count():,} PageViewDaily rows, {totals['views'] or 0:,} views, "
        f"{QualifiedRead.objects.count():,} qualified reads"
    )


def time_review(runs):
    """Finance's review before pay of the calculated month: rank everyone, evidence for the top."""
    from community.rewards.models import RewardPeriod
    from community.rewards.review import period_review

    period = RewardPeriod.objects.select_related("policy").get(start=MONTH)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = period_review(period)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), timings, len(rows)


def report(label, median, timings, period, statements):
    from portal.money import format_money

    print(
        f"{label:<10} {median:6.2f} s median of {len(timings)} "
        f"({', '.join(f'{t:.2f}' for t in timings)}); {statements:,} statements, "
        f"pool {format_money(period.pool)}, paid {format_money(period.paid)}, {period.rewarded:,} rewarded"
    )


def report_review(label, median, timings, shown):
    print(
        f"review {label:<5} {median:6.2f} s median of {len(timings)} "
        f"({', '.join(f'{t:.2f}' for t in timings)}); {shown} contributors shown with their evidence"
    )


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The rewards benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    if not args.keep:
        reset_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.keep:
        print("Reusing the data in the database; timing full size only.")
        print(describe())
        report("full", *time_calculation(args.runs))
        report_review("full", *time_review(args.runs))
        return

    generate(0, 0.1, seed=1)
    print(f"tenth:     {describe()}")
    tenth = time_calculation(args.runs)
    tenth_review = time_review(args.runs)
    generate(0.1, 1, seed=2)
    print(f"full size: {describe()}")
    full = time_calculation(args.runs)
    full_review = time_review(args.runs)

    report("tenth", *tenth)
    report("full", *full)
    ratio = full[0] / tenth[0]
    print(
        f"ratio full / tenth: {ratio:.1f} for 10x the data ({'linear or better' if ratio <= 10 else 'WORSE than linear'})"
    )
    report_review("tenth", *tenth_review)
    report_review("full", *full_review)
    print(f"review ratio full / tenth: {full_review[0] / tenth_review[0]:.1f} for 10x the data")
    print(f"target: full size under 10 s: {'met' if full[0] < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
