// title: Each topic's positions with their authors
// description: The sides of every topic (claims split so that agreement joins and disagreement separates), each labelled by its most central claim, with the people whose claims take it.
// params: topic=, limit=100
MATCH (pos:Position)-[:ON]->(t:Topic)
WHERE $topic = '' OR t.id = $topic OR toLower(t.name) = toLower($topic)
MATCH (c:Claim)-[:TAKES]->(pos)
OPTIONAL MATCH (a:Author)-[:WROTE]->(:Post)-[:MAKES]->(c)
RETURN t.name AS topic, pos.id AS position, pos.side AS side, pos.label AS label,
       count(DISTINCT c) AS claims, collect(DISTINCT a.name) AS authors
ORDER BY topic, position
LIMIT $limit
