"""Extraction: prompts, LLM-facing schemas and the passes that call the model.

- ``prompts``: the prompt files; ``messages``: one pass's messages and their size
- ``schemas``: what the model may answer, per pass
- ``extract``: the passes over an article (in windows when it is long)
- ``windows``: the plan of windows; ``merge``: the items of two windows made one
"""
