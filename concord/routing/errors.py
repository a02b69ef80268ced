"""Refusals of routing."""

from __future__ import annotations

from concord.workflow.errors import DomainError


class NoHandlingUnit(DomainError):
    """No unit is configured to handle this kind of dispute in this region (or above it)."""

    status_code = 409
    code = "no_handling_unit"
