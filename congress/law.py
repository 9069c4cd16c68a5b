"""The legal definitions, each in one place: pure functions and their SQL twins.

MINIMAL LOCAL COPY on branch h9-session, so that its tests run: helper "engine" owns this
module (the agreed API); at merge, take the engine's version.
"""

from __future__ import annotations

import math

HELD = "held"  # sessions.models.SessionStatus.HELD (congress imports nothing above it)


def quorum(deputies: int) -> int:
    """组织法 Art. 14(4): 三分之二以上 — at least ceil(2N/3) present (以上 includes the number)."""
    return math.ceil(2 * deputies / 3)


def quorum_met(present: int | None, deputies: int) -> bool:
    """组织法 Art. 14(4): present ≥ ceil(2N/3); attendance not recorded is not a quorum."""
    return present is not None and present >= quorum(deputies)


def counts_as_held(status: str, present: int | None, deputies: int) -> bool:
    """RULES.md "Held session": status held and quorum met (组织法 Art. 14(4))."""
    return status == HELD and quorum_met(present, deputies)
