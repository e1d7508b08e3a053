"""Searching: the search bar with filter chips, the results list, the search-as-you-type
controller."""
