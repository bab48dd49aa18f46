"""pytest entry point of the conformance suite: the plugin, then every step module under steps/.

`pytest --base-url URL --admin USER:PASS` from here runs the suite (features/) against any server;
without --base-url it runs against the embedded reference server.
"""

from pathlib import Path

import pytest

# Step modules import each other; rewrite their asserts whichever is imported first (where rewriting is
# on: the suite runs with --assert=plain, the project's own tests with rewriting).
pytest.register_assert_rewrite("steps")

pytest_plugins = [
    "talk_conformance.plugin",
    # steps.common first: the other step modules import it, and a plugin imported before it is
    # registered loses pytest's assertion rewriting.
    *sorted((f"steps.{p.stem}" for p in (Path(__file__).parent / "steps").glob("*.py") if p.stem != "__init__"),
            key=lambda name: (name != "steps.common", name)),
]
