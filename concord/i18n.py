"""Bilingual names stored as ``name_zh`` / ``name_en`` pairs."""

from __future__ import annotations

from django.utils.translation import get_language


def prefers_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def pick(zh: str, en: str) -> str:
    """The name in the active language, falling back to the other one when empty."""
    if prefers_chinese():
        return zh or en
    return en or zh
