"""Read models folded from the event log, and renderers of them."""
