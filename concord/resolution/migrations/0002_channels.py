"""Seed the resolution channels from the catalogue (names, what to bring); units are linked
by kind as they exist (``manage.py load_channels`` links ones added later)."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from concord.resolution.catalogue import seed_channels

    seed_channels(apps.get_model("resolution", "ResolutionChannel"), apps.get_model("accounts", "Unit"))


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_initial"), ("accounts", "0003_alter_unit_kind")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
