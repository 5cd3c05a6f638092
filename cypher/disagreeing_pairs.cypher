// title: Author pairs who disagree most
// description: Which two people disagree with each other most often, both directions counted together, over every thread, with the threads where they do.
// params: limit=20
MATCH (a:Author)-[:WROTE]->(:Post)-[:EXPRESSES]->(d:Disagreement)-[:TOWARDS]->(:Post)<-[:WROTE]-(b:Author)
WHERE a <> b
WITH CASE WHEN a.name < b.name THEN a.name ELSE b.name END AS author_a,
     CASE WHEN a.name < b.name THEN b.name ELSE a.name END AS author_b, d
RETURN author_a, author_b, count(d) AS disagreements,
       sum(CASE WHEN d.partial THEN 1 ELSE 0 END) AS partial,
       collect(DISTINCT d.thread_id) AS threads
ORDER BY disagreements DESC, author_a, author_b
LIMIT $limit
