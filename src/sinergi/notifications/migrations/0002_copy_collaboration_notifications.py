"""Collaboration's notifications and e-mail choices move onto the notification layer, unchanged."""

from django.db import migrations

KINDS = {k: f"collaboration.{k}" for k in ("opened", "review", "answer", "completed", "pledge", "moderation")}


def copy(apps, schema_editor):
    Old = apps.get_model("collaboration", "Notification")
    OldPreference = apps.get_model("collaboration", "NotificationPreference")
    Notification = apps.get_model("notifications", "Notification")
    Delivery = apps.get_model("notifications", "Delivery")
    Preference = apps.get_model("notifications", "Preference")
    for old in Old.objects.order_by("pk").iterator():
        event_key = f"collaboration-{old.pk}"
        new = Notification.objects.create(
            user_id=old.user_id,
            kind=KINDS.get(old.kind, f"collaboration.{old.kind}"),
            event_key=event_key,
            title=old.title,
            body=old.body,
            url=old.url,
            read_at=old.read_at,
        )
        Notification.objects.filter(pk=new.pk).update(created_at=old.created_at)
        if old.email_mode != "off":
            emailed = old.emailed_at is not None
            Delivery.objects.create(
                notification=new,
                channel="email",
                key=f"{event_key}:{old.user_id}:email",
                status="sent" if emailed else ("digest" if old.email_mode == "digest" else "failed"),
                attempts=1 if emailed else 0,
                sent_at=old.emailed_at,
                last_error="" if emailed or old.email_mode == "digest" else "not sent before the move",
            )
    for pref in OldPreference.objects.all():
        Preference.objects.create(user_id=pref.user_id, kind="", channel="email", mode=pref.email_mode)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notification_delivery_preference"),
        ("collaboration", "0002_initiative_budget_and_pledge_bounds"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
