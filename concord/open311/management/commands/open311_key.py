"""Issue, list and revoke the api_keys of Open311 client apps."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.open311.models import Client
from concord.open311.services import create_client, revoke_client


class Command(BaseCommand):
    help = "Manage Open311 api_keys: create NAME (prints the key once), list, revoke ID."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="issue a key for a client app and print it")
        create.add_argument("name")
        create.add_argument("--contact", default="", help="who runs the app (e-mail or phone)")
        create.add_argument("--rate", type=int, default=None, help="reports per minute (default: the setting)")
        actions.add_parser("list", help="list client apps and whether their keys are active")
        revoke = actions.add_parser("revoke", help="revoke a client's key")
        revoke.add_argument("client_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            if options["rate"] is not None and options["rate"] < 1:
                raise CommandError("--rate must be 1 or more")
            client, key = create_client(options["name"], contact=options["contact"], rate_per_minute=options["rate"])
            self.stderr.write(f"Created Open311 client {client.pk} ({client.name}). The key is shown only once:")
            self.stdout.write(key)
        elif action == "list":
            for client in Client.objects.order_by("id"):
                state = "active" if client.is_active else f"revoked {client.revoked_at:%Y-%m-%d}"
                rate = client.rate_per_minute or "default"
                self.stdout.write(f"{client.pk}\t{client.key_prefix}…\t{state}\t{rate}/min\t{client.name}")
        else:
            found = Client.objects.filter(pk=options["client_id"]).first()
            if found is None:
                raise CommandError(f"no Open311 client {options['client_id']}")
            if not revoke_client(found):
                raise CommandError(f"Open311 client {found.pk} was already revoked")
            self.stdout.write(f"Revoked Open311 client {found.pk} ({found.name}).")
