"""A toy simulation of the K-shaped recovery: households that own assets vs households that live on wages
(introduced in 第 4 章 市場影響).

**This is a simplified model with assumed numbers, not a measurement.** It shows one mechanism: when asset
prices rise faster than wages and consumer prices, households whose wealth sits in stocks and housing pull
away from households whose wealth is a small bank deposit. Whether QE *caused* the K shape is a separate,
contested empirical question (see the chapter's 查核事實 box).

Units: money in **U.S. dollars of 2019** after deflating by the CPI (``real_*``) or current dollars
(``nominal_*``); rates in **percent per year**; indices with **2019 = 100**.

Every assumption is a field of :class:`Assumptions`; only the inflation path comes from data (BLS annual
average CPI inflation, table ``market_annual``), and the stimulus-check amounts from table
``market_fiscal_relief``. The random parts (who loses a job, each household's own asset return and wage
growth) come from ``numpy.random.default_rng(seed)``, so a given seed always gives the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

GROUPS = ("資產族", "薪資族")
START_YEAR = 2019


def _cpi_path(years):
    from helpers.data import load

    annual = load("market_annual").set_index("year")["cpi_avg_pct"]
    missing = [y for y in years if y not in annual.index]
    if missing:
        raise ValueError(f"資料表 market_annual 沒有這些年份的通膨率：{missing}。")
    return tuple(float(annual[y]) for y in years)


def _checks_path(years):
    """Stimulus checks per adult (USD) paid in each year, from table market_fiscal_relief."""
    from helpers.data import load

    relief = load("market_fiscal_relief").dropna(subset=["payment_per_adult_usd", "paid_year"])
    paid = relief.groupby("paid_year")["payment_per_adult_usd"].sum()
    return tuple(float(paid.get(y, 0.0)) for y in years)


@dataclass(frozen=True)
class Group:
    """Assumed starting position and behaviour of one kind of household (amounts in 2019 USD)."""

    wage_usd: float  # annual wage in 2019
    wealth_usd: float  # net wealth at the end of 2019
    asset_share_pct: float  # share of wealth in stocks and housing; the rest is bank deposits
    saving_rate_pct: float  # share of each year's income added to wealth
    job_loss_pct: tuple  # chance of losing the job for part of each simulated year
    gets_checks: bool  # below the income limits of the stimulus checks?


@dataclass(frozen=True)
class Assumptions:
    """Everything the simulation assumes. Change a field with ``dataclasses.replace`` to test its effect."""

    years: tuple = (2020, 2021, 2022, 2023)
    # Assumed nominal return on a stocks-and-housing mix each year: the order of magnitude of 2020–2023
    # moves, NOT the return of any index.
    asset_return_pct: tuple = (14.0, 22.0, -8.0, 14.0)
    deposit_rate_pct: tuple = (0.5, 0.1, 1.0, 4.0)  # assumed bank-deposit interest
    wage_growth_pct: tuple = (3.0, 4.5, 5.0, 4.5)  # assumed wage growth for those in work
    months_out_of_work: float = 6.0  # assumed length of a job loss
    # Unemployment benefit as % of the lost wage: assumed 100 % in 2020 (the CARES Act added USD 600 a
    # week until 2020-07-31), 50 % afterwards.
    replacement_pct: tuple = (100.0, 50.0, 50.0, 50.0)
    asset_noise_pp: float = 5.0  # spread of households' own asset returns
    wage_noise_pp: float = 2.0  # spread of households' own wage growth
    groups: dict = field(
        default_factory=lambda: {
            "資產族": Group(
                wage_usd=100_000,
                wealth_usd=400_000,
                asset_share_pct=70,
                saving_rate_pct=15,
                job_loss_pct=(5, 2, 2, 2),
                gets_checks=False,
            ),
            "薪資族": Group(
                wage_usd=40_000,
                wealth_usd=10_000,
                asset_share_pct=5,
                saving_rate_pct=5,
                job_loss_pct=(20, 5, 3, 3),
                gets_checks=True,
            ),
        }
    )
    inflation_pct: tuple | None = None  # None: BLS data for `years`
    checks_usd: tuple | None = None  # None: data for `years`

    def resolved(self) -> Assumptions:
        """The same assumptions with the data-driven fields filled in and lengths checked."""
        from dataclasses import replace

        out = self
        if out.inflation_pct is None:
            out = replace(out, inflation_pct=_cpi_path(out.years))
        if out.checks_usd is None:
            out = replace(out, checks_usd=_checks_path(out.years))
        n = len(out.years)
        for f in fields(out):
            value = getattr(out, f.name)
            if isinstance(value, tuple) and f.name != "years" and len(value) != n:
                raise ValueError(f"假設 {f.name} 有 {len(value)} 個值，但模擬的年份有 {n} 年；兩者要一樣長。")
        for name, g in out.groups.items():
            if len(g.job_loss_pct) != n:
                raise ValueError(f"「{name}」的 job_loss_pct 要有 {n} 個值（每年一個）。")
            if not 0 <= g.asset_share_pct <= 100:
                raise ValueError(f"「{name}」的資產比重要在 0 到 100（%）之間。")
            if any(not 0 <= p <= 100 for p in g.job_loss_pct):
                raise ValueError(f"「{name}」的失業機率要在 0 到 100（%）之間。")
        if not 0 <= out.months_out_of_work <= 12:
            raise ValueError("失業月數要在 0 到 12 之間。")
        return out


def simulate(assumptions: Assumptions | None = None, households: int = 500, seed: int = 2020) -> pd.DataFrame:
    """Simulate ``households`` households per group from 2019 through the assumed years.

    Each year a household's wealth earns the asset return on its asset share and the deposit rate on the
    rest, plus savings out of income and any stimulus checks; a household that loses its job gets the
    assumed benefit for the months out of work. Returns one row per year (2019 included) and group with the
    **median** across households of: ``real_wealth_usd`` and ``nominal_wealth_usd``, ``real_wealth_index``
    and ``nominal_wealth_index`` (each household's own 2019 wealth = 100), ``real_wealth_change_usd``
    (change since 2019 in 2019 dollars), and ``real_income_index`` (2019 = 100). Introduced in 第 4 章.
    """
    a = (assumptions or Assumptions()).resolved()
    n = int(households)
    if n < 1:
        raise ValueError("每一組至少要有 1 戶家庭。")
    rng = np.random.default_rng(seed)
    price_level = np.cumprod([1.0] + [1.0 + p / 100.0 for p in a.inflation_pct])
    rows = []
    for name in GROUPS:
        g = a.groups[name]
        wage = np.full(n, float(g.wage_usd))
        wealth = np.full(n, float(g.wealth_usd))
        start_wealth, start_income = wealth.copy(), wage.copy()
        rows.append(_row(START_YEAR, name, wealth, start_wealth, wage, start_income, 1.0))
        share = g.asset_share_pct / 100.0
        for i, year in enumerate(a.years):
            wage = wage * (1.0 + (a.wage_growth_pct[i] + rng.normal(0.0, a.wage_noise_pp, n)) / 100.0)
            lost = rng.random(n) < g.job_loss_pct[i] / 100.0
            out = a.months_out_of_work / 12.0
            income = np.where(lost, wage * (1.0 - out) + wage * out * a.replacement_pct[i] / 100.0, wage)
            asset_r = (a.asset_return_pct[i] + rng.normal(0.0, a.asset_noise_pp, n)) / 100.0
            growth = share * asset_r + (1.0 - share) * a.deposit_rate_pct[i] / 100.0
            checks = a.checks_usd[i] if g.gets_checks else 0.0
            wealth = wealth * (1.0 + growth) + income * g.saving_rate_pct / 100.0 + checks
            rows.append(_row(year, name, wealth, start_wealth, income, start_income, price_level[i + 1]))
    return pd.DataFrame(rows)


def _row(year, group, wealth, start_wealth, income, start_income, price_level):
    real = wealth / price_level
    return {
        "year": int(year),
        "group": group,
        "real_wealth_usd": float(np.median(real)),
        "nominal_wealth_usd": float(np.median(wealth)),
        "real_wealth_index": float(np.median(real / start_wealth * 100.0)),
        "nominal_wealth_index": float(np.median(wealth / start_wealth * 100.0)),
        "real_wealth_change_usd": float(np.median(real - start_wealth)),
        "real_income_index": float(np.median(income / price_level / start_income * 100.0)),
    }


def value(df: pd.DataFrame, group: str, year: int, column: str) -> float:
    """One number from a :func:`simulate` result, e.g. ``value(df, "資產族", 2021, "real_wealth_index")``.
    Introduced in 第 4 章."""
    if group not in GROUPS:
        raise ValueError(f"組別只有 {GROUPS}，你給的是 {group!r}。")
    if column not in df.columns:
        raise ValueError(f"沒有欄位「{column}」。可用：{[c for c in df.columns if c not in ('year', 'group')]}。")
    hit = df[(df["group"] == group) & (df["year"] == int(year))]
    if hit.empty:
        raise ValueError(f"模擬結果沒有 {year} 年；年份範圍是 {df['year'].min()}–{df['year'].max()}。")
    return float(hit[column].iloc[0])


_GROUP_LABELS = {
    "wage_usd": "年薪（美元）",
    "wealth_usd": "2019 年底財富（美元）",
    "asset_share_pct": "股票與房地產比重（%）",
    "saving_rate_pct": "儲蓄率（%）",
    "job_loss_pct": "每年失業機率（%）",
    "gets_checks": "領得到紓困支票",
}


def assumptions_table(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The year-by-year assumptions (and the two data-driven paths) as a table with Chinese labels, one row
    per simulated year. Introduced in 第 4 章."""
    a = (assumptions or Assumptions()).resolved()
    return pd.DataFrame(
        {
            "資產報酬 %（假設）": a.asset_return_pct,
            "存款利率 %（假設）": a.deposit_rate_pct,
            "薪資成長 %（假設）": a.wage_growth_pct,
            "失業給付替代率 %（假設）": a.replacement_pct,
            "CPI 漲幅 %（資料）": a.inflation_pct,
            "每人紓困支票 美元（資料）": a.checks_usd,
        },
        index=pd.Index(a.years, name="年"),
    )


def groups_table(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The two kinds of household side by side, with Chinese labels. Introduced in 第 4 章."""
    a = assumptions or Assumptions()
    return pd.DataFrame({name: vars(g) for name, g in a.groups.items()}).rename(index=_GROUP_LABELS)
