"""T-accounts of a central bank, the banking system and the non-bank public (introduced in 第 1 章).

All amounts are in USD billions. A :class:`System` holds three immutable T-accounts:

* ``fed`` (:class:`CentralBank`): assets ``treasuries``, ``mbs``, ``loans``, ``other_assets``; liabilities
  ``currency`` (banknotes in circulation), ``reserves``, ``tga`` (the Treasury's General Account),
  ``on_rrp`` (overnight reverse repos), ``other_liabilities``; plus ``capital``.
* ``banks`` (:class:`Bank`, the banking system as one bank): assets ``reserves``, ``treasuries``, ``mbs``,
  ``loans``, ``other_assets``; liabilities ``deposits``, ``other_liabilities``; plus ``capital``.
* ``public`` (:class:`Public`, households, firms, pension and money-market funds): assets ``deposits``,
  ``currency``, ``treasuries``, ``mbs``, ``on_rrp``; liability ``loans`` (all its borrowing: bank loans and the
  mortgages behind MBS); the rest is net worth (``capital``).

Item names are those of ``helpers.style.ITEM_COLORS`` and ``helpers.vocab.ITEM_LABELS``, so the output of
:meth:`TAccount.changes` can be passed straight to ``check`` in a ``taccount`` exercise.

Operations are plain functions that return a new :class:`System` and never modify their input:
:func:`purchase` (QE), :func:`sale`, :func:`runoff` (QT), :func:`tga_change`, :func:`rrp_change`,
:func:`cash_withdrawal` and :func:`bank_loan`. After every operation each account balances
(assets = liabilities + capital) and the claims between accounts agree (the Fed's reserves are the banks'
reserves, the banks' deposits are the public's deposits, …); :meth:`System.problems` lists any breach.
The Treasury itself is not modelled: the TGA is only the Fed's liability to it.
"""

from __future__ import annotations

import math
import numbers
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from helpers import inputs
from helpers.vocab import item_label as label  # noqa: F401  (public: the zh-TW label of an item; 第 1 章)

TOLERANCE = 1e-6  # USD bn; differences smaller than this count as zero


def _amount(value, what="金額") -> float:
    """A finite, non-negative float (USD bn), or a clear zh-TW ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what}必須是數字（單位：十億美元），你給的是 {type(value).__name__}。")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what}必須是有限的數字，你給的是 {value}。")
    if value < 0:
        raise ValueError(
            f"{what}不能是負數（你給的是 {value:g}）：要反方向操作，請改用相反的函式，例如 sale 而不是負的 purchase。"
        )
    return value


@dataclass(frozen=True)
class TAccount:
    """One immutable T-account (USD bn). Subclasses fix which items each side may hold.

    ``assets`` and ``liabilities`` map item names to amounts; items left out are zero. ``capital`` is equity
    (net worth), shown on the liability side. Use :meth:`post` to get a changed copy.
    Introduced in 第 1 章.
    """

    ASSET_ITEMS: ClassVar[tuple] = ()
    LIABILITY_ITEMS: ClassVar[tuple] = ()
    NAME: ClassVar[str] = "帳戶"

    assets: Mapping[str, float] = field(default_factory=dict)
    liabilities: Mapping[str, float] = field(default_factory=dict)
    capital: float = 0.0

    def __post_init__(self):
        for side, allowed in (("assets", self.ASSET_ITEMS), ("liabilities", self.LIABILITY_ITEMS)):
            given = dict(getattr(self, side))
            unknown = sorted(set(given) - set(allowed))
            if unknown:
                where = "資產方" if side == "assets" else "負債方"
                raise ValueError(
                    f"{self.NAME}的{where}沒有「{'、'.join(unknown)}」這一項；可用的項目：{'、'.join(allowed)}。"
                )
            clean = {}
            for item in allowed:
                value = given.get(item, 0.0)
                if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                    raise ValueError(f"{self.NAME}的「{label(item)}」必須是有限的數字，你給的是 {value!r}。")
                clean[item] = float(value)
            object.__setattr__(self, side, types.MappingProxyType(clean))
        if (
            isinstance(self.capital, bool)
            or not isinstance(self.capital, numbers.Real)
            or not math.isfinite(self.capital)
        ):
            raise ValueError(f"{self.NAME}的資本必須是有限的數字，你給的是 {self.capital!r}。")
        object.__setattr__(self, "capital", float(self.capital))

    # ------------------------------------------------------------------------------------------ totals
    @property
    def total_assets(self) -> float:
        """Sum of the asset side (USD bn)."""
        return sum(self.assets.values())

    @property
    def total_liabilities(self) -> float:
        """Sum of the liability side, capital excluded (USD bn)."""
        return sum(self.liabilities.values())

    @property
    def gap(self) -> float:
        """assets − (liabilities + capital); zero for a balanced account (USD bn)."""
        return self.total_assets - self.total_liabilities - self.capital

    def is_balanced(self, tol: float = TOLERANCE) -> bool:
        """True when assets = liabilities + capital (within ``tol`` USD bn)."""
        return abs(self.gap) <= tol * max(1.0, self.total_assets)

    # ----------------------------------------------------------------------------------------- changes
    def post(
        self,
        assets: Mapping[str, float] | None = None,
        liabilities: Mapping[str, float] | None = None,
        capital: float = 0.0,
    ) -> TAccount:
        """A copy with the given changes added (USD bn; negative = decrease).

        Raises ValueError (zh-TW) for an item this account does not have, or when a holding would turn
        negative (you cannot sell what you do not own). The posting need not balance by itself; the
        operations below always post balanced sets.
        """
        new = {}
        for side, delta in (("assets", assets or {}), ("liabilities", liabilities or {})):
            current = dict(getattr(self, side))
            allowed = self.ASSET_ITEMS if side == "assets" else self.LIABILITY_ITEMS
            for item, change in delta.items():
                if item not in allowed:
                    where = "資產方" if side == "assets" else "負債方"
                    raise ValueError(f"{self.NAME}的{where}沒有「{item}」這一項；可用的項目：{'、'.join(allowed)}。")
                current[item] = current[item] + float(change)
                if current[item] < -TOLERANCE * max(1.0, abs(float(change))):
                    raise ValueError(
                        f"{self.NAME}的「{label(item)}」不夠：只有 {current[item] - float(change):,.1f}，"
                        f"卻要減少 {-float(change):,.1f}（十億美元）。"
                    )
                if abs(current[item]) <= TOLERANCE:
                    current[item] = 0.0
            new[side] = current
        return type(self)(new["assets"], new["liabilities"], self.capital + float(capital))

    def changes(self, before: TAccount, tol: float = TOLERANCE) -> dict:
        """What changed since ``before``, as ``{"assets": {item: Δ}, "liabilities": {item: Δ}}`` (USD bn).

        Only non-zero changes are listed; a change of capital appears as ``"capital"`` on the liability side.
        This is the answer format of a ``taccount`` exercise.
        """
        if type(before) is not type(self):
            raise ValueError(f"只能和同一種帳戶比較：{self.NAME} 與 {before.NAME}。")
        out = {"assets": {}, "liabilities": {}}
        for side in ("assets", "liabilities"):
            now, then = getattr(self, side), getattr(before, side)
            for item in now:
                delta = now[item] - then[item]
                if abs(delta) > tol:
                    out[side][item] = delta
        if abs(self.capital - before.capital) > tol:
            out["liabilities"]["capital"] = self.capital - before.capital
        return out

    def to_frame(self):
        """The account as a table: side, item, 項目 (zh-TW label), amount_usd_bn; capital last."""
        import pandas as pd

        rows = [("assets", item, label(item), value) for item, value in self.assets.items()]
        rows += [("liabilities", item, label(item), value) for item, value in self.liabilities.items()]
        rows.append(("liabilities", "capital", label("capital"), self.capital))
        return pd.DataFrame(rows, columns=["side", "item", "項目", "amount_usd_bn"])


@dataclass(frozen=True)
class CentralBank(TAccount):
    """The Fed's T-account (USD bn). Introduced in 第 1 章."""

    ASSET_ITEMS: ClassVar[tuple] = ("treasuries", "mbs", "loans", "other_assets")
    LIABILITY_ITEMS: ClassVar[tuple] = ("currency", "reserves", "tga", "on_rrp", "other_liabilities")
    NAME: ClassVar[str] = "聯準會"


@dataclass(frozen=True)
class Bank(TAccount):
    """The banking system as one bank (USD bn). Introduced in 第 1 章."""

    ASSET_ITEMS: ClassVar[tuple] = ("reserves", "treasuries", "mbs", "loans", "other_assets")
    LIABILITY_ITEMS: ClassVar[tuple] = ("deposits", "other_liabilities")
    NAME: ClassVar[str] = "銀行體系"


@dataclass(frozen=True)
class Public(TAccount):
    """The non-bank public: households, firms, pension and money-market funds (USD bn). Introduced in 第 1 章."""

    ASSET_ITEMS: ClassVar[tuple] = ("deposits", "currency", "treasuries", "mbs", "on_rrp")
    LIABILITY_ITEMS: ClassVar[tuple] = ("loans",)
    NAME: ClassVar[str] = "非銀行大眾"


# Claims that must agree across accounts: (holder, its side, issuer, its side, item).
LINKS = (
    ("banks", "assets", "fed", "liabilities", "reserves"),
    ("public", "assets", "fed", "liabilities", "currency"),
    ("public", "assets", "fed", "liabilities", "on_rrp"),
    ("public", "assets", "banks", "liabilities", "deposits"),
)


@dataclass(frozen=True)
class System:
    """The Fed, the banking system and the non-bank public together (USD bn). Introduced in 第 1 章."""

    fed: CentralBank
    banks: Bank
    public: Public

    def accounts(self) -> dict:
        """``{"fed": …, "banks": …, "public": …}``."""
        return {"fed": self.fed, "banks": self.banks, "public": self.public}

    def problems(self, tol: float = TOLERANCE) -> list[str]:
        """Every broken identity, in zh-TW: an unbalanced account or a claim the two sides disagree on."""
        out = []
        for account in self.accounts().values():
            if not account.is_balanced(tol):
                out.append(f"{account.NAME}不平衡：資產比負債加資本多 {account.gap:,.3f}。")
        for holder, hside, issuer, iside, item in LINKS:
            a = getattr(getattr(self, holder), hside)[item]
            b = getattr(getattr(self, issuer), iside)[item]
            if abs(a - b) > tol * max(1.0, abs(a)):
                out.append(
                    f"「{label(item)}」對不起來：{getattr(self, holder).NAME}記 {a:,.1f}，"
                    f"{getattr(self, issuer).NAME}記 {b:,.1f}。"
                )
        return out

    def is_consistent(self, tol: float = TOLERANCE) -> bool:
        """True when every account balances and every cross-account claim agrees."""
        return not self.problems(tol)

    def changes(self, before: System) -> dict:
        """Per account, what changed since ``before`` (see :meth:`TAccount.changes`)."""
        return {name: acc.changes(getattr(before, name)) for name, acc in self.accounts().items()}

    def _with(self, **posts) -> System:
        new = {name: acc.post(**posts[name]) if name in posts else acc for name, acc in self.accounts().items()}
        return System(**new)


# ------------------------------------------------------------------------------------------- starting point
def simple_system() -> System:
    """An illustrative starting system in round numbers (USD bn) — 這是簡化的示意數字，不是實際資料.

    The Fed's side is of the order of early 2020; banks and the public are made up so that every account
    balances and holds enough securities for purchases of up to USD 3,000 bn. Introduced in 第 1 章.
    """
    fed = CentralBank(
        assets={"treasuries": 2500, "mbs": 1400, "loans": 0, "other_assets": 400},
        liabilities={"currency": 1800, "reserves": 1700, "tga": 400, "on_rrp": 0, "other_liabilities": 360},
        capital=40,
    )
    banks = Bank(
        assets={"reserves": 1700, "treasuries": 3000, "mbs": 3000, "loans": 10000, "other_assets": 1300},
        liabilities={"deposits": 17000, "other_liabilities": 400},
        capital=1600,
    )
    public = Public(
        assets={"deposits": 17000, "currency": 1800, "treasuries": 8000, "mbs": 4000, "on_rrp": 0},
        liabilities={"loans": 18400},
        capital=12400,
    )
    return System(fed, banks, public)


def central_bank_from_table(df) -> CentralBank:
    """Build a :class:`CentralBank` from a table with columns ``side``, ``item``, ``amount_usd_bn``
    (for example ``load("qe_fed_balance_sheet_2017")``); ``item == "capital"`` is the capital. Introduced in 第 1 章."""
    missing = {"side", "item", "amount_usd_bn"} - set(df.columns)
    if missing:
        raise ValueError(f"表格少了欄位：{'、'.join(sorted(missing))}。需要 side、item、amount_usd_bn。")
    assets, liabilities, capital = {}, {}, 0.0
    for side, item, amount in zip(df["side"], df["item"], df["amount_usd_bn"]):
        if item == "capital":
            capital += float(amount)
        elif side == "assets":
            assets[item] = assets.get(item, 0.0) + float(amount)
        elif side == "liabilities":
            liabilities[item] = liabilities.get(item, 0.0) + float(amount)
        else:
            raise ValueError(f"side 欄只能是 assets 或 liabilities，你給的是「{side}」。")
    return CentralBank(assets, liabilities, capital)


# ----------------------------------------------------------------------------------------------- operations
_SECURITIES = ("treasuries", "mbs")
_COUNTERPARTIES = ("bank", "public")


def _check_choice(value, options, what):
    if value not in options:
        raise ValueError(f"{what}只能是 {'、'.join(repr(o) for o in options)}，你給的是 {value!r}。")


def purchase(system: System, amount, asset: str = "treasuries", seller: str = "bank") -> System:
    """The Fed buys ``amount`` (USD bn) of ``asset`` (``"treasuries"`` or ``"mbs"``): QE.

    ``seller="bank"``: a bank (dealer) sells from its own portfolio and is paid in reserves.
    ``seller="public"``: a non-bank (say a pension fund) sells; its bank credits its deposit and receives
    the new reserves. Either way the Fed pays by crediting reserves: no banknotes are printed.
    Introduced in 第 1 章.
    """
    amount = _amount(amount, "購買金額")
    _check_choice(asset, _SECURITIES, "asset")
    _check_choice(seller, _COUNTERPARTIES, "seller")
    posts = {"fed": {"assets": {asset: amount}, "liabilities": {"reserves": amount}}}
    if seller == "bank":
        posts["banks"] = {"assets": {asset: -amount, "reserves": amount}}
    else:
        posts["public"] = {"assets": {asset: -amount, "deposits": amount}}
        posts["banks"] = {"assets": {"reserves": amount}, "liabilities": {"deposits": amount}}
    return system._with(**posts)


def sale(system: System, amount, asset: str = "treasuries", buyer: str = "bank") -> System:
    """The Fed sells ``amount`` (USD bn) of ``asset`` to a bank or to the non-bank public: the mirror image of
    :func:`purchase`; reserves are destroyed. Introduced in 第 1 章 (used for QT in 第 2 章)."""
    amount = _amount(amount, "出售金額")
    _check_choice(asset, _SECURITIES, "asset")
    _check_choice(buyer, _COUNTERPARTIES, "buyer")
    posts = {"fed": {"assets": {asset: -amount}, "liabilities": {"reserves": -amount}}}
    if buyer == "bank":
        posts["banks"] = {"assets": {asset: amount, "reserves": -amount}}
    else:
        posts["public"] = {"assets": {asset: amount, "deposits": -amount}}
        posts["banks"] = {"assets": {"reserves": -amount}, "liabilities": {"deposits": -amount}}
    return system._with(**posts)


def runoff(system: System, amount, asset: str = "treasuries") -> System:
    """``amount`` (USD bn) of the Fed's securities mature and are not replaced (QT by runoff).

    Treasuries: the Treasury repays the Fed from its TGA, so the Fed's Treasuries and the TGA fall together
    (reserves fall only when the Treasury refills the TGA, see :func:`tga_change`). MBS: homeowners'
    principal payments (their mortgages shrink) flow from their bank deposits through the banks to the Fed,
    so reserves fall.
    Introduced in 第 1 章 (used in 第 2 章).
    """
    amount = _amount(amount, "到期金額")
    _check_choice(asset, _SECURITIES, "asset")
    if asset == "treasuries":
        return system._with(fed={"assets": {"treasuries": -amount}, "liabilities": {"tga": -amount}})
    return system._with(
        fed={"assets": {"mbs": -amount}, "liabilities": {"reserves": -amount}},
        banks={"assets": {"reserves": -amount}, "liabilities": {"deposits": -amount}},
        public={"assets": {"deposits": -amount}, "liabilities": {"loans": -amount}},
    )


def tga_change(system: System, amount: float) -> System:
    """Move ``amount`` (USD bn) into the TGA (positive) or out of it (negative).

    Positive: the Treasury sells new securities to the non-bank public and keeps the cash at the Fed, so
    deposits and reserves fall and the TGA rises. Negative: the Treasury redeems securities held by the
    public and pays from the TGA, so reserves rise. Introduced in 第 1 章 (used in 第 2 章).
    """
    x = inputs.number(amount, "TGA 變動（十億美元）")
    return system._with(
        fed={"liabilities": {"tga": x, "reserves": -x}},
        banks={"assets": {"reserves": -x}, "liabilities": {"deposits": -x}},
        public={"assets": {"deposits": -x, "treasuries": x}},
    )


def rrp_change(system: System, amount: float) -> System:
    """Money-market funds move ``amount`` (USD bn) from bank deposits into the Fed's ON RRP (positive) or back
    (negative): reserves and ON RRP move in opposite directions. Introduced in 第 1 章 (used in 第 2 章)."""
    x = inputs.number(amount, "ON RRP 變動（十億美元）")
    return system._with(
        fed={"liabilities": {"on_rrp": x, "reserves": -x}},
        banks={"assets": {"reserves": -x}, "liabilities": {"deposits": -x}},
        public={"assets": {"deposits": -x, "on_rrp": x}},
    )


def cash_withdrawal(system: System, amount: float) -> System:
    """The public withdraws ``amount`` (USD bn) of banknotes (positive) or deposits them back (negative).

    This, not QE, is how banknotes get into circulation: the bank pays out cash it obtains from the Fed by
    giving up reserves, so currency rises and reserves fall by the same amount. Introduced in 第 1 章.
    """
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real) or not math.isfinite(amount):
        raise ValueError(f"提領金額必須是有限的數字（十億美元），你給的是 {amount!r}。")
    x = float(amount)
    return system._with(
        fed={"liabilities": {"currency": x, "reserves": -x}},
        banks={"assets": {"reserves": -x}, "liabilities": {"deposits": -x}},
        public={"assets": {"deposits": -x, "currency": x}},
    )


def bank_loan(system: System, amount) -> System:
    """Banks lend ``amount`` (USD bn) to the public: the loan creates a matching deposit and reserves do not
    change — banks do not "lend out" their reserves. Introduced in 第 1 章."""
    x = _amount(amount, "放款金額")
    return system._with(
        banks={"assets": {"loans": x}, "liabilities": {"deposits": x}},
        public={"assets": {"deposits": x}, "liabilities": {"loans": x}},
    )


OPERATIONS = {
    "purchase": purchase,
    "sale": sale,
    "runoff": runoff,
    "tga_change": tga_change,
    "rrp_change": rrp_change,
    "cash_withdrawal": cash_withdrawal,
    "bank_loan": bank_loan,
}


def t_table(changes: Mapping[str, Mapping[str, float]], unit: str = "十億美元"):
    """A T-account as a two-sided table for display: 資產 | 金額 on the left, 負債與資本 | 金額 on the right.

    ``changes`` is ``{"assets": {...}, "liabilities": {...}}`` (for example the output of
    :meth:`TAccount.changes`); amounts are shown with a sign. Introduced in 第 1 章.
    """
    import pandas as pd

    left = [(label(i), f"{v:+,.0f}") for i, v in changes.get("assets", {}).items()]
    right = [(label(i), f"{v:+,.0f}") for i, v in changes.get("liabilities", {}).items()]
    n = max(len(left), len(right), 1)
    left += [("", "")] * (n - len(left))
    right += [("", "")] * (n - len(right))
    columns = pd.MultiIndex.from_tuples(
        [("資產", "項目"), ("資產", f"變動（{unit}）"), ("負債與資本", "項目"), ("負債與資本", f"變動（{unit}）")]
    )
    return pd.DataFrame([(a, b, c, d) for (a, b), (c, d) in zip(left, right)], columns=columns)
