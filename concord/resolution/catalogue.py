"""The catalogue of resolution channels: seeded from the rules' data file
(``engine/paths.toml``: names, whether the body is outside Concord, what to bring), edited in
the admin after; and which kinds of unit serve each channel by default."""

from __future__ import annotations

import tomllib
from typing import Any

from concord.accounts.models import UnitKind
from concord.resolution.engine.paths import rules_path

# The kinds of unit that serve each channel when a city is set up (the admin changes it).
SERVED_BY: dict[str, tuple[str, ...]] = {
    "people_mediation": (UnitKind.MEDIATION_COMMITTEE, UnitKind.JUDICIAL_OFFICE),
    "labour_mediation": (UnitKind.LABOUR_INSPECTION,),
    "medical_mediation": (UnitKind.HOSPITAL_MEDIATION,),
    "property_mediation": (UnitKind.MEDIATION_COMMITTEE,),
    "traffic_mediation": (UnitKind.MEDIATION_COMMITTEE,),
    "consumer_mediation": (UnitKind.MEDIATION_COMMITTEE,),
    "family_mediation": (UnitKind.MEDIATION_COMMITTEE,),
    "labour_arbitration": (UnitKind.LABOUR_ARBITRATION,),
    "administrative_ruling": (UnitKind.GOVERNMENT,),
    "administrative_reconsideration": (UnitKind.GOVERNMENT,),
    "court_litigation": (UnitKind.COURT,),
    "court_mediation": (UnitKind.COURT,),
    "legal_aid": (UnitKind.LEGAL_AID,),
    "counselling": (UnitKind.COUNSELLING,),
    "police": (UnitKind.POLICE_STATION,),
}


def catalogue() -> list[dict[str, Any]]:
    """Every channel of the data file as the fields of a ``ResolutionChannel``, in order."""
    with rules_path().open("rb") as source:
        data = tomllib.load(source)
    rows = []
    for order, (code, channel) in enumerate(data["channel"].items(), start=1):
        rows.append(
            {
                "code": code,
                "name_zh": channel["name_zh"],
                "name_en": channel["name_en"],
                "external": bool(channel.get("external", False)),
                "documents_zh": "\n".join(channel.get("documents_zh", [])),
                "documents_en": "\n".join(channel.get("documents_en", [])),
                "order": order * 10,
            }
        )
    return rows


def seed_channels(channel_model: Any, unit_model: Any) -> int:
    """Create the channels the database lacks (one already there is left as edited), and link
    each to the active units of the kinds that serve it; returns how many were created.
    Takes the models so that a migration can pass its historical ones."""
    created = 0
    for row in catalogue():
        channel, made = channel_model.objects.get_or_create(code=row["code"], defaults=row)
        created += made
        kinds = SERVED_BY.get(row["code"], ())
        channel.units.add(*unit_model.objects.filter(kind__in=kinds, is_active=True))
    return created
