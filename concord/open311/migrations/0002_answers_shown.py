# The case page no longer reads Open311's questions: reports that arrived before keep their
# answers rendered on their first event, as new reports do (``answers_shown``).

from django.db import migrations

BATCH = 500


def render_answers(apps, schema_editor):
    from concord.open311.attributes import answers_shown

    CaseEvent = apps.get_model("cases", "CaseEvent")
    pending = CaseEvent.objects.filter(action="case.reported", data__has_key="answers").exclude(
        data__has_key="answers_shown"
    )
    batch = []
    for event in pending.only("id", "data").iterator(chunk_size=BATCH):
        event.data = {**event.data, "answers_shown": answers_shown(event.data["answers"] or {})}
        batch.append(event)
        if len(batch) >= BATCH:
            CaseEvent.objects.bulk_update(batch, ["data"])
            batch = []
    CaseEvent.objects.bulk_update(batch, ["data"])


class Migration(migrations.Migration):

    dependencies = [
        ("open311", "0001_initial"),
        ("cases", "0005_risk_level"),
    ]

    operations = [migrations.RunPython(render_answers, migrations.RunPython.noop)]
