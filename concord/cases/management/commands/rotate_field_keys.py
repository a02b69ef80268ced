"""Re-encrypt every party's phone and ID number under the newest key of CONCORD_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from concord.cases.models import Party
from concord.crypto import reencrypt_value


class Command(BaseCommand):
    help = (
        "After prepending a new key to CONCORD_FIELD_KEYS, re-encrypt all parties' phone and ID numbers "
        "with it; then the old key can be removed. Safe to run again (idempotent) or interrupt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000, help="Parties re-encrypted per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["batch_size"]
        last_id = 0
        total = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Party.objects.select_for_update()
                    .filter(pk__gt=last_id)
                    .order_by("pk")
                    .only("pk", "phone_encrypted", "id_number_encrypted")[:size]
                )
                if not batch:
                    break
                for party in batch:
                    party.phone_encrypted = reencrypt_value(party.phone_encrypted)
                    party.id_number_encrypted = reencrypt_value(party.id_number_encrypted)
                Party.objects.bulk_update(batch, ["phone_encrypted", "id_number_encrypted"])
            last_id = batch[-1].pk
            total += len(batch)
        self.stdout.write(f"rotate_field_keys: re-encrypted {total} part(y/ies)")
