from django.db import migrations


def move_content_type(apps, schema_editor):
    """The permissions on daily counts (and anything else keyed on the content type) follow
    the model to its new app instead of being left on a stale ``warning.dailycount``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="counts", model="dailycount").exists():
        ContentType.objects.filter(app_label="warning", model="dailycount").update(app_label="counts")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="warning", model="dailycount").exists():
        ContentType.objects.filter(app_label="counts", model="dailycount").update(app_label="warning")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('counts', '0001_initial'),
        ('warning', '0002_dailycount_moved_to_counts'),
    ]

    operations = [
        migrations.AlterModelTable(name='dailycount', table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
