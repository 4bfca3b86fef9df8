"""Request parsing, apart from the views: DRF reads its parser classes while loading its views."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers

# No body the API takes nests deeper than a profile's list of skills (3 levels); a bound well
# above that keeps a few kilobytes of brackets from exhausting the interpreter's stack.
MAX_DEPTH = 16


class JSONParser(parsers.JSONParser):
    """JSON bodies nested at most ``MAX_DEPTH`` levels and without a NUL character anywhere in
    them: no field means one, and the database cannot store it (PostgreSQL text)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The decoder recurses once per level: a deeply nested body fails in it.
            raise exceptions.ParseError() from None
        if not _acceptable(data):
            raise exceptions.ParseError()
        return data


def _acceptable(data: Any) -> bool:
    """Walks the parsed body with a stack of its own, not recursion, for the same reason."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return False
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return False
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
    return True
