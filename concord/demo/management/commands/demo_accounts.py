"""``manage.py demo_accounts``: the demo city's logins, one per user."""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concord.accounts.models import Membership
from concord.demo import citygen
from concord.demo.build import demo_city


def _showcase_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A useful sample first (the city logins, a grid worker in every district, a street
    mediator, a community lead, a district supervisor and labour mediator), then the rest
    by region code: `manage.py demo_accounts | head` shows one login of every kind."""
    seen_districts: set[str] = set()
    featured: list[dict[str, str]] = []
    for row in rows:
        code, role = row["region_code"], row["role"]
        first_of_kind = (
            row["username"] in ("admin", "city-supervisor", "analyst", "sup-510101", "med-510101-labour")
            or (role == "grid_worker" and code[:6] not in seen_districts)
            or row["username"] in ("med-510101001-1", "lead-510101001001")
        )
        if first_of_kind:
            featured.append(row)
            if role == "grid_worker":
                seen_districts.add(code[:6])
    rank = {"admin": 0, "supervisor": 1, "analyst": 2, "grid_worker": 3, "mediator": 4, "unit_lead": 5}
    featured.sort(key=lambda r: (len(r["region_code"]) > 4, rank.get(r["role"], 9), r["region_code"]))
    chosen = {r["username"] for r in featured}
    return featured + [r for r in rows if r["username"] not in chosen]


def demo_accounts() -> list[dict[str, str]]:
    """One entry per demo user, from their main (first) membership: for a grid worker
    that is the first grid they cover."""
    users = get_user_model().objects.filter(email__iendswith=f"@{citygen.DEMO_EMAIL_DOMAIN}")
    memberships = (
        Membership.objects.filter(user__in=users)
        .select_related("user", "unit__region", "region")
        .order_by("user__username", "pk")
    )
    rows: dict[str, dict[str, str]] = {}
    for m in memberships:
        if m.user.username in rows:
            continue
        region = m.region or m.unit.region
        rows[m.user.username] = {
            "username": m.user.username,
            "password": citygen.DEMO_PASSWORD,
            "role": m.role,
            "region_code": region.code,
            "unit": m.unit.name_zh,
            "unit_en": m.unit.name_en,
            "name": f"{m.user.last_name}{m.user.first_name}",
        }
    ordered = sorted(rows.values(), key=lambda r: (r["region_code"], r["username"]))
    return _showcase_first(ordered)


class Command(BaseCommand):
    help = "List the demo city's logins (all share one password)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_city() is None:
            raise CommandError("There is no demo city; run `manage.py demo_city` first.")
        accounts = demo_accounts()
        if options["json"]:
            text = json.dumps(accounts, ensure_ascii=False, indent=1)
        else:
            width = max((len(a["username"]) for a in accounts), default=8)
            lines = [
                f"{len(accounts)} demo logins, all with the password {citygen.DEMO_PASSWORD!r}:",
                f"{'username':<{width}}  {'role':<12}  {'region':<15}  unit",
                *(f"{a['username']:<{width}}  {a['role']:<12}  {a['region_code']:<15}  {a['unit']}" for a in accounts),
            ]
            text = "\n".join(lines)
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except BrokenPipeError:
            # `demo_accounts | head`: the reader has seen enough; no traceback.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
