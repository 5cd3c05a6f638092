"""One dict, two faces: every page renders its data as HTML or returns it as JSON.

``page`` registers a rule and its ``.json`` twin; ``respond`` picks the face from the rule or
from ``?format=json``. Also the error pages, the security headers and the template filters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, jsonify, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def page(bp: Blueprint, rule: str, **options: Any) -> Callable:
    """Register ``rule`` and its JSON twin (``rule.json``, or ``/index.json`` for ``/``)."""

    def decorator(view: Callable) -> Callable:
        bp.add_url_rule(rule, view_func=view, **options)
        twin = "/index.json" if rule == "/" else rule + ".json"
        bp.add_url_rule(twin, view_func=view, defaults={"fmt": "json"}, **options)
        return view

    return decorator


def wants_json(fmt: str | None = None) -> bool:
    """Whether this request asked for the JSON twin (``.json``, ``?format=json``)."""
    return fmt == "json" or request.args.get("format") == "json" or request.path.endswith(".json")


def twin_url() -> str:
    """The URL of this page's JSON twin, keeping the query string."""
    view_args = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    # Only plain query arguments travel: url_for's own keywords (_external, _anchor...) and the
    # view's argument names must not be settable from the address bar.
    args = {k: v for k, v in request.args.items()
            if k != "format" and k != "fmt" and k != "endpoint" and not k.startswith("_")
            and k not in view_args}
    return url_for(request.endpoint, **view_args, **args, fmt="json")


def respond(template: str, data: dict, fmt: str | None = None, **extra: Any):
    """Render ``data`` with ``template``, or return it as JSON when the twin was asked for."""
    if wants_json(fmt):
        return jsonify(data)
    return render_template(template, data=data, json_url=twin_url(), **extra)


def error_response(status: int, message: str):
    """A friendly page, or a JSON error for JSON requests."""
    if wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    """Error pages, security headers and the template filters."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return error_response(exc.code or 500, exc.description or exc.name)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.add_template_filter(marked)
    app.add_template_filter(claim_segments)
    app.add_template_filter(safe_url)


def marked(text: str, marks: list[list[int]]) -> Markup:
    """``text`` escaped, with the ``[start, end)`` ranges wrapped in ``<mark>``."""
    out, last = [], 0
    for start, end in sorted(marks):
        if start < last:
            continue
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]),
                Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def claim_segments(text: str, claims: list[dict]) -> list[tuple[str, dict | None]]:
    """Split a post's text into plain runs and claim runs, for highlighting passages."""
    found = []
    for claim in claims:
        at = text.find(claim["text"]) if claim.get("text") else -1
        if at >= 0:
            found.append((at, at + len(claim["text"]), claim))
    segments, last = [], 0
    for start, end, claim in sorted(found, key=lambda f: f[0]):
        if start < last:
            continue
        if start > last:
            segments.append((text[last:start], None))
        segments.append((text[start:end], claim))
        last = end
    if last < len(text):
        segments.append((text[last:], None))
    return segments


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from the data are made clickable; ``javascript:`` and friends are not."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
