"""Recorders turn one counted request into one view, exactly, under concurrency.

DatabaseRecorder writes in the request: one atomic statement inserts the visitor key
if new, one upsert adds the view (and the visitor when new) to PageViewDaily.
RedisRecorder buffers with one Lua script (HINCRBY + SADD); flush() moves the buffer
aside atomically and applies it to the database in one transaction keyed by a flush
id, so a flush that dies half-way is resumed without losing or double-counting.

While Redis is down or too slow, RedisRecorder writes each view with the database
recorder instead (portal.breaker decides when to try Redis again). A script that
reaches a stalled Redis only after the client gave up must not count the view a
second time, so each call carries a deadline, half the socket timeout away: a script
run after it records nothing."""

import logging
import time
import uuid
from collections import Counter, defaultdict

import redis
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from redis.exceptions import RedisError
from wagtail.models import Page

from portal.breaker import redis_breaker

from . import conf
from .models import PageViewDaily, PageViewFlush, PageVisitor

logger = logging.getLogger(__name__)

# Rows per multi-row INSERT: SQLite allows 32,766 parameters, PostgreSQL 65,535.
CHUNK_ROWS = 500


def _quoted(model, *fields):
    qn = connection.ops.quote_name
    columns = [qn(model._meta.get_field(name).column) for name in fields]
    return qn(model._meta.db_table), columns


def _check_vendor():
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError("Page views are recorded on PostgreSQL or SQLite.")


def insert_new_visitors(rows):
    """Insert (page_id, day, key) rows, skipping those already there. Returns a Counter
    of newly inserted rows per (page_id, day)."""
    _check_vendor()
    table, (page_col, day_col, key_col) = _quoted(PageVisitor, "page", "day", "visitor_key")
    adapt = connection.ops.adapt_datefield_value
    new = Counter()
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [value for page_id, day, key in chunk for value in (page_id, adapt(day), key)]
            cursor.execute(
                f"INSERT INTO {table} ({page_col}, {day_col}, {key_col}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({page_col}, {day_col}, {key_col}) DO NOTHING RETURNING {page_col}, {day_col}",
                params,
            )
            for page_id, day in cursor.fetchall():
                new[(page_id, _as_date(day))] += 1
    return new


def add_daily_counts(counts):
    """Add {(page_id, day): (views, new_visitors)} to PageViewDaily in upserts."""
    _check_vendor()
    table, (page_col, day_col, views_col, visitors_col) = _quoted(
        PageViewDaily, "page", "day", "views", "visitors"
    )
    adapt = connection.ops.adapt_datefield_value
    items = [(page_id, day, views, visitors) for (page_id, day), (views, visitors) in counts.items()]
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK_ROWS):
            chunk = items[start : start + CHUNK_ROWS]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            params = [v for page_id, day, views, vis in chunk for v in (page_id, adapt(day), views, vis)]
            cursor.execute(
                f"INSERT INTO {table} ({page_col}, {day_col}, {views_col}, {visitors_col}) "  # noqa: S608
                f"VALUES {values} ON CONFLICT ({page_col}, {day_col}) DO UPDATE SET "
                f"{views_col} = {table}.{views_col} + excluded.{views_col}, "
                f"{visitors_col} = {table}.{visitors_col} + excluded.{visitors_col}",
                params,
            )


def _as_date(value):
    if isinstance(value, str):
        from datetime import date

        return date.fromisoformat(value)
    return value


def record_view_in_one_statement(page_id, day, key):
    """PostgreSQL: the visitor insert and the upsert in one statement, one round trip.
    A statement with data-modifying CTEs is atomic and sees one snapshot."""
    visitors, (v_page, v_day, v_key) = _quoted(PageVisitor, "page", "day", "visitor_key")
    daily, (page_col, day_col, views_col, visitors_col) = _quoted(
        PageViewDaily, "page", "day", "views", "visitors"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH new_visitor AS (INSERT INTO {visitors} ({v_page}, {v_day}, {v_key}) "  # noqa: S608
            f"VALUES (%s, %s, %s) ON CONFLICT ({v_page}, {v_day}, {v_key}) DO NOTHING RETURNING 1) "
            f"INSERT INTO {daily} ({page_col}, {day_col}, {views_col}, {visitors_col}) "
            f"SELECT %s, %s, 1, (SELECT count(*) FROM new_visitor) "
            f"ON CONFLICT ({page_col}, {day_col}) DO UPDATE SET "
            f"{views_col} = {daily}.{views_col} + 1, "
            f"{visitors_col} = {daily}.{visitors_col} + excluded.{visitors_col}",
            [page_id, day, key, page_id, day],
        )


class DatabaseRecorder:
    name = "database"

    def record(self, page_id, day, key):
        if connection.vendor == "postgresql":
            record_view_in_one_statement(page_id, day, key)
            return
        with transaction.atomic():
            new = insert_new_visitors([(page_id, day, key)])
            add_daily_counts({(page_id, day): (1, new[(page_id, day)])})

    def flush(self):
        return None


# What a script returns when it ran after its caller's deadline and did nothing.
TOO_LATE = -1


def deadline_lua(deadline, too_late):
    """Lua that returns `too_late` when Redis's clock is past `deadline` (Unix seconds)."""
    return f"""
local now = redis.call('TIME')
if tonumber(now[1]) + tonumber(now[2]) / 1000000 > tonumber({deadline}) then
  return {too_late}
end
"""


def script_deadline():
    """The deadline sent with a recording script: half the socket timeout from now, so
    that a script run in time has the other half to answer before the client gives up."""
    return f"{time.time() + socket_timeout() / 2:.6f}"


def socket_timeout():
    return float(getattr(settings, "REDIS_SOCKET_TIMEOUT", 1.0))


def connect_timeout():
    return float(getattr(settings, "REDIS_CONNECT_TIMEOUT", 1.0))


def record_lua(views_key, visitors_key, due_key, field, visitor_field, interval):
    """Lua that records one view in the buffer and sets `flush_due` to 1 when the flush
    interval has passed. Shared by RECORD_SCRIPT and the page cache's hit script
    (cached_hits.RedisHits), so a view is recorded the same way by both."""
    return f"""
redis.call('HINCRBY', {views_key}, {field}, 1)
redis.call('SADD', {visitors_key}, {visitor_field})
local flush_due = 0
if redis.call('SET', {due_key}, '1', 'NX', 'EX', tonumber({interval})) then
  flush_due = 1
end
"""


RECORD_SCRIPT = (
    deadline_lua("ARGV[4]", TOO_LATE)
    + record_lua("KEYS[1]", "KEYS[2]", "KEYS[3]", "ARGV[1]", "ARGV[2]", "ARGV[3]")
    + "return flush_due\n"
)

# Moves the buffer aside under a flush id, or hands back the id of a flush that is
# still pending (it died, or another process is applying it).
START_FLUSH_SCRIPT = """
local pending = redis.call('GET', KEYS[5])
if pending then
  return pending
end
local moved = false
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  moved = true
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[4])
  moved = true
end
if not moved then
  return false
end
redis.call('SET', KEYS[5], ARGV[1])
return ARGV[1]
"""

FINISH_FLUSH_SCRIPT = """
if redis.call('GET', KEYS[3]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return 1
end
return 0
"""

_clients = {}


def redis_client(url=None):
    url = url or conf.redis_url()
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = redis.Redis.from_url(
            url, socket_timeout=socket_timeout(), socket_connect_timeout=connect_timeout()
        )
    return client


class RedisRecorder:
    """Keys share the hash tag {pv} so the scripts also work on a Redis cluster."""

    name = "redis"

    def __init__(self, url=None, prefix=None):
        self.client = redis_client(url)
        self.breaker = redis_breaker(url or conf.redis_url())
        self.prefix = (prefix or conf.redis_prefix()) + "{pv}:"
        self.keys = {
            name: self.prefix + name
            for name in ("buf:views", "buf:visitors", "flush:views", "flush:visitors", "flush:id", "due")
        }
        self._record = self.client.register_script(RECORD_SCRIPT)
        self._start_flush = self.client.register_script(START_FLUSH_SCRIPT)
        self._finish_flush = self.client.register_script(FINISH_FLUSH_SCRIPT)

    def record(self, page_id, day, key):
        if self.breaker.is_open():
            _database_recorder.record(page_id, day, key)
            return
        k = self.keys
        field = f"{page_id}:{day.isoformat()}"
        try:
            flush_due = self._record(
                keys=[k["buf:views"], k["buf:visitors"], k["due"]],
                args=[field, f"{field}:{key}", conf.flush_interval(), script_deadline()],
            )
        except RedisError as exc:
            self.breaker.record_failure(exc)
            flush_due = TOO_LATE
        if flush_due == TOO_LATE:
            _database_recorder.record(page_id, day, key)
            return
        self.breaker.record_success()
        self.enqueue_flush_if_due(flush_due)

    @staticmethod
    def enqueue_flush_if_due(flush_due):
        if flush_due:
            from .tasks import flush_page_views

            try:
                flush_page_views.enqueue()
            except Exception:  # the buffer is safe; the next flush takes it
                logger.exception("Could not enqueue the page-view flush")

    def pending_views(self):
        """Views waiting in Redis, buffered or mid-flush (for reports and tests)."""
        total = 0
        for name in ("buf:views", "flush:views"):
            total += sum(int(v) for v in self.client.hvals(self.keys[name]))
        return total

    def flush(self, max_rounds=10):
        """Apply the buffer to the database, resuming an interrupted flush first.
        Returns a summary of what was applied, or None when there was nothing."""
        total = None
        for _ in range(max_rounds):
            summary = self.flush_once()
            if summary is None:
                break
            total = total or {
                "views": 0,
                "new_visitors": 0,
                "page_days": 0,
                "flushes": 0,
                "already_applied": 0,
            }
            total["flushes"] += 1
            if summary["applied"]:
                total["views"] += summary["views"]
                total["new_visitors"] += summary["new_visitors"]
                total["page_days"] += summary["page_days"]
            else:
                total["already_applied"] += 1
        return total

    def flush_once(self, fail_after_commit=False):
        """Move the buffer aside (or take up a pending flush), apply it, then drop it."""
        k = self.keys
        flush_id = self._start_flush(
            keys=[k["buf:views"], k["buf:visitors"], k["flush:views"], k["flush:visitors"], k["flush:id"]],
            args=[uuid.uuid4().hex],
        )
        if not flush_id:
            return None
        flush_id = flush_id.decode() if isinstance(flush_id, bytes) else flush_id
        views = {}
        for field, count in self.client.hgetall(k["flush:views"]).items():
            page_id, day = field.decode().split(":")
            views[(int(page_id), _as_date(day))] = int(count)
        visitors = []
        for member in self.client.sscan_iter(k["flush:visitors"], count=1000):
            page_id, day, key = member.decode().split(":")
            visitors.append((int(page_id), _as_date(day), key))
        applied = apply_flush(flush_id, views, visitors)
        if fail_after_commit:
            raise RuntimeError("simulated crash after the flush committed")
        self._finish_flush(keys=[k["flush:views"], k["flush:visitors"], k["flush:id"]], args=[flush_id])
        return applied

    def clear(self):
        self.client.delete(*self.keys.values())


def apply_flush(flush_id, views, visitors):
    """Apply one buffer in one transaction; a flush id seen before changes nothing."""
    existing = set(Page.objects.filter(pk__in={page_id for page_id, _ in views}).values_list("pk", flat=True))
    views = {pd: n for pd, n in views.items() if pd[0] in existing}
    visitors = [row for row in visitors if row[0] in existing]
    summary = {
        "flush_id": flush_id,
        "views": sum(views.values()),
        "page_days": len(views),
        "new_visitors": 0,
        "applied": False,
    }
    try:
        with transaction.atomic():
            PageViewFlush.objects.create(flush_id=flush_id, views=summary["views"])
            new = insert_new_visitors(visitors)
            counts = defaultdict(lambda: [0, 0])
            for pd, n in views.items():
                counts[pd][0] += n
            for pd, n in new.items():
                counts[pd][1] += n
            add_daily_counts({pd: tuple(v) for pd, v in counts.items()})
    except IntegrityError:
        # The unique flush id: this buffer was applied by an earlier, interrupted run.
        if not PageViewFlush.objects.filter(flush_id=flush_id).exists():
            raise
        return summary
    summary["applied"] = True
    summary["new_visitors"] = sum(new.values())
    return summary


class NullRecorder:
    """TRACKING_RECORDER = "off": pages are served and nothing is counted (a staging
    site; the page benchmark's comparison mode)."""

    name = "off"

    def record(self, page_id, day, key):
        return None

    def flush(self):
        return None


def get_recorder():
    name = conf.recorder_name()
    if name == "off":
        return _null_recorder
    if name == "redis":
        where = (conf.redis_url(), conf.redis_prefix())
        recorder = _recorders.get(where)
        if recorder is None:
            recorder = _recorders[where] = RedisRecorder(*where)
        return recorder
    return _database_recorder


_database_recorder = DatabaseRecorder()
_null_recorder = NullRecorder()
_recorders = {}
