"""The one place that knows capabilities: what the target advertises, and what that means for a run.

``GET /ocs/v2.php/cloud/capabilities`` -> ``capabilities.spreed.features``. A scenario tagged
``@capability:<name>`` runs only when the target advertises ``<name>``; otherwise it is skipped with
the reason "server does not advertise <name>", never failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    # spreed's `config` block (docs/capabilities.md): settings some documented rules depend on.
    config: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_ocs_data(cls, data) -> Capabilities:
        data = data if isinstance(data, dict) else {}
        spreed = (data.get("capabilities") or {}).get("spreed") or {}
        version = data.get("version") or {}
        major = version.get("major") if isinstance(version, dict) else None
        return cls(features=frozenset(spreed.get("features") or ()),
                   version=str(version.get("string", "") if isinstance(version, dict) else ""),
                   nextcloud=major if isinstance(major, int) and not isinstance(major, bool) else None,
                   config=dict(spreed.get("config") or {}) if isinstance(spreed.get("config"), dict) else {})

    def config_value(self, *path: str):
        """A value of spreed's config block (``config_value("call", "recording-consent")``), or None."""
        node: object = self.config
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node

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


@dataclass(frozen=True)
class NotJudged:
    """A family of capabilities the suite knows of and deliberately does not judge yet: no scenario and
    no fuzzed operation checks them, so a server that advertises them is reported "advertised, not
    judged" for each, never passed."""
    family: str
    capabilities: tuple[str, ...]
    why: str  # what judging it would take, in a phrase


# The one list of capabilities known and deliberately not judged (issue 17): the reports name them, and
# the README's section is generated from it (`python -m talk_conformance.spec.capabilities --write`).
# Names from docs/capabilities.md of Talk 21.1, and Talk 22's capability list (threads, edit-draft-poll).
NOT_JUDGED: tuple[NotJudged, ...] = (
    NotJudged("federation", ("federation-v1", "federation-v2"), "a second server to federate with"),
    NotJudged("breakout rooms", ("breakout-rooms-v1",), "the breakout-rooms API, not transcribed yet"),
    NotJudged("polls", ("talk-polls", "talk-polls-drafts", "edit-draft-poll"), "the polls API, not transcribed yet"),
    NotJudged("recordings", ("recording-v1",), "a High-performance backend that records calls"),
    NotJudged("bots", ("bots-v1",), "a bot (webhook) the server can reach"),
    NotJudged("SIP", ("sip-support", "sip-support-nopin", "sip-support-dialout", "sip-direct-dialin"),
              "a configured SIP bridge"),
    NotJudged("threads", ("threads",), "Talk 22's threads API, which the Talk 21.1 docs do not describe"),
    NotJudged("scheduling", ("schedule-meeting",), "a calendar to schedule meetings in"),
)


def not_judged_family(name: str) -> NotJudged | None:
    """The deliberately unjudged family a capability belongs to, if any."""
    return next((entry for entry in NOT_JUDGED if name in entry.capabilities), None)


# The README's section listing them is generated from NOT_JUDGED; tests/test_not_judged.py fails while
# it differs.
SECTION_START = "<!-- not-judged capabilities: generated from talk_conformance/spec/capabilities.py -->"
SECTION_END = "<!-- end of not-judged capabilities -->"


def markdown_table() -> str:
    rows = ["| family | capabilities | what judging it would take |", "|---|---|---|"]
    for entry in NOT_JUDGED:
        rows.append(f"| {entry.family} | {', '.join(f'`{c}`' for c in entry.capabilities)} | {entry.why} |")
    return "\n".join(rows)


def readme_with_section(readme: str) -> str:
    """The README with its not-judged section replaced by the generated one."""
    head, start, rest = readme.partition(SECTION_START)
    _, end, tail = rest.partition(SECTION_END)
    if not start or not end:
        raise ValueError(f"the README lacks the markers {SECTION_START} ... {SECTION_END}")
    return f"{head}{SECTION_START}\n{markdown_table()}\n{SECTION_END}{tail}"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--write"]:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        readme.write_text(readme_with_section(readme.read_text()))
    else:
        print(markdown_table())
