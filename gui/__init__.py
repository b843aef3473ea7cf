"""DigitLab's desktop app (PySide6 + pyqtgraph). It imports the engine's public API only."""
