"""Binds the schemathesis fuzzing of every judged profile's document (talk_conformance/plugin/fuzz.py)."""

from talk_conformance.plugin.fuzz import (  # noqa: F401  (pytest collects tests and fixtures by name)
    _fuzz_identity,
    fuzz_schema,
    fuzz_session,
    test_operation_conforms,
    test_stateful_sequences_conform,
)
