# The debatekg web app, for machines with a Docker engine (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY debatekg debatekg
COPY kg kg
COPY ingest ingest
COPY web web
COPY cypher cypher
RUN pip install --no-cache-dir .
ENV DEBATEKG_CYPHER_DIR=/app/cypher
EXPOSE 8000
# Ingest whatever is mounted at /corpus, then serve on all interfaces of the container.
CMD ["sh", "-c", "debatekg ingest /corpus && exec debatekg serve --host 0.0.0.0 --port 8000"]
