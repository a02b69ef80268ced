from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('counts', '0001_initial'),
        ('warning', '0002_dailycount_moved_to_counts'),
    ]

    operations = [
        migrations.AlterModelTable(name='dailycount', table=None),
    ]
