"""Start the GUI: the QApplication, theme, fonts, language, and the main window.

The window is shown before anything slow starts; the corpus, the user's data file and
the search index then load off the GUI thread and fill the window in as they arrive.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QMessageLogContext,
    QSettings,
    QThreadPool,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from interview_desk import __version__
from interview_desk.logs import setup_logging
from interview_desk.paths import resources_dir
from interview_desk.ui import i18n
from interview_desk.ui.qt_translations import use_qt_translations
from interview_desk.ui.runtime.desk import Desk
from interview_desk.ui.runtime.report import install_excepthook
from interview_desk.ui.shell import theme
from interview_desk.ui.shell import view_state as state
from interview_desk.ui.shell.window import MainWindow

log = logging.getLogger(__name__)

# benchmarks/startup.py: with this set, "STARTUP <event> <epoch>" lines go to stderr, and
# with a query in it ("...=attention") the GUI searches once the index is ready and
# quits after the first results arrive.
STARTUP_PROBE_ENV = "INTERVIEW_DESK_STARTUP_PROBE"


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("interview_desk.qt")


def _on_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # Qt's own warnings go to the log file, not to the user's terminal.
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def create_application(qt_args: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), named so QSettings and the OS know us."""
    qInstallMessageHandler(_on_qt_message)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "interview-desk", *(qt_args or [])])
    app.setOrganizationName(state.ORGANIZATION)
    app.setApplicationName(state.APPLICATION)
    app.setApplicationDisplayName("Interview Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(state.APPLICATION)
    theme.register_bundled_fonts()
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def _app_icon() -> QIcon | None:
    """The app icon at every size shipped in resources/icons (none in a bare checkout)."""
    sizes = sorted((resources_dir() / "icons").glob("interview-desk-*.png"))
    if not sizes:
        return None
    icon = QIcon()
    for path in sizes:
        icon.addFile(str(path))
    return icon


def create_window(app: QApplication, store_path: Path | None = None,
                  view_settings: QSettings | None = None) -> MainWindow:
    """Apply the saved display preferences and build a window (not yet shown).

    ``store_path`` and ``view_settings`` point the window elsewhere than the user's own
    data file and window.ini (the self-test uses a temporary folder).
    """
    prefs, settings_repair = state.display_prefs()
    i18n.set_language(prefs.language)
    use_qt_translations(i18n.current_language())
    theme.apply_font(app, prefs.script)
    effective = theme.apply_theme(app, prefs.theme)
    window = MainWindow(Desk(store_path=store_path), theme_choice=prefs.theme,
                        script=prefs.script, language=prefs.language,
                        view_settings=view_settings)
    window.centre.set_theme(effective)
    if settings_repair is not None:  # worded now, in the language just set
        window.startup_notices.append(settings_repair.message())

    def on_scheme_changed() -> None:  # "system" follows the platform live
        if window.theme_choice == "system":
            window.set_theme("system")

    app.styleHints().colorSchemeChanged.connect(on_scheme_changed)
    return window


def _mark(name: str) -> None:
    # The process's CPU seconds beside the wall clock: wall time is noisy on a busy machine.
    print(f"STARTUP {name} {time.time():.6f}\nSTARTUP cpu_{name} {time.process_time():.6f}",
          file=sys.stderr, flush=True)


def _install_probe(app: QApplication, window: MainWindow, query: str) -> None:
    """Report start-up milestones, and quit after the first results (benchmark only)."""

    def on_index(index_state: str) -> None:
        _mark(f"index_{index_state}")
        if query and index_state == "ready":
            window.search_bar.set_query(query)

    def on_results(*_args: object) -> None:
        _mark("first_results")
        import psutil  # only now: its import is no part of what the benchmark times

        print(f"STARTUP rss_mb {psutil.Process().memory_info().rss / 2**20:.1f}",
              file=sys.stderr, flush=True)
        if query:
            window.close()
            app.quit()

    window.desk.sigIndexStateChanged.connect(on_index)
    window.search.sigResultsReady.connect(on_results)


def run_gui(qt_args: list[str]) -> int:
    """``interview-desk`` with no arguments: run the study window until it is closed."""
    setup_logging()
    app = create_application(qt_args)
    window = create_window(app)
    install_excepthook(lambda: window)
    window.show()
    probe = os.environ.get(STARTUP_PROBE_ENV)
    if probe is not None:
        _mark("window_shown")
        QTimer.singleShot(0, lambda: _mark("event_loop"))  # first paint has been queued
        _install_probe(app, window, probe)
    window.start()
    code = app.exec()
    # Background jobs (rendering, math warm-up) finish before Qt tears the app down.
    QThreadPool.globalInstance().waitForDone(10_000)
    log.info("GUI exited with %s", code)
    return int(code)
