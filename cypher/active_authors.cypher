// title: Most active authors
// description: People ranked by how much they took part: posts written, claims made, stances taken and stances received, and in how many threads.
// params: limit=25
MATCH (a:Author)-[:WROTE]->(p:Post)
WITH a, count(p) AS posts, count(DISTINCT p.thread_id) AS threads
RETURN a.name AS author, posts, threads,
       COUNT { (a)-[:WROTE]->(:Post)-[:MAKES]->(:Claim) } AS claims,
       COUNT { (a)-[:WROTE]->(:Post)-[:EXPRESSES]->(:Stance) } AS stances_taken,
       COUNT { (a)-[:WROTE]->(:Post)<-[:TOWARDS]-(:Stance) } AS stances_received
ORDER BY posts DESC, stances_taken + stances_received DESC, author
LIMIT $limit
