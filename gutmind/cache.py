"""The cache is an optimisation: with Redis down, every page still works without it.

ForgivingRedisCache is Django's RedisCache with each call guarded: a connection error or
timeout is logged once and answered as a miss (get), a no-op (set, delete) or a success
(add). For a few seconds after a failure it does not try Redis at all, so a page that reads
the cache five times does not wait for five timeouts.

Sign-in while Redis is down: it works, and allauth's rate limits degrade open. Those limits
(a lock taken with cache.add, then a list of recent attempts) live only in the cache; failing
closed would show everyone "too many attempts" and lock every person out of their own diary
for as long as the outage lasts, a denial of service nobody has to cause. Failing open leaves
password guessing throttled by the password hasher alone (each guess costs a full PBKDF2 run
on our side) for the length of an outage that /healthz reports as a 503 naming the cache.
Nothing in GutMind relies on cache.add as a lock for correctness; the database holds every
idempotency key.

cached() is the helper for callers that cache a computed result (the insights):
the computation runs whether or not the cache answers."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, calls answer at once for this long before Redis is tried again.
RETRY_AFTER_SECONDS = 5.0
T = TypeVar("T")
Method = TypeVar("Method", bound=Callable[..., Any])


class CacheUnavailable(Exception):
    """Raised only by ping(): /healthz wants to know, everything else carries on."""


def _forgiving(fallback: Callable[..., object]) -> Callable[[Method], Method]:
    def decorate(method: Method) -> Method:
        @wraps(method)
        def guarded(self: "ForgivingRedisCache", *args: Any, **kwargs: Any) -> object:
            if time.monotonic() < self._down_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                self._went_down(error)
                return fallback(*args, **kwargs)

        return cast(Method, guarded)  # same arguments as method; a fallback's answer on failure

    return decorate


def _default(key: str, default: object = None, *args: object, **kwargs: object) -> object:
    return default


def _none(*args: object, **kwargs: object) -> None:
    return None


def _true(*args: object, **kwargs: object) -> bool:
    return True


def _false(*args: object, **kwargs: object) -> bool:
    return False


def _empty(*args: object, **kwargs: object) -> dict[str, object]:
    return {}


def _delta(key: str, delta: int = 1, *args: object, **kwargs: object) -> int:
    return delta


def _all_failed(data: dict[str, object], *args: object, **kwargs: object) -> list[str]:
    return list(data)


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0

    def _went_down(self, error: BaseException) -> None:
        if self._down_until == 0.0 or time.monotonic() >= self._down_until:
            log.warning("cache unavailable, carrying on without it: %s", error.__class__.__name__)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

    def ping(self) -> None:
        """Raises CacheUnavailable when Redis does not answer (ignores the pause)."""
        try:
            self._cache.get_client(write=True).ping()
        except UNAVAILABLE as error:
            self._went_down(error)
            raise CacheUnavailable(error.__class__.__name__) from error
        self._down_until = 0.0

    get = _forgiving(_default)(RedisCache.get)
    set = _forgiving(_none)(RedisCache.set)
    add = _forgiving(_true)(RedisCache.add)
    touch = _forgiving(_false)(RedisCache.touch)
    delete = _forgiving(_false)(RedisCache.delete)
    get_many = _forgiving(_empty)(RedisCache.get_many)
    has_key = _forgiving(_false)(RedisCache.has_key)
    incr = _forgiving(_delta)(RedisCache.incr)
    set_many = _forgiving(_all_failed)(RedisCache.set_many)
    delete_many = _forgiving(_none)(RedisCache.delete_many)
    clear = _forgiving(_false)(RedisCache.clear)


def cache_ping() -> None:
    """For /healthz: raises CacheUnavailable if the configured cache does not answer. A
    per-process cache (no REDIS_URL) always answers."""
    ping = getattr(caches["default"], "ping", None)
    if ping is not None:
        ping()


def cached(key: str, timeout: int, compute: Callable[[], T]) -> T:
    """The cached value under key, else compute() stored for timeout seconds. With the cache
    down this is just compute(): slower, never an error."""
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
