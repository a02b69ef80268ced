# The case page no longer reads Open311's questions: reports that arrived before keep their
# answers rendered on their first event, as new reports do (``answers_shown``), in the wording
# of the questions when this runs (as a new report keeps the wording of the day it came in).

from django.db import migrations

BATCH = 500


def render_answers(apps, schema_editor):
    from concord.open311.attributes import answers_shown

    CaseEvent = apps.get_model("cases", "CaseEvent")
    pending = CaseEvent.objects.filter(action="case.reported", data__has_key="answers").exclude(
        data__has_key="answers_shown"
    )
    # The ids first, then one batch at a time: no update while a cursor is open on the table.
    ids = list(pending.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(CaseEvent.objects.filter(id__in=ids[start : start + BATCH]).only("id", "data"))
        for event in batch:
            event.data = {**event.data, "answers_shown": answers_shown(event.data["answers"] or {})}
        CaseEvent.objects.bulk_update(batch, ["data"])

class Migration(migrations.Migration):

    dependencies = [
        ("open311", "0001_initial"),
        ("cases", "0005_risk_level"),
    ]

    operations = [migrations.RunPython(render_answers, migrations.RunPython.noop)]
