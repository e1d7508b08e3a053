"""The window itself: main window, menus and actions, status bar, side tabs, theme, saved
view state."""
