"""The one place that knows capabilities: what the target advertises, and what that means for a run.

``GET /ocs/v2.php/cloud/capabilities`` -> ``capabilities.spreed.features``. A scenario tagged
``@capability:<name>`` runs only when the target advertises ``<name>``; otherwise it is skipped with
the reason "server does not advertise <name>", never failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TAG_PREFIX = "capability:"  # the Gherkin tag
MARK = "capability"  # the pytest mark it becomes: capability(name)
# A feature that announced the removal of something (no-ping): scenarios of it run only without it.
ABSENT_TAG_PREFIX = "without-capability:"
ABSENT_MARK = "without_capability"


@dataclass(frozen=True)
class Capabilities:
    features: frozenset[str]
    version: str = ""  # the Nextcloud version, as the server names it
    nextcloud: int | None = None  # its major version: where features are silent, it tells releases apart

    @classmethod
    def from_ocs_data(cls, data) -> Capabilities:
        data = data if isinstance(data, dict) else {}
        spreed = (data.get("capabilities") or {}).get("spreed") or {}
        version = data.get("version") or {}
        major = version.get("major") if isinstance(version, dict) else None
        return cls(features=frozenset(spreed.get("features") or ()),
                   version=str(version.get("string", "") if isinstance(version, dict) else ""),
                   nextcloud=major if isinstance(major, int) and not isinstance(major, bool) else None)

    @property
    def talk_enabled(self) -> bool:
        return bool(self.features)

    def skip_reason(self, required: list[str], absent: Sequence[str] = ()) -> str | None:
        missing = [name for name in required if name not in self.features]
        if missing:
            return "server does not advertise " + ", ".join(missing)
        present = [name for name in absent if name in self.features]
        if present:
            return "server advertises " + ", ".join(present) + ", which removed what this scenario checks"
        return None


def required_by(markers) -> list[str]:
    """Capability names from an item's ``capability(name)`` marks."""
    return [m.args[0] for m in markers if m.name == MARK and m.args]


def excluded_by(markers) -> list[str]:
    """Capability names from an item's ``without_capability(name)`` marks."""
    return [m.args[0] for m in markers if m.name == ABSENT_MARK and m.args]
