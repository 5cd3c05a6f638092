// title: Full-text search over claims
// description: Claims matching a Lucene query (words, "phrases", AND/OR, wildcards), best first, with their author and thread.
// params: q=experience, limit=20
CALL db.index.fulltext.queryNodes('claim_text', $q) YIELD node AS c, score
MATCH (p:Post)-[:MAKES]->(c)
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
RETURN c.thread_id AS thread, p.index AS post, coalesce(a.name, '(unknown)') AS author,
       c.text AS claim, round(score, 3) AS score
ORDER BY score DESC, thread, post
LIMIT $limit
