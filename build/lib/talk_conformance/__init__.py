"""talk-conformance: the conformance suite for the Nextcloud Talk (spreed) conversation and chat API."""

from pathlib import Path

__version__ = "0.2.0"

_PACKAGE = Path(__file__).resolve().parent
# Where openapi.yaml, schemas/, features/ and steps/ are: the repository's root (a checkout or an
# editable install), or the copy a built wheel carries inside the package (see setup.py).
ROOT = _PACKAGE.parent if (_PACKAGE.parent / "features").is_dir() and (_PACKAGE.parent / "openapi.yaml").is_file() \
    else _PACKAGE / "suite"
