"""Shared pieces of the reference-data loaders (municipalities, catalogue, ...)."""

from dataclasses import dataclass


class ReferenceDataError(Exception):
    """A reference file is not right; nothing of it has been written."""


@dataclass
class ReferenceSummary:
    name: str
    created: int = 0
    unchanged_or_updated: int = 0

    def count(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.unchanged_or_updated += 1

    def __str__(self):
        return f"{self.name}: {self.created} created, {self.unchanged_or_updated} already present"
