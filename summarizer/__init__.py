"""summarizer: news articles → structured, source-grounded briefing data."""

__version__ = "0.1.0"
