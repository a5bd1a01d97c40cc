"""Public pages made once and served again until what they show changes, with a strong ETag
(a digest of the body: the same page gets the same tag from every process) and
`Cache-Control: public, max-age=60`; a client or cache that has the page gets a 304. A page
is compressed once, too, and sent gzipped to whoever accepts it (with an ETag of its own, as
another representation of the page).

A page is kept per what it shows (`key`: the page, its language, ...) with the stamp it was
made at (`service.public_site.stamp`): while the stamp is the same, serving it replays,
draws and renders nothing. Items no signed checkpoint covered when the page was made are
asked about again, at most once a second, and the page is made anew when one is covered.
"""

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import lru_cache

from flask import Response, request
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

from web.pages.extensions import SECURITY_HEADERS
from web.public.checkpoints import checkpoint_of

MAX_AGE = 60
CACHE_CONTROL = ("Cache-Control", f"public, max-age={MAX_AGE}")
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Made:
    """A page as its maker returns it: the body, its media type, and the log positions of the
    items it shows without a checkpoint."""

    body: bytes
    mimetype: str
    uncovered: tuple[int, ...] = ()


@dataclass(frozen=True)
class Page:
    made: Made
    stamp: Hashable
    etag: str
    gzipped: bytes
    gzipped_etag: str
    checked_at: float

    @classmethod
    def of(cls, made: Made, stamp: Hashable) -> "Page":
        gzipped = gzip.compress(made.body, mtime=0)  # no time in it: the same bytes everywhere
        return cls(made, stamp, digest(made.body), gzipped, digest(gzipped), time.monotonic())


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:40]


class PublicPages:
    """The latest page per key, held as long as the process lives: a key is a published
    plan's page, map or data in one language, so they are few."""

    def __init__(self) -> None:
        self._pages: dict[Hashable, Page] = {}
        self._lock = threading.Lock()

    def page(self, key: Hashable, stamp: Hashable, make: Callable[[], Made]) -> Page:
        """The page kept for `key` if it is still what `make` would make, else a new one."""
        kept = self._pages.get(key)
        if kept is not None and kept.stamp == stamp and not self._newly_covered(key, kept):
            return kept
        page = Page.of(make(), stamp)
        with self._lock:
            self._pages[key] = page
        return page

    def _newly_covered(self, key: Hashable, page: Page) -> bool:
        if not page.made.uncovered or time.monotonic() - page.checked_at < RECHECK_SECONDS:
            return False
        if any(checkpoint_of(position) is not None for position in page.made.uncovered):
            return True
        with self._lock:
            self._pages[key] = replace(page, checked_at=time.monotonic())
        return False

    def kept(self, key: Hashable) -> Page | None:
        return self._pages.get(key)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def respond(page: Page, vary: str = "") -> Response:
    """The page (gzipped if accepted), or 304 if the request names its ETag; cacheable by
    anyone for a minute. Every header is given at once: a page served from memory spends
    much of its time on headers set one by one."""
    zipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
    body, etag = (page.gzipped, page.gzipped_etag) if zipped else (page.made.body, page.etag)
    headers = [*SECURITY_HEADERS, ("ETag", f'"{etag}"'), CACHE_CONTROL,
               ("Vary", f"Accept-Encoding, {vary}" if vary else "Accept-Encoding")]
    if request.if_none_match.contains_weak(etag):
        return Response(status=304, headers=headers)
    if zipped:
        headers.append(("Content-Encoding", "gzip"))
    return Response(body, headers=headers, mimetype=page.made.mimetype)


@lru_cache(maxsize=256)
def accepts_gzip(header: str) -> bool:
    return parse_accept_header(header, Accept)["gzip"] > 0
