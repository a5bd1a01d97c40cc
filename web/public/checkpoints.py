"""What the public site says of an item's signed checkpoint, and where anyone checks it."""

from collections.abc import Iterable

from flask import request

from service.checkpoints import Checkpoint
from web.service_access import service

__all__ = ["Checkpoint", "checkpoint_of", "checkpoints_of", "inclusion_proof", "path"]

# Where the verifier's material is published (the API's public routes and the script).
CHECKPOINTS = "/api/v1/checkpoints"
VERIFIER_KEY = "/api/v1/checkpoints/key"
INCLUSION_PROOF = "/api/v1/proofs/inclusion"
VERIFIER_SCRIPT = "/public/verify_log.py"


def checkpoint_of(position: int) -> Checkpoint | None:
    """The signed checkpoint covering the event at log `position`; None while none does.

    The one place the public site asks: it asks again (at most once a second per page) for
    items no checkpoint covered yet, so the checkpoint an item gets must not change later:
    it is the first that covers it.
    """
    return service().checkpoints.covering(position)


def checkpoints_of(positions: Iterable[int]) -> dict[int, Checkpoint | None]:
    return {position: checkpoint_of(position) for position in positions}


def path(local: str) -> str:
    """A path of this site as seen from outside (behind a proxy's prefix too)."""
    return request.script_root + local


def inclusion_proof(position: int, checkpoint: Checkpoint | None) -> str | None:
    """The URL of the proof that the event at `position` is in the tree `checkpoint` signed."""
    if checkpoint is None:
        return None
    return f"{path(INCLUSION_PROOF)}?position={position}&size={checkpoint.size}"
