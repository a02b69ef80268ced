"""Parts of the case page that higher layers add (the risk panel, later referrals): each is
registered once with its template, the group of steps it shows and what it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


def register_panel(panel: Panel) -> None:
    PANELS[panel.name] = panel
