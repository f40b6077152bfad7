"""Mortgage arithmetic: rate → monthly payment → affordability (introduced in 第 4 章 市場影響).

Units: prices, loans, incomes and payments in the same currency unit (the course's examples use U.S.
dollars, because the mortgage-rate data are Freddie Mac's U.S. survey; the formulas work for NT$ or HK$
too); interest rates in **percent per year**; loan terms in **years**; ratios in **percent**.

The loan is a standard fixed-rate, fully amortising mortgage with equal monthly payments (the kind in
Freddie Mac's survey). Taxes, insurance and fees are left out: a simplified model.
"""

from __future__ import annotations

import numpy as np

from helpers import inputs

DEFAULT_TERM_YEARS = 30
DEFAULT_DOWN_PCT = 20.0  # the survey's loans assume 20 % down
RULE_OF_THUMB_PCT = 28.0  # a common lender rule of thumb for housing cost / gross income, not a regulation


_num = inputs.number  # a finite float, or a zh-TW ValueError naming the argument


def _rate_term(annual_rate_pct, years):
    rate = _num(annual_rate_pct, "年利率（每年 %，例如 7 代表 7%）")
    if rate < 0:
        raise ValueError(f"房貸年利率不能是負的，你給的是 {rate:g}%。")
    if rate > 50:
        raise ValueError(f"年利率 {rate:g}% 太高了：單位是每年 %，7 代表 7%（不是 0.07 也不是 700 基點）。")
    term = _num(years, "貸款年限（年）")
    if term <= 0 or abs(term * 12 - round(term * 12)) > 1e-9:
        raise ValueError(f"貸款年限必須是正的、整數個月，你給的是 {years!r} 年。")
    return rate / 1200.0, int(round(term * 12))


def annuity_factor(annual_rate_pct, years=DEFAULT_TERM_YEARS) -> float:
    """Present value of 1 paid every month for ``years`` at ``annual_rate_pct`` (monthly compounding).
    Loan = payment × this factor. Introduced in 第 4 章."""
    r, n = _rate_term(annual_rate_pct, years)
    # -expm1(-n·log1p(r)) is 1 − (1 + r)^−n computed without cancellation for tiny rates
    return float(n) if r == 0 else float(-np.expm1(-n * np.log1p(r)) / r)


def monthly_payment(loan, annual_rate_pct, years=DEFAULT_TERM_YEARS) -> float:
    """Equal monthly payment that repays ``loan`` with interest at ``annual_rate_pct`` (% per year, paid
    monthly) over ``years``. Introduced in 第 4 章."""
    amount = _num(loan, "貸款金額")
    if amount < 0:
        raise ValueError("貸款金額不能是負的。")
    return amount / annuity_factor(annual_rate_pct, years)


def loan_amount(price, down_payment_pct=DEFAULT_DOWN_PCT) -> float:
    """Loan needed to buy at ``price`` after a down payment of ``down_payment_pct`` % of the price.
    Introduced in 第 4 章."""
    p = _num(price, "房價")
    down = _num(down_payment_pct, "頭期款比例（%）")
    if p < 0:
        raise ValueError("房價不能是負的。")
    if not 0 <= down <= 100:
        raise ValueError(f"頭期款比例要在 0 到 100（%）之間，你給的是 {down:g}。20 代表兩成。")
    return p * (1.0 - down / 100.0)


def payment_for_price(price, annual_rate_pct, down_payment_pct=DEFAULT_DOWN_PCT, years=DEFAULT_TERM_YEARS) -> float:
    """Monthly payment on a home bought at ``price`` with ``down_payment_pct`` % down. Introduced in 第 4 章."""
    return monthly_payment(loan_amount(price, down_payment_pct), annual_rate_pct, years)


def payment_to_income(
    price, annual_rate_pct, annual_income, down_payment_pct=DEFAULT_DOWN_PCT, years=DEFAULT_TERM_YEARS
) -> float:
    """Monthly payment as a percent of gross monthly income (``annual_income`` / 12). Introduced in 第 4 章."""
    income = _num(annual_income, "年收入")
    if income <= 0:
        raise ValueError("年收入必須大於 0。")
    return payment_for_price(price, annual_rate_pct, down_payment_pct, years) / (income / 12.0) * 100.0


def affordable_price(
    monthly_budget, annual_rate_pct, down_payment_pct=DEFAULT_DOWN_PCT, years=DEFAULT_TERM_YEARS
) -> float:
    """Highest price whose monthly payment fits ``monthly_budget``: the inverse of
    :func:`payment_for_price`. Introduced in 第 4 章."""
    budget = _num(monthly_budget, "每月可負擔金額")
    if budget < 0:
        raise ValueError("每月可負擔金額不能是負的。")
    down = _num(down_payment_pct, "頭期款比例（%）")
    if not 0 <= down < 100:
        raise ValueError(f"頭期款比例要在 0 到 100（%）之間（不含 100），你給的是 {down:g}。")
    return budget * annuity_factor(annual_rate_pct, years) / (1.0 - down / 100.0)


def max_price_at_ratio(
    annual_income,
    annual_rate_pct,
    ratio_pct=RULE_OF_THUMB_PCT,
    down_payment_pct=DEFAULT_DOWN_PCT,
    years=DEFAULT_TERM_YEARS,
) -> float:
    """Highest price whose payment is ``ratio_pct`` % of gross monthly income (default: the 28 % rule of
    thumb). Introduced in 第 4 章."""
    income = _num(annual_income, "年收入")
    ratio = _num(ratio_pct, "負擔比例（%）")
    if income <= 0 or ratio <= 0:
        raise ValueError("年收入與負擔比例都必須大於 0。")
    return affordable_price(income / 12.0 * ratio / 100.0, annual_rate_pct, down_payment_pct, years)


def payment_curve(price, rates_pct, down_payment_pct=DEFAULT_DOWN_PCT, years=DEFAULT_TERM_YEARS) -> np.ndarray:
    """Monthly payment on ``price`` at each rate in ``rates_pct`` (an array), for plotting. Introduced in 第 4 章."""
    rates = np.asarray(rates_pct, dtype=float)
    loan = loan_amount(price, down_payment_pct)
    _rate_term(float(rates.max()) if rates.size else 0.0, years)
    if rates.size and rates.min() < 0:
        raise ValueError("房貸年利率不能是負的。")
    r = rates / 1200.0
    n = int(round(float(years) * 12))
    safe = np.where(r > 0, r, 1.0)
    factor = np.where(r > 0, -np.expm1(-n * np.log1p(safe)) / safe, float(n))
    return loan / factor
