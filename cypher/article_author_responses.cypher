// title: How article authors answer their commenters
// description: For each thread, the stances the article's author took towards commenters in the discussion under their own article.
// params: limit=100
MATCH (t:Thread)<-[:PART_OF]-(article:Post {kind: 'article'})<-[:WROTE]-(owner:Author)
MATCH (owner)-[:WROTE]->(reply:Post)-[:EXPRESSES]->(s:Stance)-[:TOWARDS]->(target:Post)
WHERE reply.thread_id = t.id
OPTIONAL MATCH (c:Author)-[:WROTE]->(target)
RETURN t.id AS thread, owner.name AS article_author, coalesce(c.name, '(unknown)') AS commenter,
       s.kind AS kind, s.partial AS partial, s.cue AS cue
ORDER BY thread, commenter, kind
LIMIT $limit
