"""File ▸ Import notes folder…: a preview of what a folder will add, before it is added."""
