"""The digest of a question's content: the one formula the bank (which cites it) and the
store (which checks a stored question still matches the hash it is kept under) share."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def content_digest(value: Any) -> str:
    """SHA-256 of `value` as JSON with sorted keys and real Unicode (the bank's format)."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()
