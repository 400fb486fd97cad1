"""Grounding: every item the model gives is checked against the sentences it cites.

- ``cited``: what an item that cites sentences is; ``evidence``: ids → exact quotes
- ``checks``: does a cited sentence show the item (its actor stating it, acting, proposing)
- ``wording``: the re-ask lines the checks fill in
"""
