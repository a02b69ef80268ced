"""Cases resolved before follow-up visits existed: each gets its resolution and one visit, due
at the follow-up deadline it already has, so the visit step and the tab work for them too."""

from django.db import migrations


def schedule(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    Resolution = apps.get_model("followup", "Resolution")
    Visit = apps.get_model("followup", "Visit")
    for case in Case.objects.filter(status="resolved", resolved_at__isnull=False).iterator():
        if Resolution.objects.filter(case_id=case.pk).exists():
            continue
        due = case.follow_up_deadline or case.resolved_at
        resolution = Resolution.objects.create(
            case_id=case.pk,
            unit_id=case.unit_id,
            number=1,
            resolved_at=case.resolved_at,
            outcome=case.outcome,
            via="case.resolved",
        )
        days = max(1, (due - case.resolved_at).days)
        Visit.objects.create(case_id=case.pk, resolution=resolution, number=1, days=days, due_at=due)


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial"), ("cases", "0007_follow_up")]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]
