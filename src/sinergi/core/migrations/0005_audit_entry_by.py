from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """The person acting is `by` everywhere (services, the audit log); `actor` is the registry's model."""

    dependencies = [
        ("core", "0004_rate_counter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="auditentry", old_name="actor", new_name="by"),
        migrations.RenameField(model_name="auditentry", old_name="actor_label", new_name="by_label"),
    ]
