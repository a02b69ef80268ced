# The daily counts move here from concord.warning (whose migration 0001 created the table):
# this adopts the model without touching the database; 0002 renames the table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0003_open311_privacy'),
        ('geo', '0001_initial'),
        ('warning', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DailyCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('count', models.IntegerField(default=0)),
                        ('category', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.category')),
                        ('region', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='geo.region')),
                    ],
                    options={
                        'verbose_name': 'daily count',
                        'verbose_name_plural': 'daily counts',
                        'db_table': 'warning_dailycount',
                        'indexes': [models.Index(fields=['day'], name='dailycount_day')],
                        'constraints': [models.UniqueConstraint(fields=('region', 'category', 'day'), name='dailycount_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
