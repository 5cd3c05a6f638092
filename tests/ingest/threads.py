"""Small hand-written pages used as fixtures by the ingest tests (not from the sample corpus)."""

FLAT = """Why Gardens Need Walls

Share on Facebook

Walls keep the wind out. A garden without a wall loses its heat at night.

Here are my three rules:

1) Build low
Keep walls under two metres.

2) Use stone
Stone holds warmth.

Mara Quill
Founder of Stonecraft and author of two books on dry-stone walling.


  1. Mara, I agree with the first rule. Low walls are cheaper too.

  2. I think brick works as well as stone. Why insist on stone?


    Tom Ferris

  3. Thanks for the comments

    @Nina – cost matters, you are right.

    @Tom – brick cracks in frost.

  4. Tom, brick is fine in mild places. I built one in 1990.
    Peter Olsen
    Retired mason

Leave a Reply
Please enter your name here
"""

NESTED = """Notes on Bread

Bread needs time. Slow dough tastes better.

3 comments to "Notes on Bread"

  • Ines Duarte

    I agree Carl, but salt matters more than time.

    • Carl Brenner

      Hi Ines,
      Salt matters, yes. Time still wins.

      • Ines Duarte

        Thanks Carl, fair enough.

  • Lovely post, Carl! Rye is my favourite.

    • Carl Brenner

      Yes I agree Omar on that.

  • […] a post elsewhere quoting Notes on Bread […]

Leave a Comment
"""

ARTICLE_ONLY = """Seven Habits of Tidy Kitchens

Tidy kitchens share a few habits.

Our advice:

  1. Clean as you go.
  2. Keep knives sharp.

One thought on “Seven Habits of Tidy Kitchens”

Leave a Reply
"""

ARTICLE_WITH_LIST = """Packing for a Hike

Pack light.

  • Water first.
  • A map, not only a phone.

Whatever you pack, tell someone your route before you leave.
"""

INNER_LIST = """Two Questions

Body text here.

  1. I have two questions.

    1. Is it cheap?

    2. Is it fast?

    Zed Quorn

  2. Answers below. Cheap and fast.
"""
