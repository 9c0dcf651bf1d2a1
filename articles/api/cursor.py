"""Opaque, signed page cursors: the last row's sort key (keyset pagination), so that a page
deep in a list costs what the first one does. A cursor says which order it belongs to; a
tampered or foreign one is refused (400, field ``cursor``)."""

from __future__ import annotations

from typing import Any

from django.core import signing

from .base import ApiError

_SALT = "articles.api.cursor"


def encode(order: str, key: list[Any]) -> str:
    return signing.dumps({"o": order, "k": key}, salt=_SALT)


def decode(cursor: str | None, order: str) -> list[Any] | None:
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        raise ApiError(400, "cursor: not a cursor this API gave out", [{"field": "cursor", "message": "invalid cursor"}]) from None
    if not isinstance(data, dict) or data.get("o") != order or not isinstance(data.get("k"), list):
        raise ApiError(
            400, f"cursor: this cursor belongs to another order than {order!r}",
            [{"field": "cursor", "message": "the cursor does not match the order"}],
        )  # fmt: skip
    return data["k"]
