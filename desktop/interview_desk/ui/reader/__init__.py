"""Reading an entry: the rendered answer view, the area that hosts it, find in page."""
