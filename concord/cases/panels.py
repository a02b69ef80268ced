"""Parts of the case page that higher layers add (the risk panel, the resolution panel): each
is registered once with its template, the group of steps it shows and what it reads; and
what the timeline calls their events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from concord.cases.models import Case
from concord.workflow.pages import Offered


@dataclass(frozen=True)
class Panel:
    """``build(case, steps)`` gives the panel's context (as ``context[name]``); ``steps`` are
    the forms of the steps of group ``name`` the reader may take now."""

    name: str
    template: str
    build: Callable[[Case, list[Offered]], dict[str, Any]]


PANELS: dict[str, Panel] = {}
# What the timeline calls an event that changes no status (a referral accepted, a session
# held), by its dotted name; the events of higher layers register theirs.
EVENT_TITLES: dict[str, Promise] = {}
# Events whose note is a plain-words line written for the resident (the worker's own words
# are kept in the event's data as ``staff_note``): the tracking page shows that line.
RESIDENT_LINES: set[str] = set()


def register_panel(panel: Panel) -> None:
    PANELS[panel.name] = panel


def register_events(titles: dict[str, Promise], *, resident_lines: Iterable[str] = ()) -> None:
    EVENT_TITLES.update(titles)
    RESIDENT_LINES.update(resident_lines)
