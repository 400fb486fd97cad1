"""Many articles: the batch runner (``batch``, ``batch_output``), the result store
(``store``: cache, ledger, runs, jobs) and the route past one machine
(``openai_batch/``: request files for the OpenAI Batch API, vLLM or any server)."""
