import time

from django.core.management.base import BaseCommand, CommandError

from wegwijs.core.audit import GENESIS_HASH, verify_chain
from wegwijs.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain; exits non-zero naming the first broken row. "
        "Prints the chain head to copy off-host (docs/operations.md, Audit log)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="a head printed by an earlier run (the copy kept off-host): it must still be "
            "in the chain, or rows were removed from its end",
        )

    def handle(self, *args, expect_head=None, **options):
        started = time.monotonic()
        # The head is read before the walk, so the walk always covers it.
        head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        checked, broken = verify_chain()
        elapsed = time.monotonic() - started
        if broken is not None:
            raise CommandError(
                f"Access log chain broken at entry {broken.pk} "
                f"(after {checked} good entries). Open a security incident."
            )
        if (
            expect_head
            and expect_head != GENESIS_HASH
            and not AuditEntry.objects.filter(entry_hash=expect_head).exists()
        ):
            raise CommandError(
                f"Access log no longer holds the earlier head {expect_head}: entries were "
                "removed from the end of the log. Open a security incident."
            )
        head_id, head_hash = head or (None, GENESIS_HASH)
        count = AuditEntry.objects.filter(id__lte=head_id).count() if head_id else 0
        self.stdout.write(f"Access log intact: {checked} entries checked in {elapsed:.1f} s.")
        self.stdout.write(f"Chain head: entry={head_id or '-'} entries={count} sha256={head_hash}")
