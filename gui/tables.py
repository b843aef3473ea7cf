"""What every table of the window shares."""
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton


def explain_corner_button(table, name):
    """A table's top-left corner is a button (it selects every cell): say so, as every control
    of the window does."""
    for corner in table.findChildren(QAbstractButton):
        corner.setAccessibleName(QCoreApplication.translate("Tables", "Select all of {0}")
                                 .format(name))
        corner.setToolTip(QCoreApplication.translate(
            "Tables", "Selects every cell of {0}, to copy them.").format(name))
