"""The API document the server serves: ``openapi.yaml``, the same one the suite judges answers by.

Each spreed operation's verb and path come from it, so the server cannot drift from what the judge
expects. The server reads only ``operationId``, method and path: its behaviour stays its own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# The document writes every path in full under v2; the server serves each under v1 too.
OCS_PREFIX = "/ocs/v2.php"


def document_path() -> Path:
    """The repository's ``openapi.yaml``, or the copy installed beside the package."""
    beside_repository = Path(__file__).resolve().parent.parent / "openapi.yaml"
    if beside_repository.exists():
        return beside_repository
    return Path(__file__).resolve().parent / "openapi.yaml"


@functools.cache
def operations() -> dict[str, tuple[str, str]]:
    """operationId -> (METHOD, path below ``/ocs/v2.php``)."""
    document = yaml.safe_load(document_path().read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = (item or {}).get(method)
            if not operation:
                continue
            operation_id = operation["operationId"]
            if operation_id in found:
                raise ValueError(f"operationId {operation_id} appears twice in {document_path()}")
            if not path.startswith(OCS_PREFIX + "/"):
                raise ValueError(f"{operation_id}: {path} is not below {OCS_PREFIX}")
            found[operation_id] = (method.upper(), path[len(OCS_PREFIX):])
    return found
