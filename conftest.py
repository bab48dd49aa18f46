"""pytest entry point of the conformance suite: the plugin, then every step module under steps/.

`pytest --base-url URL --admin USER:PASS` from here runs the suite (features/) against any server;
without --base-url it runs against the embedded reference server.
"""

from pathlib import Path

pytest_plugins = [
    "talk_conformance.plugin",
    *sorted((f"steps.{p.stem}" for p in (Path(__file__).parent / "steps").glob("*.py") if p.stem != "__init__"),
            key=lambda name: (name != "steps.common", name)),
]
