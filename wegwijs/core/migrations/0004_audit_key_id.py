"""Each access-log row names the key of its HMAC (SECRET_KEY-independent, SECURITY.md LOG-03).

A migration cannot know the production key, so existing rows are not re-signed: they get the
key id ``legacy`` and keep their plain SHA-256. The verifier accepts legacy rows only before the
first keyed row, whose HMAC covers the last legacy hash and so anchors the whole legacy part
(docs/security.md, LOG-03). Adding a column with a constant default rewrites no row, so the
append-only trigger (0002) does not fire. New rows get the current signing key's id.
"""

from django.db import migrations, models

import wegwijs.core.audit_keys


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_rate_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(default="legacy", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                default=wegwijs.core.audit_keys.signing_key_id, editable=False, max_length=16
            ),
        ),
    ]
