"""Our own decode loop for the local backend, on llama.cpp's low-level API.

``grammar`` turns a request's JSON schema into the grammar llguidance runs (the same GBNF
llama-cpp-python would build); ``drafts`` proposes the next tokens (what the grammar forces,
what followed the same words in the article); ``loop`` decodes greedily under the grammar,
verifying a draft in one batch and keeping the prefix the model agrees with.
"""
