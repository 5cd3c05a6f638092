// title: An author's allies and opponents
// description: For one author (name contains the text; everyone when empty), the people they agreed or disagreed with, in either direction, and whether each is mostly an ally or an opponent.
// params: author=, limit=100
MATCH (a:Author)
WHERE $author = '' OR toLower(a.name) CONTAINS toLower($author)
CALL (a) {
  MATCH (a)-[:WROTE]->(:Post)-[:EXPRESSES]->(s:Stance)-[:TOWARDS]->(:Post)<-[:WROTE]-(b:Author)
  WHERE b <> a
  RETURN b, s
  UNION ALL
  MATCH (a)-[:WROTE]->(:Post)<-[:TOWARDS]-(s:Stance)<-[:EXPRESSES]-(:Post)<-[:WROTE]-(b:Author)
  WHERE b <> a
  RETURN b, s
}
WITH a, b, sum(CASE WHEN s:Agreement THEN 1 ELSE 0 END) AS agreements,
     sum(CASE WHEN s:Disagreement THEN 1 ELSE 0 END) AS disagreements
RETURN a.name AS author, b.name AS other, agreements, disagreements,
       CASE WHEN agreements > disagreements THEN 'ally'
            WHEN disagreements > agreements THEN 'opponent' ELSE 'mixed' END AS relation
ORDER BY author, agreements + disagreements DESC, other
LIMIT $limit
