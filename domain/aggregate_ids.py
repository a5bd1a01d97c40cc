"""How many aggregate ids each id function keeps computed: an id is a UUID 5 of keys (a hash
each time), asked for by every read of a plan's trail and every past state; a few hundred KB
each, the milestones of several big plans."""

ID_CACHE = 4096
