// title: Claims nobody answered
// description: Claims whose post drew no reply and no stance, and that no stance answers directly: what was said into the void.
// params: thread=, limit=100
MATCH (p:Post)-[:MAKES]->(c:Claim)
WHERE ($thread = '' OR c.thread_id = $thread)
  AND NOT EXISTS { (c)<-[:ON]-(:Stance) }
  AND NOT EXISTS { (p)<-[:TOWARDS]-(:Stance) }
  AND NOT EXISTS { (p)<-[:REPLIES_TO]-(:Post) }
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
RETURN c.thread_id AS thread, p.index AS post, coalesce(a.name, '(unknown)') AS author,
       c.text AS claim, c.question AS question
ORDER BY thread, post, c.start
LIMIT $limit
