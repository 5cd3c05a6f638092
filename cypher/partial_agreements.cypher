// title: Partial agreements and disagreements
// description: Stances that agree with part of a post and not with the rest ("I agree and disagree", "mostly, but"), with the cue and both authors.
// params: thread=, limit=50
MATCH (fp:Post)-[:EXPRESSES]->(s:Stance {partial: true})-[:TOWARDS]->(tp:Post)
WHERE $thread = '' OR s.thread_id = $thread
OPTIONAL MATCH (fa:Author)-[:WROTE]->(fp)
OPTIONAL MATCH (ta:Author)-[:WROTE]->(tp)
OPTIONAL MATCH (s)-[:ABOUT]->(t:Topic)
RETURN s.thread_id AS thread, s.kind AS kind, coalesce(fa.name, '(unknown)') AS from_author,
       coalesce(ta.name, '(unknown)') AS to_author, t.name AS topic, s.cue AS cue
ORDER BY thread, from_author
LIMIT $limit
