"""What the rule engine returns: flags and township-year cells (RULES.md "Output")."""

from __future__ import annotations

from dataclasses import dataclass, field

VIOLATION = "violation"
WARNING = "warning"
PENDING = "pending"
OK = "ok"
NOT_APPLICABLE = "not-applicable"

# Ordered by gravity: the first is the gravest.
STATUSES = (VIOLATION, WARNING, PENDING, OK, NOT_APPLICABLE)


@dataclass(slots=True)
class Flag:
    rule: str  # e.g. "annual-session-missing"
    severity: str  # "violation" | "warning"
    message: str  # in the active language, names the fact (session, counts, deadline)
    basis: str  # legal basis, in the active language, e.g. 地方组织法（2022）第十四条第一款
    # The evidence: {"type": "session"|"resolution"|"election"|"candidate"|"suggestion"|"term",
    # "id": int, "label": str, "session_id": int | None} or None.
    object: dict | None = None

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "basis": self.basis,
            "object": dict(self.object) if self.object is not None else None,
        }


@dataclass(slots=True)
class TownshipRef:
    id: int
    code: str
    name: str
    kind: str


@dataclass(slots=True)
class TownshipYear:
    township: TownshipRef
    year: int
    status: str  # one of STATUSES
    flags: list[Flag] = field(default_factory=list)
    owed: list[str] = field(default_factory=list)  # in-progress year: what is still owed, else []

    def as_dict(self) -> dict:
        return {
            "township": {"code": self.township.code, "name": self.township.name, "kind": self.township.kind},
            "year": self.year,
            "status": self.status,
            "flags": [f.as_dict() for f in self.flags],
        }


def status_of(flags: list[Flag], *, applicable: bool = True, owed: list[str] | None = None) -> str:
    """The cell's status: the gravest flag; else pending while something is owed; else ok."""
    if not applicable:
        return NOT_APPLICABLE
    if flags:
        # A flag is a violation or a warning.
        for flag in flags:
            if flag.severity == VIOLATION:
                return VIOLATION
        return WARNING
    if owed:
        return PENDING
    return OK
