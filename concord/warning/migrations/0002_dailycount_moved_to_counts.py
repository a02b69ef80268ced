# The daily counts now belong to concord.counts (a layer below cases): the model leaves this
# app's state; the table stays and concord.counts renames it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('warning', '0001_initial'),
        ('counts', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='DailyCount')],
            database_operations=[],
        ),
    ]
