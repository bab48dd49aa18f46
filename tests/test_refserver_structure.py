"""The reference server's shape: its routes come from openapi.yaml, its SQL lives in one layer, and it
stands alone (nothing from the suite it is judged by)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import talk_refserver
from talk_refserver import app as _loads_every_handler  # noqa: F401
from talk_refserver import spec
from talk_refserver.routing import Router, handled_operations

PACKAGE = Path(talk_refserver.__file__).resolve().parent
REPOSITORY = PACKAGE.parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _document_operations() -> dict[str, tuple[str, str]]:
    document = yaml.safe_load((REPOSITORY / "openapi.yaml").read_text(encoding="utf-8"))
    return {operation["operationId"]: (method.upper(), path)
            for path, item in document["paths"].items()
            for method, operation in item.items() if isinstance(operation, dict) and "operationId" in operation}


def test_every_operation_of_the_document_has_a_handler():
    documented = _document_operations()
    # Read here as the server reads it, and exactly the operations the suite's profile judges.
    from talk_conformance.spec import profile

    assert set(documented) == set(profile.V1.operations)
    assert handled_operations() == set(documented)


def test_each_operation_is_served_where_the_document_puts_it_under_v1_and_v2():
    router = Router.standard()
    features = frozenset(["read-only-rooms", "favorites", "notification-levels", "webinary-lobby",
                          "guest-display-names", "chat-read-marker", "delete-messages", "rich-object-sharing"])
    for operation_id, (method, path) in _document_operations().items():
        assert path.startswith("/ocs/v2.php/")
        concrete = path[len("/ocs/v2.php"):].replace("{token}", "abcdefgh").replace("{messageId}", "42")
        endpoint, params, _ = router.resolve(concrete, method, features)
        assert endpoint is not None and endpoint.name == operation_id, (operation_id, concrete)
        expected = {"token": "abcdefgh"} if "{token}" in path else {}
        assert params == ({**expected, "messageId": "42"} if "{messageId}" in path else expected)


def test_the_document_is_found_in_one_place():
    # In the repository the document beside the package's folder; a built wheel carries a copy inside
    # the package (setup.py; tests/test_install.py runs the installed server).
    assert spec.document_path() == REPOSITORY / "openapi.yaml"
    locators = [p.name for p in SOURCES if '"openapi.yaml"' in p.read_text(encoding="utf-8")]
    assert locators == ["spec.py"]


def test_no_sql_outside_the_repository_layer():
    repository = PACKAGE / "repo"
    offenders = [str(p.relative_to(PACKAGE)) for p in SOURCES
                 if repository not in p.parents and ".execute(" in p.read_text(encoding="utf-8")]
    assert offenders == []
    # The check itself sees SQL where it is.
    assert any(".execute(" in p.read_text(encoding="utf-8") for p in SOURCES if repository in p.parents)


def test_nothing_is_shared_with_the_suite():
    importing = [p.name for p in SOURCES if re.search(r"^\s*(from|import)\s+talk_conformance\b",
                                                      p.read_text(encoding="utf-8"), re.M)]
    assert importing == []


def test_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in SOURCES}
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_no_file_outside_the_repository_is_cited():
    cited = [p.name for p in SOURCES if re.search(r"BEHAVIOUR|API-INVENTORY|TOOLING-NOTES|REAL-SERVERS",
                                                  p.read_text(encoding="utf-8"))]
    assert cited == []
