// title: Threads at a glance
// description: Every thread with its number of posts, named authors, claims, agreements and disagreements.
// params: limit=100
MATCH (t:Thread)
CALL (t) {
  MATCH (p:Post)-[:PART_OF]->(t)
  OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
  RETURN count(DISTINCT p) AS posts, count(DISTINCT a) AS authors,
         head(collect(CASE WHEN p.kind = 'article' THEN a.name END)) AS article_author
}
RETURN t.id AS thread, t.title AS title, article_author, posts, authors,
       COUNT { (c:Claim {thread_id: t.id}) } AS claims,
       COUNT { (s:Agreement {thread_id: t.id}) } AS agreements,
       COUNT { (s:Disagreement {thread_id: t.id}) } AS disagreements
ORDER BY thread
LIMIT $limit
