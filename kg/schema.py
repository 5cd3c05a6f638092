"""The graph's public vocabulary: labels, relationship types, constraints and indexes.

Analysts write Cypher against these names and every other module builds its queries from
these constants, so a rename happens here or nowhere. ``kg/SCHEMA.md`` draws the picture.
"""

from __future__ import annotations

import logging

import neo4j

log = logging.getLogger(__name__)

# -- node labels ------------------------------------------------------------------------------
THREAD = "Thread"
POST = "Post"
AUTHOR = "Author"
CLAIM = "Claim"
TOPIC = "Topic"
STANCE = "Stance"  # shared by both kinds of stance node, so one constraint covers them
AGREEMENT = "Agreement"
DISAGREEMENT = "Disagreement"
POSITION = "Position"

STANCE_LABELS = {"agreement": AGREEMENT, "disagreement": DISAGREEMENT}

# -- relationship types -----------------------------------------------------------------------
PART_OF = "PART_OF"  # (:Post)->(:Thread)
REPLIES_TO = "REPLIES_TO"  # (:Post)->(:Post)
WROTE = "WROTE"  # (:Author)->(:Post)
MENTIONS = "MENTIONS"  # (:Post)->(:Author)
MAKES = "MAKES"  # (:Post)->(:Claim)
ABOUT = "ABOUT"  # (:Claim)->(:Topic), (:Stance)->(:Topic)
EXPRESSES = "EXPRESSES"  # (:Post)->(:Stance)
TOWARDS = "TOWARDS"  # (:Stance)->(:Post)
ON = "ON"  # (:Stance)->(:Claim) answered, (:Position)->(:Topic)
GROUNDED_IN = "GROUNDED_IN"  # (:Stance)->(:Claim) responding
TAKES = "TAKES"  # (:Claim)->(:Position)

NODE_LABELS = [THREAD, POST, AUTHOR, CLAIM, TOPIC, STANCE, POSITION]
RELATIONSHIP_TYPES = [PART_OF, REPLIES_TO, WROTE, MENTIONS, MAKES, ABOUT, EXPRESSES, TOWARDS,
                      ON, GROUNDED_IN, TAKES]

# Property holding the owning thread's id on nodes that live and die with one thread.
THREAD_KEY = "thread_id"

CLAIM_FULLTEXT = "claim_text"
POST_FULLTEXT = "post_text"


def _unique(label: str) -> tuple[str, str]:
    name = f"{label.lower()}_id_unique"
    return name, f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


CONSTRAINTS: list[tuple[str, str]] = [_unique(label) for label in NODE_LABELS]

INDEXES: list[tuple[str, str]] = [
    ("author_name", f"CREATE INDEX author_name IF NOT EXISTS FOR (n:{AUTHOR}) ON (n.name)"),
    ("topic_name", f"CREATE INDEX topic_name IF NOT EXISTS FOR (n:{TOPIC}) ON (n.name)"),
    *[
        (f"{label.lower()}_thread", f"CREATE INDEX {label.lower()}_thread IF NOT EXISTS "
                                    f"FOR (n:{label}) ON (n.{THREAD_KEY})")
        for label in (POST, CLAIM, STANCE)
    ],
    (CLAIM_FULLTEXT, f"CREATE FULLTEXT INDEX {CLAIM_FULLTEXT} IF NOT EXISTS "
                     f"FOR (n:{CLAIM}) ON EACH [n.text]"),
    (POST_FULLTEXT, f"CREATE FULLTEXT INDEX {POST_FULLTEXT} IF NOT EXISTS "
                    f"FOR (n:{POST}) ON EACH [n.text]"),
]

INDEX_WAIT_S = 120


def ensure_schema(driver: neo4j.Driver, *, database: str) -> None:
    """Create every constraint and index that is missing and wait until they are online.

    Idempotent (``IF NOT EXISTS``), so the loader calls it at every start; waiting matters
    because a full-text search right after the first load must already find the claims.
    """
    for name, statement in [*CONSTRAINTS, *INDEXES]:
        driver.execute_query(statement, database_=database)
        log.debug("schema: %s ensured", name)
    driver.execute_query(f"CALL db.awaitIndexes({INDEX_WAIT_S})", database_=database)
