import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import wegwijs.clients.identifiers


class Migration(migrations.Migration):
    """V-nummer and BSN lose their unique constraint (a refused insert told the user that a
    person outside their caseload holds the number); the duplicate check and DuplicateSignal
    take its place."""

    dependencies = [
        ("clients", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="v_number",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Foreign nationals number: 10 digits.",
                max_length=10,
                null=True,
                validators=[wegwijs.clients.identifiers.validate_v_number],
                verbose_name="V-number",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="bsn",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Citizen service number: 9 digits. Only stored with a legal basis.",
                max_length=9,
                null=True,
                validators=[wegwijs.clients.identifiers.validate_bsn],
                verbose_name="BSN",
            ),
        ),
        migrations.CreateModel(
            name="DuplicateSignal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("reasons", models.JSONField(default=list, verbose_name="matched on")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="when"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "open"), ("resolved", "resolved")],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("same_person", "the same person: the files are brought together"),
                            ("different", "different persons"),
                        ],
                        max_length=12,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "resolved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="resolved at"),
                ),
                (
                    "asked_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asked by",
                    ),
                ),
                (
                    "matching_person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duplicate_signals",
                        to="clients.person",
                        verbose_name="matching client",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duplicate_signals_raised",
                        to="clients.person",
                        verbose_name="client registered or changed",
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="resolved by",
                    ),
                ),
            ],
            options={
                "verbose_name": "duplicate signal",
                "verbose_name_plural": "duplicate signals",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("outcome", ""), ("status", "open")),
                            models.Q(
                                ("resolved_at__isnull", False),
                                ("status", "resolved"),
                                models.Q(("outcome", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="duplicate_signal_resolved_with_outcome",
                    )
                ],
            },
        ),
    ]
