"""What a detector or a signal found, in the shape that raises or continues an alert."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from concord.accounts.models import Unit
from concord.cases.models import Category
from concord.geo.models import Region


@dataclass
class Finding:
    """One finding. ``thread`` names what it is about across time; ``episode`` the first
    day of the run of findings it belongs to (the alert's key is both, with the kind)."""

    kind: str
    thread: str
    episode: date
    region: Region  # with its ancestors loaded
    unit: Unit
    window_start: date
    window_end: date
    detector: str
    observed: float
    case_ids: list[int]
    category: Category | None = None
    expected: float | None = None
    threshold: float | None = None
    p_value: float | None = None
    subject: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # Told in person besides the unit (e.g. the unit's leads for repeat disputes).
    notify_users: list[User] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.thread}:{self.episode.isoformat()}"


def episode_of(key: str) -> date:
    """The first day of the episode an alert's key names (the inverse of ``Finding.key``)."""
    return date.fromisoformat(key.rsplit(":", 1)[1])
