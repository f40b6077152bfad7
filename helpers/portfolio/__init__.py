"""Policy regimes, allocation rules, a look-ahead-safe backtest and a Monte Carlo of portfolios (第 6 章 投資人策略).

Everything here is a teaching model, not investment advice. Market returns are either **assumed**
(``data/portfolio_regime_assumptions.csv``: every row says it is an assumption and what it is loosely based on) or
**approximated** from FRED yields that the learner downloads. Nothing in this module is an index history.

Conventions: inside the model returns are fractions per month (0.01 = 1 %); everything a learner reads
(tables, summaries, function results whose name ends in ``_pct``) is in percent. Wealth starts at 1.

The look-ahead guard is structural. A strategy is a function ``strategy(info) -> {asset: weight}`` that receives an
:class:`InformationSet`: a view of the data *truncated at the decision date*. Programmes are visible from their FOMC
announcement date, a programme's end only once it has happened, H.4.1 figures one day after their date, market
returns only for months that are over. Asking the view for anything later raises :class:`LookAheadError`, and the
backtest's audit re-runs every decision with the market's future blanked out, so a strategy that reads the future
through a back door (a variable holding the whole market) fails loudly too.

The package's modules: ``regimes`` (regimes in force and as known; the information guard), ``assumptions``
(assumed returns, assets, weights), ``backtest`` (markets, backtest, risk measures), ``montecarlo`` (simulated
paths, leverage, the portfolio builder), ``events`` (a no-peeking event study of easing turns). Currency
helpers live in ``helpers.fx``; every public name is re-exported here, so ``from helpers import portfolio`` is all a
notebook needs.
"""

from helpers.fx import HKD_BAND, hedged_return, local_currency_return, market_hedge_rates, peg_fx_range_pct
from helpers.portfolio.assumptions import (
    ASSET_LABELS,
    ASSETS,
    BENCHMARK,
    BOND_RULES,
    SEED_RULES,
    assumption_grid,
    assumptions,
    implied_correlation,
    neutral_assumptions,
    normalise_weights,
)
from helpers.portfolio.backtest import (
    BOND_DURATION,
    SUMMARY_LABELS,
    BacktestResult,
    Market,
    asset_returns,
    backtest,
    bond_returns_from_yields,
    constant_strategy,
    draw_shocks,
    drawdown,
    fred_market,
    fred_market_or_none,
    geometric_growth,
    hindsight_rules,
    max_drawdown,
    rule_strategy,
    simulate_market,
    summary_table,
)
from helpers.portfolio.events import FIRST_TABLE_TURN, easing_event_study, easing_turns, event_window, ten_year_index
from helpers.portfolio.montecarlo import (
    LEVERAGE_GRID,
    SCENARIOS,
    SLEEVES,
    WIDGET_PATHS,
    WIDGET_SEED,
    Paths,
    best_leverage,
    builder_stats,
    dip_buying,
    leverage_curve,
    regime_path,
    rule_vs_benchmark,
    rule_weights,
    simulate_paths,
    switching_cost_pp,
)
from helpers.portfolio.regimes import (
    CALENDAR_START,
    KIND_TO_REGIME,
    PUBLICATION_LAG_DAYS,
    InformationSet,
    LookAheadError,
    classify,
    end_known,
    known_regime,
    known_regime_from,
    regime_calendar,
    regime_in_force,
)
from helpers.vocab import INVESTOR_REGIME_LABELS as REGIME_LABELS
from helpers.vocab import INVESTOR_REGIMES as REGIMES

__all__ = [name for name in dir() if not name.startswith("_")]
