// title: Who names whom
// description: People who address or mention others by name in their posts, with how often.
// params: limit=50
MATCH (a:Author)-[:WROTE]->(p:Post)-[:MENTIONS]->(b:Author)
WHERE a <> b
RETURN a.name AS author, b.name AS mentions, count(p) AS posts, collect(DISTINCT p.thread_id) AS threads
ORDER BY posts DESC, author, mentions
LIMIT $limit
