"""Rebuild the stored tree from the log, once the log is shown to still match what was signed.

The stored tree is derived data: should it be lost or altered, it is recomputed from the events,
but written back only if the events give the latest checkpoint's signed root. Otherwise the
old tree is left as it is: it is what tells `verify` which event was changed.
"""

from itertools import islice

from domain.errors import N_, ConcurrentChangeError, ConflictError
from service.checkpoints import BUSY_SIGNING, MAKE_WAIT, Checkpoint, Checkpoints
from service.log_tree import TreeBuilder
from service.stored_tree import event_leaf, log_after

LOG_DIFFERS = N_("the log no longer gives the root of the checkpoint of %(size)s events, so the "
                 "stored tree is left as it is: run `strategikarta verify` to find what changed")


def rebuild_tree(checkpoints: Checkpoints) -> Checkpoint | None:
    """Recompute and store the whole tree, then sign the log as it stands (as `make`)."""
    recorder = checkpoints.store.recorder
    with checkpoints.lock.held(wait=MAKE_WAIT) as had:
        if not had:
            raise ConcurrentChangeError(BUSY_SIGNING, wait=MAKE_WAIT)
        latest = checkpoints.latest()
        if latest is not None:
            builder = TreeBuilder()
            for event in islice(log_after(recorder, 0), latest.size):
                builder.append(event_leaf(event))
            if builder.size != latest.size or builder.root() != latest.root_hash:
                raise ConflictError(LOG_DIFFERS, size=latest.size)
            grown = checkpoints.tree.grow(0, [], islice(log_after(recorder, 0), latest.size))
            assert grown.root() == latest.root_hash
        checkpoints.settle()
        return checkpoints.make()
