"""Django's Redis cache, keeping its redis.Redis client objects.

Django's RedisCacheClient builds a new redis.Redis (and its table of response
callbacks) for every cache call, about as costly as the call itself when Redis is
local: it is most of what an anonymous page-cache hit spends outside Redis. The
objects are thread-safe wrappers around a connection pool, so one per pool is kept."""

from django.core.cache.backends import redis as django_redis


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
