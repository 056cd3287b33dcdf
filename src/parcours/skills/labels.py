"""Labels typed per language live in parcours.core.labels; this name stays for the
imports and migrations that refer to it."""

from parcours.core.labels import Labelled, clean_labels, language_codes, pick_label

__all__ = ["Labelled", "clean_labels", "language_codes", "pick_label"]
