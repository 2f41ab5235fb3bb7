"""Move the plain-text recovery codes of django-otp's static plugin into hashed recovery codes.

Until now recovery codes were ``StaticToken`` rows of a ``StaticDevice`` ("recovery"), stored as
plain text. Every token of a confirmed static device (the login accepted those, whatever their
name) becomes a ``RecoveryCode`` holding only its hash, computed by the same function the login
uses; the user keeps the codes they wrote down. Then every static device and token is deleted,
so no plain code is left in the database.

Reverse: a no-op. The plain codes cannot be recovered from their hashes; after migrating back the
static tables stay empty and users make new codes. ``otp_static`` stays installed because this
migration needs its models.
"""

from collections import defaultdict

from django.db import migrations

from wegwijs.accounts.recovery import hash_code


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")

    hashes_by_user = defaultdict(set)
    tokens = StaticToken.objects.filter(device__confirmed=True).values_list(
        "device__user_id", "token"
    )
    for user_id, token in tokens.iterator():
        hashes_by_user[user_id].add(hash_code(token))

    for user_id, hashes in hashes_by_user.items():
        device, _created = RecoveryCodeDevice.objects.get_or_create(
            user_id=user_id, defaults={"name": "recovery codes", "confirmed": True}
        )
        known = set(RecoveryCode.objects.filter(device=device).values_list("code_hash", flat=True))
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=code_hash) for code_hash in hashes - known
        )

    StaticToken.objects.all().delete()
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_recovery_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(hash_static_tokens, migrations.RunPython.noop, elidable=False),
    ]
