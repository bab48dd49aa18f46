"""How many tests the run selected out of how many the suite has (``-k``, ``-m``, ``--capability``).

The total is counted before anything is deselected, in the process that collects (a worker under
xdist, which hands it to the controller through ``workeroutput``).
"""

from __future__ import annotations

import pytest

TOTAL = pytest.StashKey[int]()
SELECTED = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    config.stash[TOTAL] = len(items)
    if hasattr(config, "workeroutput"):
        config.workeroutput["talk_total"] = len(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[SELECTED] = len(session.items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids) -> None:
    node.config.stash[SELECTED] = len(ids)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    total = getattr(node, "workeroutput", {}).get("talk_total")
    if total is not None:
        node.config.stash[TOTAL] = total


def of(config: pytest.Config) -> dict | None:
    """{"selected", "total", "partial"}, or None when nothing was collected at all."""
    if TOTAL not in config.stash:
        return None
    total = config.stash[TOTAL]
    selected = config.stash.get(SELECTED, 0)
    return {"selected": selected, "total": total, "partial": selected < total}
