"""Django's Redis cache, keeping its redis.Redis client objects, and carrying on
without Redis.

Django's RedisCacheClient builds a new redis.Redis (and its table of response
callbacks) for every cache call, about as costly as the call itself when Redis is
local: it is most of what an anonymous page-cache hit spends outside Redis. The
objects are thread-safe wrappers around a connection pool, so one per pool is kept.

When Redis fails (down, or slower than the socket timeouts), every call goes to a
local in-memory cache until Redis answers again (portal.breaker), so rate limits
keep counting in each process and no page fails. Shared caches (pages, fragments,
menus) check `is_shared` and are skipped meanwhile: a purge made through another
server could not reach a local copy."""

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

from .breaker import redis_breaker

PROBE_KEY = "portal:probe"


class ReusedRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _guarded(name):
    def method(self, *args, **kwargs):
        breaker = self.breaker
        if breaker.is_open():
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(django_redis.RedisCache, name)(self, *args, **kwargs)
        except RedisError as exc:
            breaker.record_failure(exc)
            return getattr(self.fallback, name)(*args, **kwargs)
        if breaker.failing and breaker.record_success():
            self.fallback.clear()
        return result

    method.__name__ = name
    return method


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        self.breaker = redis_breaker(",".join(self._servers))
        self.fallback = LocMemCache(
            f"redis-fallback:{server}",
            {key: value for key, value in params.items() if key not in ("OPTIONS", "LOCATION")},
        )

    @property
    def is_shared(self):
        """False while Redis is failing and this process works from its local copy.
        When it is time to try Redis again, one cheap call does, so that a recovery
        (and the purge that comes with it) happens before anything shared is read."""
        if not self.breaker.failing:
            return True
        if self.breaker.is_open():
            return False
        self.has_key(PROBE_KEY)
        return not self.breaker.failing

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")
