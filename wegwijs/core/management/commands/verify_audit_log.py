import time

from django.core.management.base import BaseCommand, CommandError

from wegwijs.core.audit import GENESIS_HASH
from wegwijs.core.audit_chain import ChainVerifier, Head, log_in_order


class Command(BaseCommand):
    help = (
        "Check the access log's HMAC chain: every break is named on stderr and the exit status "
        "is non-zero. Prints the chain head (docs/operations.md, Audit log)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="HEAD",
            default="",
            help="the head kept off-host: the line `manage.py audit_head` printed, or its hash. "
            "It must still be in the chain, or entries were removed from the end of the log.",
        )

    def handle(self, *args, expect_head="", **options):
        expected = self._expected(expect_head)
        started = time.monotonic()
        verifier = ChainVerifier()
        found = None

        def entries():
            nonlocal found
            for entry in log_in_order():
                if expected is not None and entry.entry_hash == expected.hash:
                    found = entry
                yield entry

        for chain_break in verifier.walk(entries()):
            self.stderr.write(chain_break.message)
        elapsed = time.monotonic() - started

        problems = []
        if verifier.counts:
            total = verifier.counts.total()
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(verifier.counts.items()))
            problems.append(
                f"Access log chain broken: {total} {'break' if total == 1 else 'breaks'} in "
                f"{verifier.checked} entries ({kinds})."
            )
        if expected is not None and expected.hash != GENESIS_HASH:
            if found is None:
                problems.append(
                    f"Access log no longer holds the earlier head {expected.hash}: entries were "
                    "removed from the end of the log."
                )
            elif expected.id is not None and found.pk != expected.id:
                problems.append(
                    f"The earlier head {expected.hash} was entry {expected.id} and is now entry "
                    f"{found.pk}: entries were moved."
                )
        head = Head.of(verifier.last, verifier.checked)
        self.stdout.write(
            f"Access log: {verifier.checked} entries checked in {elapsed:.1f} s"
            + ("." if problems else ", intact.")
        )
        self.stdout.write(
            f"Chain head: entry={head.id or '-'} entries={head.entries} "
            f"key={head.key_id or '-'} hash={head.hash}"
        )
        if problems:
            raise CommandError(" ".join([*problems, "Open a security incident."]))

    def _expected(self, text: str) -> Head | None:
        if not text.strip():
            return None
        try:
            return Head.parse(text)
        except ValueError:
            raise CommandError(
                "--expect-head takes the line `manage.py audit_head` printed, or a hash of 64 "
                "hexadecimal characters.",
                returncode=2,
            ) from None
