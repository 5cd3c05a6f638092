// title: Authors who agree on one topic and disagree on another
// description: Pairs of people whose stances towards each other are agreements on some topics and disagreements on others.
// params: limit=50
MATCH (a:Author)-[:WROTE]->(:Post)-[:EXPRESSES]->(s:Stance)-[:TOWARDS]->(:Post)<-[:WROTE]-(b:Author)
WHERE a <> b
MATCH (s)-[:ABOUT]->(t:Topic)
WITH CASE WHEN a.name < b.name THEN [a.name, b.name] ELSE [b.name, a.name] END AS pair, t.name AS topic, s
WITH pair, collect(DISTINCT CASE WHEN s:Agreement THEN topic END) AS agree_on,
     collect(DISTINCT CASE WHEN s:Disagreement THEN topic END) AS disagree_on
WHERE any(x IN agree_on WHERE NOT x IN disagree_on) AND any(y IN disagree_on WHERE NOT y IN agree_on)
RETURN pair[0] AS author_a, pair[1] AS author_b, agree_on, disagree_on
ORDER BY author_a, author_b
LIMIT $limit
