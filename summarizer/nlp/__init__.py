"""The reading layer: what the text itself says, without the model.

- ``lexicon``: the spaCy pipeline and the word lists (``data/reading.toml``)
- ``grammar``, ``clauses``, ``reading``: one parse of each article, read for who states,
  acts and is acted on (see docs/DESIGN.md, "The reading layer")
- ``events``, ``event_words``, ``contexts``: acts and their PLOVER categories and roles
- ``positions``: which cited sentences state a position
- ``actors``, ``actor_tables``: names, aliases and ISO codes (``data/actors.toml``)
- ``dates``: the dates a sentence gives, resolved against publication
- ``overlap``: how much two texts say the same
"""
