"""Search: the Lunr index builder (Python) and the browser code that loads it."""
