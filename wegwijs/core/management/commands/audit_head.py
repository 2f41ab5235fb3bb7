from django.core.management.base import BaseCommand, CommandError

from wegwijs.core.audit_chain import Head
from wegwijs.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Print the access log's newest entry (id, time, key id, hash, entries up to it) as one "
        "JSON line, for a nightly job to copy off-host; `verify_audit_log --expect-head` takes "
        "the line back (docs/operations.md, Audit log)."
    )

    def handle(self, *args, **options):
        entry = AuditEntry.objects.order_by("-id").first()
        if entry is not None and not entry.verifies():
            # Shipping it would make a forged entry the reference for tomorrow's check.
            raise CommandError(
                f"The newest entry {entry.pk} does not verify with the audit key: run "
                "verify_audit_log and open a security incident."
            )
        entries = AuditEntry.objects.filter(id__lte=entry.pk).count() if entry else 0
        self.stdout.write(Head.of(entry, entries).as_json())
