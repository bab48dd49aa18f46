"""Masking: passwords and session secrets never reach a log, a transcript or a report.

Every password the run knows is registered here; :func:`mask` replaces it wherever it appears, and
the transcript masks credential headers and password fields by name as well.
"""

from __future__ import annotations

MASK = "********"

# Header and field names whose values are always secret, whatever they contain.
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
SECRET_FIELDS = frozenset({"password", "newpassword", "value_password"})

_known: set[str] = set()


def register(secret: str | None) -> None:
    # Very short strings would mask ordinary words; run passwords are long and random anyway.
    if secret and len(secret) >= 4:
        _known.add(secret)


def mask(text: str) -> str:
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def mask_headers(headers) -> dict[str, str]:
    return {k: (MASK if k.lower() in SECRET_HEADERS else mask(str(v))) for k, v in headers.items()}


def mask_fields(fields) -> dict | None:
    if fields is None:
        return None
    if not isinstance(fields, dict):
        return fields
    return {k: (MASK if str(k).lower() in SECRET_FIELDS else v) for k, v in fields.items()}
