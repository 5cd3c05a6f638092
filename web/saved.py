"""The saved queries of ``cypher/`` (parsed by ``kg.queries``) as the console lists them."""

from __future__ import annotations

from kg.queries import SavedQuery, load_saved_queries


def saved_queries() -> list[SavedQuery]:
    """Every saved query, sorted by title."""
    return sorted(load_saved_queries(), key=lambda q: q.title.lower())


def find_saved(saved: list[SavedQuery], name: str | None) -> SavedQuery | None:
    """A saved query by name, or 404."""
    return next((q for q in saved if q.name == name), None) if name else None


def describe(query: SavedQuery) -> dict:
    """What the console shows of a saved query before it runs."""
    return {"name": query.name, "title": query.title, "description": query.description,
            "params": query.params}
