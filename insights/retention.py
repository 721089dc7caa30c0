"""How long conversations are kept: the retention period and which conversations have expired.

A conversation has expired when its latest event is older than the retention period (default
30 days), counted back from now. Used by scripts/retention.py (`make retention`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DEFAULT_RETENTION_DAYS = 30
SECONDS_PER_DAY = 24 * 60 * 60


def retention_days(value: str | int | None) -> int:
    """The retention period in whole days; None or an empty value gives the default (30)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValueError(f"Oppbevaringstiden må være et helt antall dager, ikke «{value}».") from None
    if days < 1:
        raise ValueError(f"Oppbevaringstiden må være minst 1 dag, ikke {days}.")
    return days


def cutoff_timestamp(now: float, days: int) -> float:
    """Unix time before which a conversation's last activity makes it expired."""
    return now - days * SECONDS_PER_DAY


def expired_conversations(last_activity: Mapping[str, float | None], cutoff: float) -> list[str]:
    """Sender ids whose latest event is strictly older than the cut-off, sorted.

    A conversation without any timestamp is treated as expired: nothing tells that it is recent.
    """
    return sorted(sender for sender, latest in last_activity.items() if latest is None or latest < cutoff)


def batches(items: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    """The items in lists of at most `size` (keeps SQL parameter lists small)."""
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
