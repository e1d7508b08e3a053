"""Browsing the corpus: the source tree, the left pane that swaps it for search results,
history, entry labels."""
