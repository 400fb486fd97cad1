"""Past one machine: batch jobs handed to engines that exist, through one JSONL format.

The OpenAI Batch API, vLLM's ``run-batch`` and ``summarizer batch run-requests`` all read
request lines ``{"custom_id", "method", "url", "body"}`` and write output lines
``{"id", "custom_id", "response": {"status_code", "body"}, "error"}``. summarizer writes
the requests a direct run would send (``export``), reads the answers back and checks them
exactly as a direct run does (``import_results``), and writes the re-asks of answers that
failed validation as the next round's requests, until every article is done.

- ``request_files``: the line formats, and request files split by the API's limits
- ``answers``: the direct run's pipeline, answered from the imported lines
- ``jobs``: jobs, articles, requests and files in the result store
- ``export`` / ``import_results``: the rounds
- ``openai_batch``: the same through the OpenAI Files and Batches endpoints
- ``run_requests``: a request file run against any OpenAI-compatible server
"""
