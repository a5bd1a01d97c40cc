"""The map cache is bounded by bytes: what a viewer can make a worker keep has a ceiling."""

from service.map_cache import ENTRY_OVERHEAD, MapCache, RenderedMap

MB = 2**20


def picture(megabytes: float, position: int = 1) -> RenderedMap:
    return RenderedMap(b"x" * int(megabytes * MB), "image/png", position)


def test_the_cache_never_holds_more_bytes_than_its_bound() -> None:
    cache = MapCache(max_bytes=20 * MB)
    for request in range(100):  # a viewer asking for one filter after another
        cache.put(("fhs", request), picture(3))
        assert cache.size <= 20 * MB
    assert cache.get(("fhs", 99), 1) is not None and cache.get(("fhs", 0), 1) is None


def test_the_least_recently_used_picture_goes_first() -> None:
    cache = MapCache(max_bytes=20 * MB)
    for request in ("a", "b", "c"):
        cache.put(request, picture(3))
    cache.get("a", 1)
    cache.put("d", picture(3))
    assert cache.get("a", 1) is not None and cache.get("b", 1) is None


def test_many_tiny_entries_are_bounded_too() -> None:
    cache = MapCache(max_bytes=1 * MB)
    for request in range(10_000):
        cache.put(request, RenderedMap(b"", "text/plain", 1))
    assert cache.size <= 1 * MB and cache.get(9_999, 1) is not None
    assert cache.get(0, 1) is None and ENTRY_OVERHEAD > 0


def test_a_picture_larger_than_the_cache_is_not_kept() -> None:
    cache = MapCache(max_bytes=4 * MB)
    cache.put("small", picture(1))
    cache.put("huge", picture(5))
    assert cache.get("huge", 1) is None and cache.get("small", 1) is not None


def test_a_fallback_is_kept_for_its_position_but_never_becomes_the_last_good_picture() -> None:
    cache = MapCache()
    cache.put("fhs", picture(0.1, position=1))
    cache.put_fallback("fhs", 2, RenderedMap(b"grid", "image/svg+xml", 2, fallback="grid"))
    assert cache.get("fhs", 2).fallback == "grid"  # type: ignore[union-attr]
    assert cache.last_good("fhs") == picture(0.1, position=1)
