"""The outbox for real channels: one row per (event, recipient, channel) under an idempotency
key, with a state, a due time for retries and quiet hours, the in-app read mark; webhook
endpoints, preferences, residents who stopped messages. Rows written before keep their
history: a key of their own, due when they were created, sent if they were."""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keys_and_states(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Three statements, however many rows the outbox holds."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat

    Notification = apps.get_model("notify", "Notification")
    Notification.objects.update(key=Concat(Value("legacy:"), Cast("id", CharField())), due_at=F("created_at"))
    Notification.objects.filter(sent_at__isnull=False).update(state="sent")
    Notification.objects.filter(sent_at__isnull=True, attempts__gte=5).update(state="failed")


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
        ("accounts", "0003_alter_unit_kind"),
        ("cases", "0006_referrals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WebhookEndpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                ("url", models.URLField(max_length=300, verbose_name="URL")),
                ("secret", models.CharField(default=secrets.token_hex, max_length=64, verbose_name="signing secret")),
                ("kinds", models.JSONField(blank=True, default=list, verbose_name="kinds")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={"verbose_name": "webhook endpoint", "verbose_name_plural": "webhook endpoints"},
        ),
        migrations.CreateModel(
            name="Preference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("channels", models.JSONField(blank=True, default=dict)),
                ("phone_encrypted", models.TextField(blank=True)),
                ("quiet_from", models.TimeField(blank=True, null=True, verbose_name="quiet from")),
                ("quiet_until", models.TimeField(blank=True, null=True, verbose_name="quiet until")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notify_preference",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "notification preference", "verbose_name_plural": "notification preferences"},
        ),
        migrations.CreateModel(
            name="ResidentStop",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stopped_at", models.DateTimeField()),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case"
                    ),
                ),
            ],
            options={
                "verbose_name": "resident who stopped messages",
                "verbose_name_plural": "residents who stopped messages",
            },
        ),
        migrations.CreateModel(
            name="SweepMark",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("until", models.DateTimeField()),
            ],
        ),
        migrations.RemoveIndex(model_name="notification", name="notification_unsent"),
        migrations.AddField(model_name="notification", name="key", field=models.CharField(default="", max_length=120)),
        migrations.AddField(
            model_name="notification",
            name="audience",
            field=models.CharField(
                choices=[("staff", "staff"), ("resident", "resident"), ("system", "another system")],
                default="staff",
                max_length=12,
                verbose_name="audience",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="endpoint",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="notify.webhookendpoint",
            ),
        ),
        migrations.AddField(model_name="notification", name="address_encrypted", field=models.TextField(blank=True)),
        migrations.AddField(model_name="notification", name="language", field=models.CharField(blank=True, max_length=8)),
        migrations.AddField(model_name="notification", name="link", field=models.CharField(blank=True, max_length=300)),
        migrations.AddField(
            model_name="notification",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "waiting to be sent"),
                    ("sent", "sent"),
                    ("failed", "failed (dead letter)"),
                    ("cancelled", "cancelled"),
                ],
                default="pending",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AddField(model_name="notification", name="due_at", field=models.DateTimeField(null=True)),
        migrations.AddField(
            model_name="notification", name="lease_token", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(model_name="notification", name="read_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AlterField(
            model_name="notification", name="created_at", field=models.DateTimeField(verbose_name="created")
        ),
        migrations.RunPython(keys_and_states, migrations.RunPython.noop),
        migrations.AlterField(model_name="notification", name="key", field=models.CharField(max_length=120, unique=True)),
        migrations.AlterField(model_name="notification", name="due_at", field=models.DateTimeField()),
        migrations.AlterField(
            model_name="notification",
            name="channel",
            field=models.CharField(
                choices=[
                    ("inapp", "in Concord (the bell)"),
                    ("email", "e-mail"),
                    ("sms", "text message (SMS)"),
                    ("webhook", "webhook"),
                    ("console", "server log"),
                ],
                max_length=16,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(model_name="notification", name="kind", field=models.CharField(max_length=40, verbose_name="kind")),
        migrations.AlterField(
            model_name="notification", name="subject", field=models.CharField(max_length=200, verbose_name="subject")
        ),
        migrations.AlterField(model_name="notification", name="body", field=models.TextField(blank=True, verbose_name="message")),
        migrations.AlterField(
            model_name="notification", name="sent_at", field=models.DateTimeField(blank=True, null=True, verbose_name="sent")
        ),
        migrations.AlterField(
            model_name="notification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="last_error",
            field=models.CharField(blank=True, max_length=300, verbose_name="last error"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("state", "pending")), fields=["due_at", "id"], name="notification_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("channel", "inapp")), fields=["recipient_user", "-created_at"], name="notification_inapp"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("channel", "inapp"), ("read_at__isnull", True)),
                fields=["recipient_user"],
                name="notification_unread",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(condition=models.Q(("state", "failed")), fields=["-created_at"], name="notification_failed"),
        ),
    ]
