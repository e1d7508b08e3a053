"""Qt's own strings (line-edit context menus, standard dialog buttons, file dialogs) in
the UI language, from the qtbase catalogues that ship with PySide6; the installers keep
the Chinese ones (packaging/bundle_rules.py). The app's own strings are in ``i18n``.

Qt's own dates and numbers (a file dialog's "Date Modified", spin boxes) follow the
default ``QLocale``: Chinese with the Chinese UI; with the English UI the system's, unless
that is the bare C locale (a container, a minimal desktop: its dates read "7 12 2026"),
then US English.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

_NAME = "qtbaseTranslator"  # the installed translator is a child of the app, by this name


def use_qt_translations(language: str) -> bool:
    """Install Qt's catalogue for ``zh`` (Simplified, like the UI) or remove it for ``en``.

    False when there is no application or no catalogue (Qt then stays in English).
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    QLocale.setDefault(_locale_for(language))
    old = app.findChild(QTranslator, _NAME)
    if old is not None:
        app.removeTranslator(old)
        old.deleteLater()
    if language != "zh":
        return True
    translator = QTranslator(app)
    translator.setObjectName(_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China),
                           "qtbase", "_", folder):
        log.info("no qtbase Chinese catalogue in %s: Qt's own texts stay English", folder)
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    return True


def _locale_for(language: str) -> QLocale:
    if language == "zh":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    system = QLocale.system()
    if system.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return system
