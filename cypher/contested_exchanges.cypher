// title: Most contested exchanges of a thread
// description: Within each thread (or one), the pairs of people with the most disagreements between them, either direction, with their agreements beside.
// params: thread=, limit=20
MATCH (a:Author)-[:WROTE]->(:Post)-[:EXPRESSES]->(s:Stance)-[:TOWARDS]->(:Post)<-[:WROTE]-(b:Author)
WHERE a <> b AND ($thread = '' OR s.thread_id = $thread)
WITH s.thread_id AS thread, CASE WHEN a.name < b.name THEN [a.name, b.name] ELSE [b.name, a.name] END AS pair, s
WITH thread, pair, sum(CASE WHEN s:Disagreement THEN 1 ELSE 0 END) AS disagreements,
     sum(CASE WHEN s:Agreement THEN 1 ELSE 0 END) AS agreements
WHERE disagreements > 0
RETURN thread, pair[0] AS author_a, pair[1] AS author_b, disagreements, agreements
ORDER BY disagreements DESC, thread, author_a, author_b
LIMIT $limit
