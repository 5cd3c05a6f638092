// title: One topic's stances across all threads
// description: Every agreement and disagreement about a topic (id or name; all topics when empty), who took it towards whom, with the cue phrase that signals it.
// params: topic=, limit=200
MATCH (fp:Post)-[:EXPRESSES]->(s:Stance)-[:TOWARDS]->(tp:Post)
MATCH (s)-[:ABOUT]->(t:Topic)
WHERE $topic = '' OR t.id = $topic OR toLower(t.name) = toLower($topic)
OPTIONAL MATCH (fa:Author)-[:WROTE]->(fp)
OPTIONAL MATCH (ta:Author)-[:WROTE]->(tp)
RETURN t.name AS topic, s.thread_id AS thread, s.kind AS kind, s.partial AS partial,
       coalesce(fa.name, '(unknown)') AS from_author, coalesce(ta.name, '(unknown)') AS to_author,
       s.cue AS cue, s.confidence AS confidence
ORDER BY topic, thread, from_author, to_author
LIMIT $limit
