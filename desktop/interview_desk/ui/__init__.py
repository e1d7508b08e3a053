"""The PySide6 front end: a thin layer of widgets over the Qt-free core, laid out by feature.

shell/    the main window, menus and actions, status bar, side tabs, theme, saved view state
runtime/  the one way to run work off the GUI thread, the Desk (corpus, store, index), errors
browse/   the source tree and the left pane, history, entry labels
search/   search bar and filter chips, results list, search-as-you-type controller
reader/   the rendered answer, the area hosting it, find in page
study/    notes, related entries, review, mock interviews, statistics
importer/ importing a folder of the learner's notes (preview, live reload)
tutor/    the local-model tutor panel, its worker, settings and the model manager
viz/      the attention, positional-encoding and model-attention views and their menu
i18n.py   every visible string, English and Chinese
"""
