"""The embedded reference server boots while pytest starts up.

``talk-conformance run`` loads this plugin with ``-p`` and names the server's release in
``TALK_BOOT_EMBEDDED`` when the run has no ``--base-url``. pytest loads ``-p`` plugins before
conftest.py, the suite's plugin and the step modules: the server starts (~0.25 s) while they import,
instead of after. The run's owner (:mod:`~talk_conformance.plugin.owner`) takes the booting server when
it opens the run for that release, and stops it as it stops one it started itself; one nobody took is
discarded at the end. Kept small on purpose: what it imports delays the start.
"""

from __future__ import annotations

import atexit
import os

import pytest

from talk_conformance.run import embedded

BOOTING = pytest.StashKey[embedded.Launched]()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    release = os.environ.get(embedded.BOOT_ENV)
    # xdist's workers inherit the environment; only the process that owns the run starts a server.
    if release and "PYTEST_XDIST_WORKER" not in os.environ and BOOTING not in early_config.stash:
        early_config.stash[BOOTING] = embedded.launch(profile=release)
        # pytest never unconfigures a command line it refuses from here on (an unknown option): the
        # server must not outlive the process all the same.
        atexit.register(_discard, early_config)


def take(config: pytest.Config, release: str) -> embedded.Launched | None:
    """The server booting for ``release``, once: its owner is the caller from now on."""
    launched = config.stash.get(BOOTING, None)
    if launched is None or launched.release != release:
        return None
    del config.stash[BOOTING]
    return launched


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    _discard(config)


def _discard(config: pytest.Config) -> None:
    """Stop the booting server if nobody took it."""
    launched = config.stash.get(BOOTING, None)
    if launched is not None:
        del config.stash[BOOTING]
        launched.discard()
