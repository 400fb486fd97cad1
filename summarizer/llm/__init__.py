"""The model plumbing: backends (the embedded llama.cpp model, any OpenAI-compatible
server), the call client with its recordings and ledger, the one structured-call layer
(instructor), and redaction of secrets from everything shown or stored.

- ``backends/``: local, openai-compatible, retries, the model file, ``make_backend``
- ``client``: ``ChatClient`` — record/replay, usage, budgets; ``structured_call``
- ``recording``: recorded exchanges; ``ledger``: calls, tokens, prices, budgets
- ``redact``: URLs without credentials or tokens
"""
