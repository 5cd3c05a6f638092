// title: Longest chains of disagreement
// description: Posts that disagree with a post that itself disagrees with another, and so on: the longest such chains, with the authors along them (latest first).
// params: min_length=2, limit=10
MATCH chain = (:Post) ((:Post)-[:EXPRESSES]->(:Disagreement)-[:TOWARDS]->(:Post)){1,20} (:Post)
WITH chain, [n IN nodes(chain) WHERE n:Post] AS posts
WHERE size(posts) - 1 >= $min_length
RETURN posts[0].thread_id AS thread, size(posts) - 1 AS length,
       [p IN posts | coalesce(head([(a:Author)-[:WROTE]->(p) | a.name]), '(unknown)')] AS authors,
       [p IN posts | p.index] AS posts
ORDER BY length DESC, thread, posts
LIMIT $limit
