"""Deck options (Anki's names): the deck's filter and its daily limits, retention and
the hour a study day starts. A built-in deck keeps its filter; saving another name makes
a new deck from any filter in the search syntax."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import UsageError
from interview_desk.study import Deck, DeckOptions
from interview_desk.study.decks import parse_spec
from interview_desk.ui.i18n import tr
from interview_desk.ui.study.deck_names import deck_label

SPEC_EXAMPLE = "source:003 difficulty:>=4 is:struggling"  # search syntax: not translated


class DeckDialog(QDialog):
    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deckOptions")
        self.setWindowTitle(tr("deck.title"))
        self._builtin = deck.builtin
        o = deck.options
        self.name = QLineEdit(deck_label(deck.name), objectName="deckName")
        self.spec = QLineEdit(deck.spec, objectName="deckSpec")
        self.spec.setPlaceholderText(SPEC_EXAMPLE)
        # room for a typical filter (and the whole window title), not just "answered:yes"
        self.spec.setMinimumWidth(self.spec.fontMetrics().horizontalAdvance(SPEC_EXAMPLE) + 24)
        self.new_per_day = QSpinBox(minimum=0, maximum=9999, value=o.new_per_day)
        self.max_reviews = QSpinBox(minimum=0, maximum=99999, value=o.max_reviews_per_day)
        self.retention = QDoubleSpinBox(minimum=0.70, maximum=0.99, singleStep=0.01,
                                        decimals=2, value=o.desired_retention)
        self.day_start = QSpinBox(minimum=0, maximum=23, value=o.day_start_hour, suffix=":00")
        self.error = QLabel(objectName="deckError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        for key, widget in (("deck.name", self.name), ("deck.spec", self.spec),
                            ("deck.new_per_day", self.new_per_day),
                            ("deck.max_reviews", self.max_reviews),
                            ("deck.retention", self.retention),
                            ("deck.day_start", self.day_start)):
            form.addRow(tr(key), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._original_name = deck.name
        self.name.textChanged.connect(self._sync_spec_lock)
        self._sync_spec_lock()

    def _sync_spec_lock(self) -> None:
        # A built-in deck's filter is what makes it that deck; a new name frees it.
        self.spec.setReadOnly(self._builtin and self._name() == self._original_name)

    def _name(self) -> str:
        """The typed name; a built-in deck's translated name stands for its stored one."""
        text = self.name.text().strip()
        return self._original_name if text == deck_label(self._original_name) else text

    def deck(self) -> Deck:
        """The deck as edited; raises ``UsageError`` with a one-line reason."""
        name, spec = self._name(), self.spec.text().strip()
        if not name:
            raise UsageError(tr("deck.needs_name"))
        parse_spec(spec)
        options = DeckOptions(new_per_day=self.new_per_day.value(),
                              max_reviews_per_day=self.max_reviews.value(),
                              desired_retention=round(self.retention.value(), 2),
                              day_start_hour=self.day_start.value())
        return Deck(name, spec, options)

    def _on_buttons_accepted(self) -> None:
        try:
            self.deck()
        except UsageError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
