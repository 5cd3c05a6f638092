// title: A thread's reply tree
// description: Every post of a thread (all threads when thread is empty) with its depth, the post it answers and both authors, in reading order.
// params: thread=, limit=500
MATCH (t:Thread)<-[:PART_OF]-(p:Post)
WHERE $thread = '' OR t.id = $thread
OPTIONAL MATCH (p)-[:REPLIES_TO]->(parent:Post)
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
OPTIONAL MATCH (pa:Author)-[:WROTE]->(parent)
RETURN t.id AS thread, p.index AS post, p.kind AS kind, p.depth AS depth,
       parent.index AS replies_to, coalesce(a.name, '(unknown)') AS author,
       pa.name AS replies_to_author, left(p.text, 80) AS text
ORDER BY thread, post
LIMIT $limit
