"""The PySide6 front end: a thin layer of widgets over the Qt-free core, laid out by feature.

shell/    the main window, menus and actions, status bar, side tabs, theme, saved view state
runtime/  the one way to run work off the GUI thread, the Desk (corpus, store, index), errors
browse/   the source tree and the left pane, history, entry labels
search/   search bar and filter chips, results list, search-as-you-type controller
reader/   the rendered answer, the area hosting it, find in page
study/    notes and related entries (review and mock interviews join here)
tutor/    the local-model tutor panel, its worker and settings
viz/      the attention and positional-encoding visualizers and their menu
i18n.py   every visible string, English and Chinese
"""
