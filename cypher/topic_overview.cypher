// title: Topics by how much they are debated
// description: Every topic with its claims, agreements, disagreements, threads and positions, most disputed first.
// params: limit=50
MATCH (t:Topic)
RETURN t.name AS topic, t.id AS id,
       COUNT { (:Claim)-[:ABOUT]->(t) } AS claims,
       COUNT { (:Agreement)-[:ABOUT]->(t) } AS agreements,
       COUNT { (:Disagreement)-[:ABOUT]->(t) } AS disagreements,
       size(coalesce(t.threads, [])) AS threads,
       COUNT { (:Position)-[:ON]->(t) } AS positions
ORDER BY disagreements DESC, claims DESC, topic
LIMIT $limit
