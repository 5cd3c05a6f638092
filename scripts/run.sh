#!/usr/bin/env bash
# Install everything, start Neo4j, ingest the sample corpus and serve the web app.
# Uses NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) when set, else the managed local server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
dkg=.venv/bin/debatekg
if [ -z "${NEO4J_URI:-}" ]; then
  "$dkg" neo4j install
  "$dkg" neo4j start
  "$dkg" neo4j status
fi
"$dkg" ingest "${DEBATEKG_CORPUS:-../shared/corpus}" \
  || echo "some inputs were not ingested (see above); serving what was loaded" >&2
exec "$dkg" serve --host "${DEBATEKG_HOST:-127.0.0.1}" --port "${DEBATEKG_PORT:-8000}"
