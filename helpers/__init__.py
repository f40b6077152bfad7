"""Helpers for the QE/QT course: one concept per module.

style (fonts, colours), data (the one loader), timeline (programmes and regimes), checks (exercises),
and the chapter models (balance_sheet, runoff, bonds, valuation, housing, currency_board, portfolio, …).
Widgets live in ``helpers.widgets``.
"""
__version__ = "0.1.0"
