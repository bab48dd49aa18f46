"""Selection: which tests a run has, and how many of how many the suite has.

Every collection hook of the suite is here, in the order pytest calls them:

1. at configure time (the plugin's ``pytest_configure``): :func:`check_capabilities` refuses an
   unknown ``--capability``; :func:`features_named_in_args` swaps feature paths for their binder;
2. :func:`pytest_itemcollected`: ``-k`` also matches a scenario's title, feature name and file name;
3. :func:`pytest_collection_modifyitems` (tryfirst): the fuzz tests of the other API version's
   document go (:func:`keep_api`: a worker knows the run's API version already), then the total is
   counted before anything else is deselected (in the process that collects: a worker under xdist
   hands it to the controller through ``workeroutput``); then ``--capability``, feature paths, and a
   worker whose run could not be opened, deselect; pytest's own ``-k`` and ``-m`` follow;
4. the run owner's ``pytest_collection_modifyitems`` (trylast, :mod:`talk_conformance.plugin.owner`):
   with the selection known it opens the run (one process) and calls :func:`keep_api`, and deselects
   everything when it cannot;
5. :func:`pytest_collection_finish` and ``pytest_xdist_node_collection_finished``: the selected count.

Whether a selected test then runs against this target (``@capability``, ``@without-capability``,
``@profile``) is :mod:`talk_conformance.plugin.gating`'s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from talk_conformance.plugin import verdicts
from talk_conformance.run import settings
from talk_conformance.spec import capabilities

TOTAL = pytest.StashKey[int]()
SELECTED = pytest.StashKey[int]()
CHOSEN_FEATURES = pytest.StashKey[set]()  # feature files named on the command line
WANTED = pytest.StashKey[set]()  # the --capability names


def check_capabilities(wanted: list[str]) -> None:
    """``--capability favorite`` (a typo) is refused before the run, naming the nearest known one."""
    if not wanted:
        return
    from talk_conformance import ROOT, catalogue

    problem = catalogue.unknown_capability(wanted, catalogue.capabilities(catalogue.load(ROOT / "features")))
    if problem:
        raise settings.SettingError(problem)


def features_named_in_args(config: pytest.Config) -> set[Path]:
    """``pytest features/conversation/rename.feature``: a feature file selects its scenarios, which
    ``features/test_scenarios.py`` binds; the path is swapped for that module, the rest deselected."""
    named = [a for a in config.args if a.split("::")[0].endswith(".feature")]
    if not named:
        return set()
    binder = str(Path(config.rootpath) / "features" / "test_scenarios.py")
    config.args[:] = [a for a in config.args if a not in named] + [binder]
    return {Path(a.split("::")[0]).resolve() for a in named}


def pytest_itemcollected(item: pytest.Item) -> None:
    """``-k`` matches the words of the scenario's title, its feature's name and its file's name
    (``-k rename`` and ``-k Renaming`` both find every scenario of rename.feature)."""
    scenario = verdicts.scenario_of(item)
    if scenario is not None:
        item.extra_keyword_matches.update({scenario.name, scenario.feature.name,
                                           Path(scenario.feature.filename).stem})


def api_of(item: pytest.Item) -> str | None:
    """The API version a test belongs to: a fuzz test's document's (its ``profile_name`` parameter);
    None for a scenario (its steps speak every version; ``@profile`` tags skip those of one)."""
    return getattr(getattr(item, "callspec", None), "params", {}).get("profile_name")


def keep_api(config: pytest.Config, items: list, api: str) -> None:
    """Only the fuzz tests of the run's API version: those of another version's document are not the
    run's tests (neither counted nor reported), as `talk-conformance list` counts per version."""
    other = [i for i in items if api_of(i) not in (None, api)]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [i for i in items if i not in other]
        if TOTAL in config.stash:
            config.stash[TOTAL] -= len(other)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    run = (getattr(config, "workerinput", None) or {}).get("talk_run")
    if run:
        keep_api(config, items, run["profile"])
    config.stash[TOTAL] = len(items)
    if hasattr(config, "workeroutput"):
        config.workeroutput["talk_total"] = len(items)
    _choose(config, items)


def _choose(config: pytest.Config, items: list) -> None:
    """``--capability NAME`` and feature paths keep their scenarios; a run that cannot start keeps none."""
    workerinput = getattr(config, "workerinput", None)
    cannot_run = workerinput is not None and workerinput.get("talk_run") is None
    wanted = config.stash.get(WANTED, set())
    features = config.stash.get(CHOSEN_FEATURES, set())
    if not (cannot_run or wanted or features):
        return

    def chosen(item) -> bool:
        scenario = verdicts.scenario_of(item)
        if features and (scenario is None or Path(scenario.feature.filename).resolve() not in features):
            return False
        return not wanted or bool(wanted & set(capabilities.required_by(item.iter_markers())))

    keep = [] if cannot_run else [i for i in items if chosen(i)]
    dropped = [i for i in items if i not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


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
