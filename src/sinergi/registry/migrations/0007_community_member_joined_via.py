"""How a community member came in: by their own consent (an accepted invitation, or the owner adding their
own business) or added by the leader without it (a business with no owner account).

Every business member before this was added by a leader directly, so `leader` is the honest default for
them; a person could only ever join by accepting an invitation, so person rows become `invitation`.
"""

from django.db import migrations, models


def people_joined_by_invitation(apps, schema_editor):
    CommunityMember = apps.get_model("registry", "CommunityMember")
    CommunityMember.objects.filter(user__isnull=False).update(joined_via="invitation")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_actor_published_contact'),
    ]

    operations = [
        migrations.AddField(
            model_name='communitymember',
            name='joined_via',
            field=models.CharField(choices=[('invitation', 'menerima undangan'), ('owner', 'didaftarkan pemiliknya'), ('leader', 'ditambahkan pengurus')], default='leader', max_length=20, verbose_name='cara bergabung'),
        ),
        migrations.RunPython(people_joined_by_invitation, migrations.RunPython.noop),
    ]
