"""What an actor's name looks like in the stored events it wrote, so that a history filtered
by actor reads only the rows that can match, and decodes only those.

The mapper stores an event's attributes as the transcoder's JSON object (no spaces, as the
chain's own mark `service.integrity.CHAIN_MARK` relies on too), its `actor` one member of it,
and keeps those bytes as they are when no compressor or cipher is configured. So a row
written by the actor holds that member, `"actor":` and the name's JSON string literal, quotes
and escapes included. A row without it was not written by the actor; one with it may have
been (a nested value may hold the same member), and decoding decides. The member with every
non-ASCII character escaped is a mark too, for a writer whose encoder escaped them (Python's
default; the library's transcoder writes them as UTF-8).
"""

import json
from typing import Any


def actor_marks(actor: str, mapper: Any) -> tuple[bytes, ...] | None:
    """The byte strings one of which every stored event by `actor` contains; None when the
    stored bytes are not the transcoder's JSON (compressed or enciphered): then every row
    may match."""
    if getattr(mapper, "compressor", None) or getattr(mapper, "cipher", None):
        return None
    member = {"actor": actor}
    marks = {json.dumps(member, separators=(",", ":")).encode("ascii")[1:-1]}
    try:
        marks.add(mapper.transcoder.encode(member)[1:-1])
    except UnicodeEncodeError:  # a lone surrogate: no event stored as UTF-8 holds it
        pass
    return tuple(sorted(marks))
