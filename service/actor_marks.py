"""What an actor's name looks like in the stored events it wrote, so that a history filtered
by actor reads only the rows that can match, and decodes only those.

The mapper stores an event's attributes as the transcoder's JSON (`ensure_ascii=False`), its
`actor` a JSON string among them, and keeps those bytes as they are when no compressor or
cipher is configured (the chain's digest is appended, nothing rewritten). So a row written by
the actor holds the name's JSON string literal, quotes and escapes included. A row without it
was not written by the actor; one with it may have been (the name may stand in another field,
or inside a longer one), and decoding decides. The literal with every non-ASCII character
escaped is a mark too, for a writer whose encoder escaped them (Python's default).
"""

import json
from typing import Any


def actor_marks(actor: str, mapper: Any) -> tuple[bytes, ...] | None:
    """The byte strings one of which every stored event by `actor` contains; None when the
    stored bytes are not the transcoder's JSON (compressed or enciphered): then every row
    may match."""
    if getattr(mapper, "compressor", None) or getattr(mapper, "cipher", None):
        return None
    marks = {json.dumps(actor).encode("ascii")}
    try:
        marks.add(mapper.transcoder.encode(actor))
    except UnicodeEncodeError:  # a lone surrogate: no event stored as UTF-8 holds it
        pass
    return tuple(sorted(marks))
