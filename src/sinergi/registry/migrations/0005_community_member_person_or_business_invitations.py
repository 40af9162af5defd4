"""Community members may be a person (a user account) instead of a business; people are invited first.

Existing members keep their business (actor) and become `accepted` through the new field's default, so
every current membership keeps counting and showing; the constraint holds for them (actor set, no user).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_plausible_value_bounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='communitymember',
            name='invited_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='communitymember',
            name='status',
            field=models.CharField(choices=[('invited', 'Diundang'), ('accepted', 'Anggota')], default='accepted', max_length=20, verbose_name='status keanggotaan'),
        ),
        migrations.AddField(
            model_name='communitymember',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='community_memberships', to=settings.AUTH_USER_MODEL, verbose_name='orang'),
        ),
        migrations.AlterField(
            model_name='communitymember',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='community_memberships', to='registry.actor'),
        ),
        migrations.AddConstraint(
            model_name='communitymember',
            constraint=models.UniqueConstraint(fields=('community', 'user'), name='community_member_person_unique'),
        ),
        migrations.AddConstraint(
            model_name='communitymember',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', False), ('user__isnull', True)), models.Q(('actor__isnull', True), ('user__isnull', False)), _connector='OR'), name='community_member_actor_xor_user'),
        ),
    ]
