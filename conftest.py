"""pytest entry point of the conformance suite: the plugin, then the step modules.

`pytest --base-url URL --admin USER:PASS` from here runs the suite (features/) against any server;
without --base-url it runs against the embedded reference server.
"""

pytest_plugins = [
    "talk_conformance.plugin",
    "steps.common",
    "steps.conversation",
]
