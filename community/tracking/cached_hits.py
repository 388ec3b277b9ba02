"""The page cache's hit in one Redis round trip, when Django's cache and the page-view
buffer are the same Redis: the entry, both purge tokens and the view, atomically."""

import json

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

from portal.cache import SITE_TOKEN_CACHE_KEY, site_token
from portal.page_cache import entry_key, path_token_key

from . import conf
from .recorders import TOO_LATE, deadline_lua, record_lua, script_deadline

# A hit in one Redis call: the entry, both tokens and the view (recorders.record_lua).
HIT_SCRIPT = (
    deadline_lua("ARGV[5]", f"{{{TOO_LATE}}}")
    + """
-- pcall: an entry left as a plain value by the other path (or a release before it) is a miss.
local entry = redis.pcall('HMGET', KEYS[1], 'page', 'path_token', 'site_token', 'content', 'headers')
if entry.err then
  entry = {}
end
local path_token = redis.call('GET', KEYS[2]) or ''
local site_token = redis.call('GET', KEYS[3]) or ''
if not entry[1] or entry[2] ~= path_token or entry[3] ~= site_token then
  return {0, path_token, site_token}
end
local flush_due = 0
if ARGV[1] == '1' then
  local field = entry[1] .. ':' .. ARGV[2]
"""
    + record_lua("KEYS[4]", "KEYS[5]", "KEYS[6]", "field", "field .. ':' .. ARGV[3]", "ARGV[4]")
    + """
end
return {1, entry[1], entry[4], entry[5], flush_due}
"""
)


class RedisHits:
    """The page cache when Django's cache and the page-view buffer are the same Redis.

    A cache hit then costs one round trip instead of two (read the entry, then record
    the view): HIT_SCRIPT checks the entry against the purge tokens and records the view
    in the buffer, atomically, so a view is counted once, on a hit or on the render
    that follows a miss, never on both. Entries are Redis hashes under the cache's own
    key names, and keep the tokens as Redis held them when the request began: the script
    compares them byte for byte with the tokens' current values."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.client = recorder.client
        self._hit = self.client.register_script(HIT_SCRIPT)

    def lookup(self, request, count):
        """(entry, tokens) like portal.page_cache.lookup(); on a hit the view was recorded when `count`.
        (None, None) when Redis failed or answered too late: render, do not store."""
        from .visitors import today, visitor_key

        day = today()
        buffer = self.recorder.keys
        try:
            result = self._call_hit_script(request, count, day, buffer, visitor_key)
        except RedisError as exc:
            self.recorder.breaker.record_failure(exc)
            return None, None
        if result[0] == TOO_LATE:
            return None, None
        self.recorder.breaker.record_success()
        if not result[0]:
            # Tokens as Redis holds them, compared byte for byte by the script.
            path_token, token = result[1], result[2]
            if not token:
                token = str(site_token()).encode()  # created now, as digits
            return None, (path_token, token)
        _, page_id, content, headers, flush_due = result
        self.recorder.enqueue_flush_if_due(flush_due)
        entry = {"content": content, "headers": json.loads(headers), "page_id": int(page_id)}
        return entry, None

    def _call_hit_script(self, request, count, day, buffer, visitor_key):
        return self._hit(
            keys=[
                cache.make_key(entry_key(request)),
                cache.make_key(path_token_key(request.path)),
                cache.make_key(SITE_TOKEN_CACHE_KEY),
                buffer["buf:views"],
                buffer["buf:visitors"],
                buffer["due"],
            ],
            args=[
                "1" if count else "0",
                day.isoformat(),
                visitor_key(request, day, None) if count else "",
                conf.flush_interval(),
                script_deadline(),
            ],
        )

    def store(self, request, entry, timeout):
        path_token, token = entry["tokens"]
        key = cache.make_key(entry_key(request))
        try:
            self._store(key, entry, path_token, token, timeout)
        except RedisError as exc:
            self.recorder.breaker.record_failure(exc)

    def _store(self, key, entry, path_token, token, timeout):
        with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            pipe.hset(
                key,
                mapping={
                    "page": entry["page_id"],
                    "path_token": path_token,
                    "site_token": token,
                    "content": entry["content"],
                    "headers": json.dumps(entry["headers"]),
                },
            )
            pipe.expire(key, timeout)
            pipe.execute()


def redis_hits():
    """RedisHits when the default cache and the page-view buffer share one Redis server."""
    from .recorders import get_recorder

    recorder = get_recorder()
    backend = caches["default"]
    if recorder.name != "redis" or not isinstance(backend, DjangoRedisCache):
        return None
    if list(backend._servers) != [conf.redis_url()]:
        return None
    hits = getattr(recorder, "_page_cache_hits", None)
    if hits is None:
        hits = recorder._page_cache_hits = RedisHits(recorder)
    return hits
