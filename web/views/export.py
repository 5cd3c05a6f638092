"""``/export/<format>/threads/<id>`` and ``/export/<format>/topics/<id>``: graph downloads."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort

from kg import read
from kg.errors import ThreadNotFound
from web import exports
from web.neo4j_ext import database, driver

bp = Blueprint("export", __name__, url_prefix="/export")


@bp.route("/<fmt>/threads/<thread_id>")
def thread_export(fmt: str, thread_id: str):
    """Download one thread in an export format."""
    if fmt not in exports.THREAD_FORMATS:
        abort(404, f"Unknown export format {fmt!r}; try one of {', '.join(exports.THREAD_FORMATS)}.")
    try:
        found = exports.thread_download(driver(), thread_id, fmt, database=database())
    except ThreadNotFound:
        abort(404, f"There is no thread with id {thread_id!r}.")
    return attachment(found, thread_id)


@bp.route("/<fmt>/topics/<topic_id>")
def topic_export(fmt: str, topic_id: str):
    """Download one topic's claims and stances across threads."""
    if fmt not in exports.TOPIC_FORMATS:
        abort(404, f"Topic exports come as {', '.join(exports.TOPIC_FORMATS)}; "
                   "AIF describes one thread at a time.")
    if not read.rows(driver(), read.TOPIC, database=database(), topic_id=topic_id):
        abort(404, f"There is no topic with id {topic_id!r}.")
    return attachment(exports.topic_download(driver(), topic_id, fmt, database=database()),
                      f"topic-{topic_id}")


def attachment(found: exports.Download, stem: str) -> Response:
    """A download with a file name that is safe in a header."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "export"
    return Response(found.body, mimetype=found.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{found.extension}"'})
