"""Developer tooling, apart from the product: recorded cases, evaluation against gold, and
the JSON Schema export."""
