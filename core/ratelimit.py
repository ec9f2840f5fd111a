"""A fixed-window counter per key (an IP address, a link): the public pages' rate limit, no outside service.

The counts live in the "limits" cache (settings.CACHES): Redis when REDIS_URL is set, so every
web process counts together; without Redis a database table every process shares.
"""

import hashlib

from django.core.cache import caches


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while at most `limit` attempts fell in the current window."""
    # The key is hashed: no IP address is kept in the cache as such.
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
    cache_key = f"ratelimit:{scope}:{digest}"
    cache = caches["limits"]
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def reset(*, scope: str, key: str) -> None:
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
    caches["limits"].delete(f"ratelimit:{scope}:{digest}")
