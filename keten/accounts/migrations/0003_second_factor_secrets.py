"""Second-factor secrets and session keys that a copy of the database does not give away.

Moves every django-otp TOTP device into ``EncryptedTOTPDevice`` (secret encrypted) and every
recovery code into ``RecoveryCode`` (keyed hash), then deletes the clear rows. Deletes the
stored sessions, whose keys were kept in clear (everyone logs in again once), and the user
agents django-axes kept.
"""

import django.db.models.deletion
import django_otp.plugins.otp_totp.models
import keten.encryption
from django.conf import settings
from django.db import migrations, models

from keten.encryption import lookup_hash


def move_second_factors(apps, schema_editor):
    ClearTOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    EncryptedTOTPDevice = apps.get_model("accounts", "EncryptedTOTPDevice")
    for old in ClearTOTPDevice.objects.order_by("pk"):
        new = EncryptedTOTPDevice.objects.create(
            user_id=old.user_id,
            name=old.name,
            confirmed=old.confirmed,
            throttling_failure_timestamp=old.throttling_failure_timestamp,
            throttling_failure_count=old.throttling_failure_count,
            last_used_at=old.last_used_at,
            key=old.key,
            step=old.step,
            t0=old.t0,
            digits=old.digits,
            tolerance=old.tolerance,
            drift=old.drift,
            last_t=old.last_t,
        )
        EncryptedTOTPDevice.objects.filter(pk=new.pk).update(created_at=old.created_at)
    ClearTOTPDevice.objects.all().delete()

    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for old in StaticDevice.objects.order_by("pk"):
        new = RecoveryCodeDevice.objects.create(
            user_id=old.user_id,
            name=old.name,
            confirmed=old.confirmed,
            throttling_failure_timestamp=old.throttling_failure_timestamp,
            throttling_failure_count=old.throttling_failure_count,
            last_used_at=old.last_used_at,
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=new, code_hash=lookup_hash(token.token, purpose="recovery-codes"))
            for token in old.token_set.all()
        )
    StaticDevice.objects.all().delete()


def forget_clear_session_keys_and_user_agents(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()
    apps.get_model("axes", "AccessLog").objects.all().delete()
    apps.get_model("axes", "AccessFailureLog").objects.all().delete()
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    kept: set[str] = set()
    for attempt in AccessAttempt.objects.order_by("-failures_since_start", "pk"):
        if attempt.username in kept:
            attempt.delete()
            continue
        kept.add(attempt.username)
        attempt.user_agent = ""
        attempt.http_accept = ""
        attempt.save(update_fields=["user_agent", "http_accept"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_installation_administrators'),
        ('otp_totp', '0003_add_timestamps'),
        ('otp_static', '0003_add_timestamps'),
        ('sessions', '0001_initial'),
        ('axes', '0010_accessattemptexpiration'),
    ]

    operations = [
        migrations.CreateModel(
            name='EncryptedTOTPDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('key', keten.encryption.EncryptedTextField(default=django_otp.plugins.otp_totp.models.default_key, editable=True)),
                ('step', models.PositiveSmallIntegerField(default=30)),
                ('t0', models.BigIntegerField(default=0)),
                ('digits', models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)),
                ('tolerance', models.PositiveSmallIntegerField(default=1)),
                ('drift', models.SmallIntegerField(default=0)),
                ('last_t', models.BigIntegerField(default=-1)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'TOTP device',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='RecoveryCodeDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'recovery codes',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code_hash', models.CharField(db_index=True, max_length=64)),
                ('device', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='token_set', to='accounts.recoverycodedevice')),
            ],
        ),
        migrations.RunPython(move_second_factors, migrations.RunPython.noop),
        migrations.RunPython(forget_clear_session_keys_and_user_agents, migrations.RunPython.noop),
    ]
