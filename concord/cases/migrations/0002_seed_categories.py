from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from concord.cases.taxonomy import CATEGORIES

    Category = apps.get_model("cases", "Category")
    by_code = {}
    for order, (code, parent, zh, en, dzh, den, days, kind) in enumerate(CATEGORIES):
        by_code[code], _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "parent": by_code.get(parent),
                "name_zh": zh,
                "name_en": en,
                "description_zh": dzh,
                "description_en": den,
                "resolution_days": days,
                "default_unit_kind": kind,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
