"""One article, end to end: ``options`` (RunOptions, shared by every front door),
``summarize`` (``summarize_article``: language check, the passes, the summary) and
``assemble`` (what the checks kept → ``ArticleSummary``)."""
