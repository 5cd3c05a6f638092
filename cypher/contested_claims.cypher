// title: Most contested claims
// description: Claims that drew the most disagreements. A disagreement counts against the claim it answers (ON), or, when it answers a whole post, against that post's first claim.
// params: limit=20, thread=
MATCH (d:Disagreement)-[:TOWARDS]->(p:Post)
WHERE $thread = '' OR d.thread_id = $thread
OPTIONAL MATCH (d)-[:ON]->(on:Claim)
WITH d, p, on, COLLECT { MATCH (p)-[:MAKES]->(c:Claim) RETURN c ORDER BY c.start LIMIT 1 } AS firsts
WITH d, coalesce(on, firsts[0]) AS claim
WHERE claim IS NOT NULL
MATCH (target:Post)-[:MAKES]->(claim)
OPTIONAL MATCH (owner:Author)-[:WROTE]->(target)
OPTIONAL MATCH (critic:Author)-[:WROTE]->(:Post)-[:EXPRESSES]->(d)
RETURN claim.thread_id AS thread, coalesce(owner.name, '(unknown)') AS author, claim.text AS claim,
       count(DISTINCT d) AS disagreements, collect(DISTINCT critic.name) AS disagreeing
ORDER BY disagreements DESC, thread, claim
LIMIT $limit
