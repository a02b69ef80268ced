"""Open311 writes: client keys (issue, revoke, check, rate-limit) and turning a POSTed
service request into a case through the same intake service as the web form."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.services import log_action
from concord.cases.models import Case, Category, Channel, PartyKind, PartyRole
from concord.crypto import normalise_phone
from concord.geo.models import Region
from concord.geo.queries import region_at_point, region_by_code, region_by_name_in, roots
from concord.intake.forms import DESCRIPTION_MAX, DESCRIPTION_MIN
from concord.intake.services import PartyInput, Report, submit_report
from concord.open311.attributes import answers_shown, clean_answers
from concord.open311.models import Client, RateWindow
from concord.open311.queries import TOKEN_PREFIX
from concord.secret_keys import hash_secret_key, new_secret_key, note_use

KEY_PREFIX = "o311_"
# Rate windows older than this are deleted when a client starts a new minute.
RATE_WINDOW_KEPT = 10


class Open311Error(Exception):
    """A request Open311 refuses, with its HTTP status and translated descriptions."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def create_client(
    name: str, *, contact: str = "", rate_per_minute: int | None = None, actor: User | None = None
) -> tuple[Client, str]:
    """Issue a key for a client app. Returns the client and the key, which is shown once:
    only its hash is stored."""
    key = new_secret_key(KEY_PREFIX)
    client = Client.objects.create(
        name=name.strip()[:120],
        contact=contact.strip()[:200],
        key_prefix=key[: len(KEY_PREFIX) + 4],
        key_hash=hash_secret_key(key),
        rate_per_minute=rate_per_minute,
        created_at=timezone.now(),
    )
    log_action(actor, "open311_client.created", "open311.client", client.pk, name=client.name)
    return client, key


def revoke_client(client: Client, *, actor: User | None = None) -> bool:
    """Revoke a client's key; True if it was active. Later requests with it are refused."""
    updated = Client.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        client.refresh_from_db(fields=["revoked_at"])
        log_action(actor, "open311_client.revoked", "open311.client", client.pk)
    return bool(updated)


def client_for_key(key: str, *, now: datetime | None = None) -> Client:
    """The active client holding ``key``; raises Open311Error (403) otherwise."""
    if not key:
        raise Open311Error(403, _("An api_key is required to submit a service request."))
    client = Client.objects.filter(key_hash=hash_secret_key(key)).first()
    if client is None or not client.is_active:
        raise Open311Error(403, _("This api_key is not valid or has been revoked."))
    note_use(client, now=now)
    return client


def take_rate_slot(client: Client, *, now: datetime | None = None) -> None:
    """Count one request in the client's current minute; Open311Error (429) past its limit.

    One atomic upsert, so that several server processes share one count.
    """
    now = now or timezone.now()
    minute = int(now.timestamp() // 60)
    limit = client.rate_per_minute or settings.CONCORD_OPEN311_RATE_PER_MINUTE
    table = RateWindow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client_id, minute, count) VALUES (%s, %s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (client_id, minute) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [client.pk, minute],
        )
        (count,) = cursor.fetchone()
    if count == 1:
        RateWindow.objects.filter(client=client, minute__lt=minute - RATE_WINDOW_KEPT).delete()
    if count > limit:
        raise Open311Error(429, _("Too many requests: this api_key may send %(limit)d per minute.") % {"limit": limit})


@dataclass(frozen=True)
class RequestInput:
    """The fields of ``POST requests`` as sent (form-encoded), before validation."""

    service_code: str = ""
    jurisdiction_id: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    idempotency_key: str = ""


def submit_request(client: Client, data: RequestInput, *, categories: dict[str, Category], language: str = "") -> Case:
    """Validate a service request and record it as a case (same routing, deadlines and
    receipt as the web form). Raises Open311Error (400/404) listing every problem."""
    errors: list[str] = []
    if any("\x00" in value for value in _texts(data)):
        raise Open311Error(400, _("The request contains a character that is not allowed (NUL)."))
    category = categories.get(data.service_code.strip())
    if category is None:
        errors.append(
            _("Unknown service_code %(code)s: see services.json.") % {"code": data.service_code}
            if data.service_code.strip()
            else _("service_code is required.")
        )
    top = jurisdiction(data.jurisdiction_id)
    region = _locate(data, errors)
    if region is not None and top is not None and region.ancestors()[-1].pk != top.pk:
        errors.append(_("This location is not in jurisdiction %(code)s.") % {"code": top.code})
    description = data.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors.append(
            _("description is required: describe the dispute in at least %(limit)d characters.")
            % {"limit": DESCRIPTION_MIN}
        )
    elif len(description) > DESCRIPTION_MAX:
        errors.append(_("description must be at most %(limit)d characters.") % {"limit": DESCRIPTION_MAX})
    phone = normalise_phone(data.phone)
    if phone and not 7 <= len(phone) <= 15:
        errors.append(_("phone must have 7 to 15 digits."))
    email = data.email.strip()
    if email and ("@" not in email or len(email) > 254):
        errors.append(_("email is not a valid address."))
    if len(data.media_url) > 1000 or (data.media_url and not data.media_url.startswith(("http://", "https://"))):
        errors.append(_("media_url must be an http(s) URL."))
    answers, attribute_errors = clean_answers({code: list(values) for code, values in data.attributes})
    errors.extend(f"attribute[{code}]: {message}" for code, message in attribute_errors.items())
    if errors or category is None or region is None:
        raise Open311Error(400, *errors)

    name = " ".join(part.strip() for part in (data.first_name, data.last_name) if part.strip())
    parties = [PartyInput(role=PartyRole.REPORTER, name=name, phone=phone, email=email)]
    other_party = answers.pop("other_party", "")
    other_kind = answers.pop("other_party_kind", PartyKind.PERSON)
    if other_party:
        parties.append(PartyInput(role=PartyRole.OTHER_PARTY, name=other_party, kind=other_kind))
    details: dict[str, object] = {"open311_client": client.pk}
    for key in ("device_id", "account_id", "media_url"):
        value = getattr(data, key).strip()[: 200 if key != "media_url" else 1000]
        if value:
            details[key] = value
    if answers:
        details["answers"] = answers
        details["answers_shown"] = answers_shown(answers)
    lat, lon = _coordinates(data)
    report = Report(
        region=region,
        category=category,
        description=description,
        channel=Channel.OPEN311,
        language=language,
        parties=tuple(parties),
        anonymous=not (name or phone or email),
        submission_token=_submission_token(client, data.idempotency_key),
        latitude=lat,
        longitude=lon,
        details=details,
    )
    return submit_report(report)


def _texts(data: RequestInput) -> list[str]:
    """Every text the client sent, the attribute answers included."""
    texts = [value for value in vars(data).values() if isinstance(value, str)]
    texts += [value for _code, values in data.attributes for value in values]
    texts += [code for code, _values in data.attributes]
    return texts


def _submission_token(client: Client, idempotency_key: str) -> str:
    """A client that sends an Idempotency-Key gets one case per key; otherwise every POST is new."""
    if idempotency_key:
        digest = hashlib.sha256(f"{client.pk}:{idempotency_key}".encode()).hexdigest()[:40]
        return f"{TOKEN_PREFIX}{digest}"
    return f"{TOKEN_PREFIX}{secrets.token_urlsafe(30)}"


def jurisdiction(code: str) -> Region | None:
    """The top region a ``jurisdiction_id`` names (None when none is given); Open311Error (404)
    when it names none."""
    code = code.strip()
    if not code:
        return None
    for root in roots():
        if root.code == code:
            return root
    raise Open311Error(404, _("Unknown jurisdiction_id %(code)s.") % {"code": code})


def _coordinates(data: RequestInput) -> tuple[float | None, float | None]:
    try:
        lat, lon = float(data.lat), float(data.long)
    except ValueError:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _locate(data: RequestInput, errors: list[str]) -> Region | None:
    """The region of the request: by lat/long, else address_id (a region code, as printed
    on the QR posters), else a region named in address_string."""
    if data.lat.strip() or data.long.strip():
        lat, lon = _coordinates(data)
        if lat is None or lon is None:
            errors.append(_("lat and long must be WGS84 decimal degrees."))
            return None
        region = region_at_point(lat, lon)
        if region is None:
            errors.append(_("This location is outside the area Concord serves."))
        return region
    if data.address_id.strip():
        region = region_by_code(data.address_id.strip())
        if region is None:
            errors.append(_("Unknown address_id %(code)s.") % {"code": data.address_id.strip()})
        return region
    if data.address_string.strip():
        region = region_by_name_in(data.address_string)
        if region is None:
            errors.append(_("address_string names no area Concord serves; send lat and long instead."))
        return region
    errors.append(_("A location is required: lat and long, address_string or address_id."))
    return None
