"""Load the channel catalogue and link the units that serve each channel by their kind."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from concord.accounts.models import Unit
from concord.resolution.catalogue import seed_channels
from concord.resolution.models import ResolutionChannel


class Command(BaseCommand):
    help = "Create missing resolution channels from the catalogue and link units to them by kind (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = seed_channels(ResolutionChannel, Unit)
        self.stdout.write(f"load_channels: {created} channel(s) created, {ResolutionChannel.objects.count()} in all")
