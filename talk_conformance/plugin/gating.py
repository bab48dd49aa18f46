"""Gating: whether a selected test runs against this target, from its tags.

pytest-bdd turns the tags into marks (:func:`pytest_bdd_apply_tag`): ``@capability:NAME``,
``@without-capability:NAME``, ``@profile:NAME``, ``@beyond-the-docs``, ``@theme:ID`` and ``@fault:NAME`` (the last
three only mark). Before each test the autouse fixture :func:`_capability_gate` reads them: a test of
another API profile is skipped, one of a capability the target does not advertise runs as a probe,
one of what an advertised capability removed is skipped.
"""

from __future__ import annotations

import pytest

from talk_conformance.plugin import verdicts
from talk_conformance.spec import capabilities

FAULT_TAG = "fault:"
THEME_TAG = "theme:"  # @theme:ID: the coverage theme a scenario checks (coverage.yaml); only marks
PROFILE_TAG = "profile:"  # @profile:NAME: a scenario that only makes sense in one API version


def pytest_bdd_apply_tag(tag: str, function):
    """``@capability:<name>`` and ``@fault:<name>`` become the marks ``capability(name)``, ``fault(name=…)``."""
    if tag.startswith(capabilities.TAG_PREFIX):
        pytest.mark.capability(tag[len(capabilities.TAG_PREFIX):])(function)
        return True
    if tag.startswith(capabilities.ABSENT_TAG_PREFIX):
        pytest.mark.without_capability(tag[len(capabilities.ABSENT_TAG_PREFIX):])(function)
        return True
    if tag == verdicts.BEYOND_THE_DOCS_TAG:
        pytest.mark.beyond_the_docs(function)
        return True
    if tag.startswith(PROFILE_TAG):  # @profile:NAME or @profile:NAME:why-in-a-slug (the skip says why)
        name, _, why = tag[len(PROFILE_TAG):].partition(":")
        pytest.mark.profile(name, *([why.replace("-", " ")] if why else []))(function)
        return True
    if tag.startswith(THEME_TAG):  # select a theme's scenarios with -m "theme(name='ID')"
        pytest.mark.theme(name=tag[len(THEME_TAG):])(function)
        return True
    if tag.startswith(FAULT_TAG):  # select a fault's guards with -m "fault(name='NAME')"
        pytest.mark.fault(name=tag[len(FAULT_TAG):])(function)
        return True
    return None


@pytest.fixture(autouse=True)
def _capability_gate(request: pytest.FixtureRequest) -> None:
    """A scenario tagged ``@profile:NAME`` runs only against a target of that API profile (skipped
    elsewhere, with the reason ``@profile:NAME:why-in-a-slug`` gives). A scenario of a capability the
    target does not advertise still runs, as a probe: whatever happens it is skipped with that reason,
    and one that passes is noted "works, not advertised"
    (see :mod:`talk_conformance.plugin.verdicts`). A scenario of what a capability removed is skipped."""
    marks = [m for m in request.node.iter_markers("profile") if m.args]
    versions = [m.args[0] for m in marks]
    if versions:
        spoken = request.getfixturevalue("target").profile.name
        if spoken not in versions:
            why = "; ".join(m.args[1] for m in marks if len(m.args) > 1)
            pytest.skip(f"only for API {' or '.join(versions)}{f' ({why})' if why else ''}; "
                        f"the target speaks API {spoken}")
    required = capabilities.required_by(request.node.iter_markers())
    absent = capabilities.excluded_by(request.node.iter_markers())
    if required or absent:
        caps = request.getfixturevalue("target").capabilities
        reason = caps.skip_reason([], absent)
        if reason:
            pytest.skip(reason)
        reason = caps.skip_reason(required)
        if reason:
            request.node.stash[verdicts.PROBE] = reason
