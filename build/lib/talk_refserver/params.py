"""Request parameters as Nextcloud's AppFramework binds them (`lib/private/AppFramework/Http/Request.php`).

Query string, form body (urlencoded or multipart) and JSON body are merged, the body winning, for
every verb (DELETE too). ``int`` parameters are cast like PHP's ``settype``; a missing parameter
without a default is a PHP TypeError in the real server, here a 400.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl

from talk_refserver.ocs import OcsError

MISSING = object()
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1

_NUMERIC_PREFIX = re.compile(r"[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)")
_ARRAY_KEY = re.compile(r"^([^\[\]]+)\[[^\]]*\]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clamp(value: int) -> int:
    return max(INT_MIN, min(INT_MAX, value))


def php_int(value: Any) -> int:
    """PHP's ``settype($v, 'int')``: "12abc" -> 12, "abc" -> 0, "1e3" -> 1000, true -> 1."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _clamp(value)
    if isinstance(value, float):
        return _clamp(int(value)) if math.isfinite(value) else 0
    if isinstance(value, (list, dict)):
        return 1 if value else 0
    match = _NUMERIC_PREFIX.match(str(value))
    if not match:
        return 0
    number = match.group(1)
    if re.fullmatch(r"[+-]?\d+", number):
        return _clamp(int(number))
    as_float = float(number)
    return _clamp(int(as_float)) if math.isfinite(as_float) else 0


def php_string(value: Any) -> str | None:
    """A scalar as PHP would coerce it into a ``string`` argument; None for arrays (a TypeError)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, (int, str)):
        return str(value)
    return None


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_SURROGATE.search(value))
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _put(values: dict, key: str, value: Any) -> None:
    # PHP turns "a[]=x" and "a[k]=x" into an array called "a".
    match = _ARRAY_KEY.match(key)
    if match:
        existing = values.get(match.group(1))
        values[match.group(1)] = (existing if isinstance(existing, list) else []) + [value]
    else:
        values[key] = value


def merge(query: str, body: bytes, content_type: str, form_items: list[tuple[str, Any]] | None) -> dict:
    values: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        _put(values, key, value)
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype == "application/json" or (ctype.endswith("+json")):
        try:
            decoded = json.loads(body.decode("utf-8")) if body else None
        except (ValueError, UnicodeDecodeError, RecursionError):
            decoded = None
        # PHP's json_decode refuses unpaired surrogates outright: the body then carries nothing.
        if isinstance(decoded, dict) and not _has_surrogate(decoded):
            values.update(decoded)
    elif ctype == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                                    encoding="utf-8", errors="replace"):
            _put(values, key, value)
    elif form_items is not None:
        for key, value in form_items:
            _put(values, key, value if isinstance(value, str) else [])
    return values


class Params:
    def __init__(self, values: dict[str, Any]):
        self.values = values

    def _raw(self, name: str) -> Any:
        value = self.values.get(name)
        return MISSING if value is None else value

    def has(self, name: str) -> bool:
        return self._raw(name) is not MISSING

    def str(self, name: str, default: Any = MISSING) -> Any:
        raw = self._raw(name)
        if raw is MISSING:
            if default is MISSING:
                raise OcsError(400, f"missing parameter {name}")
            return default
        text = php_string(raw)
        if text is None:
            raise OcsError(400, f"parameter {name} must be a string")
        return text

    def int(self, name: str, default: Any = MISSING) -> Any:
        raw = self._raw(name)
        if raw is MISSING:
            if default is MISSING:
                raise OcsError(400, f"missing parameter {name}")
            return default
        return php_int(raw)
