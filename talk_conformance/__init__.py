"""talk-conformance: the conformance suite for the Nextcloud Talk (spreed) conversation and chat API."""

from pathlib import Path

__version__ = "0.1.0"

# The repository root: openapi.yaml, schemas/, features/ and steps/ live here (editable install).
ROOT = Path(__file__).resolve().parent.parent
