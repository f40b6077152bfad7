"""Hong Kong's Linked Exchange Rate System as a step-by-step teaching model (introduced in 第 5 章).

What is institutional fact (HKMA):

* The HKMA stands ready to **sell** HKD and buy USD at 7.75 HKD per USD (the strong-side Convertibility
  Undertaking, CU) and to **buy** HKD and sell USD at 7.85 (the weak-side CU). Between the two the rate floats.
* Banks settle these trades through their clearing accounts with the HKMA; the sum of those balances is the
  **Aggregate Balance**. Issuing more Exchange Fund Bills and Notes (EFBN) moves money from the Aggregate Balance
  into bills; the Monetary Base (certificates of indebtedness and coins + Aggregate Balance + EFBN) is unchanged.
* Every change in the Monetary Base is matched by a change in US-dollar reserves at the convertibility rate.
* The Base Rate is the higher of the US federal funds lower bound + 0.5 and the HIBOR average (``base_rate``).

What is a modelling **assumption** (這是簡化模型; parameters are teaching values, not estimates):

* Each step, net demand for HKD (``flow``, HKD bn; + = capital inflow) and carry-trade selling move the rate by
  ``rate_per_hkd_bn`` per HKD bn of net selling (0.10 HKD, the width of the zone, is 50 HKD bn of selling).
* Carry traders hold a **position** (borrow HKD, hold USD) of ``carry_hkd_bn_per_pp`` HKD bn per percentage
  point by which the US rate exceeds HIBOR. They sell HKD only when they *add* to the position and buy it back
  when the gap narrows, closing a share ``carry_speed`` of the distance to the wanted position each step; a
  steady gap, however wide, causes no further selling once positions are in place. (An earlier version sold every
  step while a gap lasted, so the rate drifted to an edge with no shock at all.)
* HIBOR follows the US rate and a term that depends on the Aggregate Balance::

      w = exp(-AB / ab_scale_hkd_bn)
      HIBOR = max(0, US rate * (1 - flush_share * (1 - w)) + tight_premium_pp * w)

  A near-empty Aggregate Balance puts HIBOR up to ``tight_premium_pp`` above the US rate; a flush one pulls it
  down to a fraction ``1 - flush_share`` of the US rate, so with plenty of HKD, HIBOR lags when US rates rise
  (2017–18, 2022) and the carry gap widens. The parameters put
  HIBOR level with the US rate at an Aggregate Balance of about HK$45bn (``neutral_balance``), near where it sat
  in 2019 and again in 2023–24 when the peg was at rest.
* When the weak side would need more HKD than banks hold in the Aggregate Balance, banks can only sell what they
  have; the rest of the selling pressure is dropped (in reality it shows up as a spike in interbank rates).

Money is conserved at every step: the HKD the HKMA issues or absorbs equals the change in its USD reserves times
the convertibility rate, and the market's USD changes by the opposite amount (tests/test_currency_board.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from helpers import inputs

STRONG_SIDE = 7.75
WEAK_SIDE = 7.85
LINKED_RATE = 7.80
MAX_STEPS = 500


@dataclass(frozen=True)
class BoardParams:
    """Parameters of the teaching model (assumptions, not estimates). Introduced in 第 5 章."""

    strong_side: float = STRONG_SIDE  # HKD per USD at which the HKMA sells HKD
    weak_side: float = WEAK_SIDE  # HKD per USD at which the HKMA buys HKD
    rate_per_hkd_bn: float = 0.002  # HKD/USD move per HKD bn of net selling in one step
    carry_hkd_bn_per_pp: float = 60.0  # carry-trade position (HKD bn) per pp of (US rate - HIBOR)
    tight_premium_pp: float = 4.0  # HIBOR - US rate when the Aggregate Balance is empty (pp)
    flush_share: float = 0.9  # share of the US rate HIBOR loses when liquidity is flush
    ab_scale_hkd_bn: float = 60.0  # Aggregate Balance at which about 63% of the flush effect is reached
    carry_speed: float = 0.3  # share of the gap between wanted and held carry positions closed per step


@dataclass(frozen=True)
class BoardState:
    """A snapshot of the model. Amounts in HKD bn, reserves in USD bn, rates in percent. Introduced in 第 5 章.

    Defaults: Aggregate Balance HK$45bn (its level in mid-2023 and 2024, ``hk_lers_events``); Exchange Fund paper
    about HK$1,000bn (HKMA, 2018); certificates and coins chosen so the Monetary Base is HK$1,869bn (June 2023).
    USD reserves start at the Monetary Base / 7.80 (full backing; the real backing ratio is about 110%).
    """

    rate: float = LINKED_RATE
    aggregate_balance_hkd_bn: float = 45.0
    efbn_hkd_bn: float = 1000.0
    certificates_hkd_bn: float = 824.35
    hkma_usd_bn: float = (45.0 + 1000.0 + 824.35) / LINKED_RATE
    market_usd_bn: float = 0.0

    @property
    def monetary_base_hkd_bn(self) -> float:
        return self.certificates_hkd_bn + self.aggregate_balance_hkd_bn + self.efbn_hkd_bn


DEFAULT_PARAMS = BoardParams()
DEFAULT_STATE = BoardState()


_finite = inputs.number  # a finite float, or a zh-TW ValueError naming the argument


def base_rate(fed_funds_lower_pct, hibor_avg_pct) -> float:
    """The HKMA Base Rate (% per year): the higher of the US fed funds lower bound + 0.5 and the average of the
    five-day moving averages of overnight and one-month HIBOR. Institutional rule (HKMA). Introduced in 第 5 章."""
    lower = _finite(fed_funds_lower_pct, "聯邦資金利率下限")
    hibor = _finite(hibor_avg_pct, "HIBOR 平均")
    return max(lower + 0.5, hibor)


def hibor(aggregate_balance_hkd_bn, us_rate_pct, params: BoardParams = DEFAULT_PARAMS) -> float:
    """Stylised HIBOR (% per year) from the Aggregate Balance (HKD bn) and the US policy rate (%).

    An assumption of the teaching model (see the module docstring for the formula). Introduced in 第 5 章.
    """
    ab = _finite(aggregate_balance_hkd_bn, "總結餘")
    us = _finite(us_rate_pct, "美國利率")
    if ab < 0:
        raise ValueError("總結餘不能是負數（單位：十億港元）。")
    w = math.exp(-ab / params.ab_scale_hkd_bn)
    return max(0.0, us * (1.0 - params.flush_share * (1.0 - w)) + params.tight_premium_pp * w)


def neutral_balance(us_rate_pct=4.25, params: BoardParams = DEFAULT_PARAMS) -> float:
    """The Aggregate Balance (HKD bn) at which the model's HIBOR equals the US rate: no carry-trade incentive
    either way. It depends on the US rate: about HK$45bn at 4–5 %, much larger near zero (when a flush balance
    costs nothing in carry). Introduced in 第 5 章."""
    us = _finite(us_rate_pct, "美國利率")
    p, f = params.tight_premium_pp, params.flush_share * us
    if p <= 0:
        raise ValueError("tight_premium_pp 要大於 0。")
    if f <= 0:
        return 0.0
    return float(-params.ab_scale_hkd_bn * math.log(f / (p + f)))


def convert(state: BoardState, hkd_bn: float, side: str) -> BoardState:
    """One Convertibility Undertaking trade. ``side="strong"``: the HKMA sells ``hkd_bn`` HKD for USD at 7.75;
    ``side="weak"``: it buys ``hkd_bn`` HKD with USD at 7.85. Returns the new state (HKD bn, USD bn).
    Introduced in 第 5 章."""
    amount = _finite(hkd_bn, "金額")
    if amount < 0:
        raise ValueError("金額請用正數（十億港元）；方向由 side 決定。")
    if side == "strong":
        usd = amount / STRONG_SIDE
        return replace(
            state,
            aggregate_balance_hkd_bn=state.aggregate_balance_hkd_bn + amount,
            hkma_usd_bn=state.hkma_usd_bn + usd,
            market_usd_bn=state.market_usd_bn - usd,
        )
    if side == "weak":
        if amount > state.aggregate_balance_hkd_bn + 1e-9:
            raise ValueError(
                f"銀行的總結餘只有 {state.aggregate_balance_hkd_bn:.1f} 十億港元，"
                f"不能賣出 {amount:.1f} 十億港元給金管局。"
            )
        usd = amount / WEAK_SIDE
        return replace(
            state,
            aggregate_balance_hkd_bn=max(0.0, state.aggregate_balance_hkd_bn - amount),
            hkma_usd_bn=state.hkma_usd_bn - usd,
            market_usd_bn=state.market_usd_bn + usd,
        )
    raise ValueError(f'side 要是 "strong"（強方，7.75）或 "weak"（弱方，7.85），你給的是 {side!r}。')


def _as_steps(values, n, name):
    if np.ndim(values) == 0:
        arr = np.full(n, _finite(values, name))
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} 要是數字或一串數字。") from None
        if arr.shape != (n,):
            raise ValueError(f"{name} 的長度（{arr.size}）要和資金流量的期數（{n}）一樣。")
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} 裡有 NaN 或無限大。")
    return arr


def run(
    flows_hkd_bn,
    us_rate_pct,
    *,
    efbn_shifts_hkd_bn=0.0,
    initial: BoardState = DEFAULT_STATE,
    params: BoardParams = DEFAULT_PARAMS,
) -> dict:
    """Simulate step by step; return a dict of NumPy arrays of length ``steps + 1`` (index 0 = initial state).

    ``flows_hkd_bn``: net demand for HKD each step (HKD bn; + inflow, - outflow). ``us_rate_pct``: the US policy
    rate, one number or one per step. ``efbn_shifts_hkd_bn``: extra Exchange Fund paper issued that step (HKD bn
    moved from the Aggregate Balance into bills; negative releases it). Keys: ``step, flow_hkd_bn, us_rate_pct,
    rate, intervention_hkd_bn`` (+ HKMA sold HKD at 7.75, - bought at 7.85), ``side`` (1 strong, -1 weak, 0 none),
    ``aggregate_balance_hkd_bn, efbn_hkd_bn, monetary_base_hkd_bn, hkma_usd_bn, market_usd_bn, hibor_pct``.
    This is the fast path the simulator widget uses; :func:`simulate` wraps it in a DataFrame. Introduced in 第 5 章.
    """
    try:
        flows = np.asarray(flows_hkd_bn, dtype=float)
    except (TypeError, ValueError):
        flows = None
    if flows is None or flows.ndim != 1 or flows.size == 0:
        raise ValueError("資金流量要是一串數字（每期一個，單位：十億港元），例如 [30, 30, 0, 0]。")
    if not np.isfinite(flows).all():
        raise ValueError("資金流量裡有 NaN 或無限大。")
    n = flows.size
    if n > MAX_STEPS:
        raise ValueError(f"最多模擬 {MAX_STEPS} 期，你要了 {n} 期。")
    us = _as_steps(us_rate_pct, n, "美國利率")
    if (us < 0).any() or (us > 25).any():
        raise ValueError("美國利率要在 0% 到 25% 之間（單位：%，例如 4.25）。")
    shifts = _as_steps(efbn_shifts_hkd_bn, n, "外匯基金票據增發量")
    if not 0 < params.carry_speed <= 1:
        raise ValueError("carry_speed 要介於 0 與 1 之間。")
    if not (params.strong_side < params.weak_side and params.rate_per_hkd_bn > 0):
        raise ValueError("參數不合理：強方兌換價要小於弱方，匯率敏感度要大於 0。")
    if not params.strong_side <= initial.rate <= params.weak_side:
        raise ValueError(f"起始匯率要在 {params.strong_side} 到 {params.weak_side} 之間。")

    out = {
        k: np.zeros(n + 1)
        for k in (
            "flow_hkd_bn",
            "us_rate_pct",
            "rate",
            "intervention_hkd_bn",
            "side",
            "aggregate_balance_hkd_bn",
            "efbn_hkd_bn",
            "monetary_base_hkd_bn",
            "hkma_usd_bn",
            "market_usd_bn",
            "hibor_pct",
        )
    }
    out["step"] = np.arange(n + 1)
    rate, ab, efbn = initial.rate, initial.aggregate_balance_hkd_bn, initial.efbn_hkd_bn
    ci, hkma_usd, market_usd = initial.certificates_hkd_bn, initial.hkma_usd_bn, initial.market_usd_bn
    if ab < 0 or efbn < 0:
        raise ValueError("起始的總結餘與外匯基金票據不能是負數。")
    h = hibor(ab, us[0], params)
    _record(out, 0, 0.0, us[0], rate, 0.0, 0, ab, efbn, ci, hkma_usd, market_usd, h)
    k, lo, hi = params.rate_per_hkd_bn, params.strong_side, params.weak_side
    carry = params.carry_hkd_bn_per_pp * (us[0] - h)  # carry positions start where they want to be
    for t in range(n):
        # 1. Exchange Fund paper: moves money between the Aggregate Balance and bills (Monetary Base unchanged).
        shift = min(max(shifts[t], -efbn), ab)
        ab, efbn = ab - shift, efbn + shift
        # 2. Market pressure: the capital flow plus the change in carry positions (the HIBOR-US gap now).
        h = hibor(ab, us[t], params)
        wanted_carry = params.carry_hkd_bn_per_pp * (us[t] - h)
        move = params.carry_speed * (wanted_carry - carry)  # positions are built and unwound gradually
        selling = -flows[t] + move
        carry += move
        candidate = rate + k * selling
        intervention, side = 0.0, 0
        if candidate < lo:  # strong side: banks sell USD to the HKMA for HKD at 7.75
            intervention, side, rate = (lo - candidate) / k, 1, lo
            usd = intervention / lo
            ab, hkma_usd, market_usd = ab + intervention, hkma_usd + usd, market_usd - usd
        elif candidate > hi:  # weak side: banks sell HKD to the HKMA for USD at 7.85
            wanted = (candidate - hi) / k
            bought = min(wanted, ab)
            intervention, side, rate = -bought, -1, hi
            usd = bought / hi
            ab, hkma_usd, market_usd = ab - bought, hkma_usd - usd, market_usd + usd
        else:
            rate = candidate
        h = hibor(ab, us[t], params)
        _record(out, t + 1, flows[t], us[t], rate, intervention, side, ab, efbn, ci, hkma_usd, market_usd, h)
    return out


def _record(out, i, flow, us, rate, intervention, side, ab, efbn, ci, hkma_usd, market_usd, h):
    out["flow_hkd_bn"][i] = flow
    out["us_rate_pct"][i] = us
    out["rate"][i] = rate
    out["intervention_hkd_bn"][i] = intervention
    out["side"][i] = side
    out["aggregate_balance_hkd_bn"][i] = ab
    out["efbn_hkd_bn"][i] = efbn
    out["monetary_base_hkd_bn"][i] = ci + ab + efbn
    out["hkma_usd_bn"][i] = hkma_usd
    out["market_usd_bn"][i] = market_usd
    out["hibor_pct"][i] = h


SIDE_LABELS = {1: "強方 7.75", -1: "弱方 7.85", 0: ""}


def simulate(flows_hkd_bn, us_rate_pct, **kwargs) -> pd.DataFrame:
    """:func:`run` as a DataFrame, one row per step (row 0 = the starting state), with a readable ``side`` column
    ("強方 7.75" / "弱方 7.85" / ""). Amounts in HKD bn and USD bn, rates in %. Introduced in 第 5 章."""
    out = run(flows_hkd_bn, us_rate_pct, **kwargs)
    df = pd.DataFrame(
        {
            k: out[k]
            for k in (
                "step",
                "flow_hkd_bn",
                "us_rate_pct",
                "rate",
                "intervention_hkd_bn",
                "aggregate_balance_hkd_bn",
                "efbn_hkd_bn",
                "monetary_base_hkd_bn",
                "hkma_usd_bn",
                "market_usd_bn",
                "hibor_pct",
            )
        }
    )
    df["step"] = df["step"].astype(int)
    df.insert(5, "side", [SIDE_LABELS[int(s)] for s in out["side"]])
    return df


def shock_flows(size_hkd_bn, shock_steps, steps) -> np.ndarray:
    """A capital-flow path: ``size_hkd_bn`` per step (+ inflow, - outflow) for the first ``shock_steps`` steps,
    then zero, ``steps`` steps in all (HKD bn). Introduced in 第 5 章."""
    size = _finite(size_hkd_bn, "衝擊大小")
    try:
        shock_steps, steps = int(shock_steps), int(steps)
    except (TypeError, ValueError):
        raise ValueError("期數要是整數。") from None
    if not 1 <= steps <= MAX_STEPS or not 0 <= shock_steps <= steps:
        raise ValueError(f"期數要在 1 到 {MAX_STEPS} 之間，衝擊期數不能超過總期數。")
    flows = np.zeros(steps)
    flows[:shock_steps] = size
    return flows


def summary(out) -> dict:
    """Key numbers of a run (dict from :func:`run` or DataFrame from :func:`simulate`): number of strong- and
    weak-side steps, HKD sold and bought (HKD bn), the first step of each side (None if never), final Aggregate
    Balance (HKD bn), final HIBOR (%), change in the HKMA's USD reserves (USD bn). Introduced in 第 5 章."""
    if isinstance(out, pd.DataFrame):
        side = np.where(out["side"] == SIDE_LABELS[1], 1, np.where(out["side"] == SIDE_LABELS[-1], -1, 0))
        get = {k: out[k].to_numpy() for k in out.columns if k != "side"}
    else:
        side, get = np.asarray(out["side"]), out
    steps = np.asarray(get["step"])
    inter = np.asarray(get["intervention_hkd_bn"])
    strong, weak = steps[side == 1], steps[side == -1]
    return {
        "strong_steps": int(strong.size),
        "weak_steps": int(weak.size),
        "hkd_sold_bn": float(inter[inter > 0].sum()),
        "hkd_bought_bn": float(-inter[inter < 0].sum()),
        "first_strong_step": int(strong[0]) if strong.size else None,
        "first_weak_step": int(weak[0]) if weak.size else None,
        "final_aggregate_balance_hkd_bn": float(get["aggregate_balance_hkd_bn"][-1]),
        "final_hibor_pct": float(get["hibor_pct"][-1]),
        "hkma_usd_change_bn": float(get["hkma_usd_bn"][-1] - get["hkma_usd_bn"][0]),
    }


# Known episodes as model scenarios (第 5 章). Starting Aggregate Balances are the HKMA's figures in
# ``hk_lers_events``; US rate paths follow ``fed_funds_target`` in round numbers; one step is roughly a few weeks.
# Strong-side inflows are *given* (their size is what happened: IPO and equity demand, RMB conversion): the model
# only has to turn them into Aggregate Balance. Weak-side episodes get *no* outflow at all: the model must
# produce the selling itself, through carry trades, from the rise in US rates while the balance is flush.
EPISODES = {
    "2015–16 強方": dict(side="strong", start_ab=153.3, us=0.25, flows=[40.0] * 5 + [0.0] * 35),
    "2018–19 弱方": dict(
        side="weak", start_ab=260.0, us=list(np.linspace(0.75, 2.5, 24)) + [2.5] * 16, flows=[0.0] * 40
    ),
    "2020 強方": dict(side="strong", start_ab=54.4, us=0.25, flows=[40.0] * 10 + [0.0] * 30),
    "2022–23 弱方": dict(
        side="weak", start_ab=340.0, us=list(np.linspace(0.25, 5.25, 20)) + [5.25] * 20, flows=[0.0] * 40
    ),
    "2025 強方": dict(side="strong", start_ab=45.0, us=4.33, flows=[64.7, 64.7] + [0.0] * 38),
}


def run_episode(name: str, params: BoardParams = DEFAULT_PARAMS) -> dict:
    """Run one of :data:`EPISODES`; returns :func:`summary` plus ``first_side`` ("strong"/"weak"/None) and
    ``volume_hkd_bn`` (HKD the HKMA sold on that first side, or bought). Introduced in 第 5 章."""
    if name not in EPISODES:
        raise ValueError(f"沒有「{name}」這個情境。可用：{'、'.join(EPISODES)}。")
    ep = EPISODES[name]
    init = replace(DEFAULT_STATE, aggregate_balance_hkd_bn=ep["start_ab"])
    out = summary(run(ep["flows"], ep["us"], initial=init, params=params))
    firsts = {k: out[f"first_{k}_step"] for k in ("strong", "weak") if out[f"first_{k}_step"] is not None}
    out["first_side"] = min(firsts, key=firsts.get) if firsts else None
    out["volume_hkd_bn"] = out["hkd_sold_bn"] if out["first_side"] == "strong" else out["hkd_bought_bn"]
    return out
