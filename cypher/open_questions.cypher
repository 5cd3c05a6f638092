// title: Questions and whether they were answered
// description: Claims asked as questions, who asked them, and how many replies their post received.
// params: thread=, limit=100
MATCH (p:Post)-[:MAKES]->(c:Claim {question: true})
WHERE $thread = '' OR c.thread_id = $thread
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
RETURN c.thread_id AS thread, p.index AS post, coalesce(a.name, '(unknown)') AS asked_by,
       c.text AS question, COUNT { (p)<-[:REPLIES_TO]-(:Post) } AS replies
ORDER BY thread, post, c.start
LIMIT $limit
