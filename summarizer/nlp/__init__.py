"""The reading layer: one spaCy parse of each article, and the rules that read it
(who states, who did what to whom). See docs/DESIGN.md, "The reading layer"."""

from summarizer.nlp.reading import Clause, Reading, SentenceReading, annotate, pipeline

__all__ = ["Clause", "Reading", "SentenceReading", "annotate", "pipeline"]
