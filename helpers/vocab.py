"""The course's vocabulary: balance-sheet items and sides, the Fed's programme kinds, investors' policy regimes,
each with its zh-TW label and the aliases a learner may type (introduced in 第 0 章 課程導讀).

Words only: colours live in ``helpers.style``. Every module that names an item, a kind or a regime reads it here,
so a chart legend, a T-account and an exercise's feedback say the same thing.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------- balance sheets
ITEM_LABELS = {
    "treasuries": "公債",
    "mbs": "MBS",
    "loans": "放款",
    "securities": "證券",
    "reserves": "準備金",
    "deposits": "存款",
    "currency": "通貨（現金）",
    "tga": "財政部帳戶 TGA",
    "on_rrp": "隔夜逆回購 ON RRP",
    "capital": "資本",
    "cash": "現金",
    "bonds": "債券",
    "equity": "股東權益",
    "other_assets": "其他資產",
    "other_liabilities": "其他負債",
    "fx_reserves": "外匯存底",
    "aggregate_balance": "總結餘",
    "exchange_fund_bills": "外匯基金票據",
    "hkd": "港幣",
    "usd": "美元",
}
ITEM_ALIASES = {v: k for k, v in ITEM_LABELS.items()} | {
    "國債": "treasuries",
    "美國公債": "treasuries",
    "公債": "treasuries",
    "準備金": "reserves",
    "存款": "deposits",
    "現金": "cash",
    "通貨": "currency",
    "財政部帳戶": "tga",
    "tga": "tga",
    "逆回購": "on_rrp",
    "rrp": "on_rrp",
    "mbs": "mbs",
    "放款": "loans",
    "貸款": "loans",
    "資本": "capital",
    "股東權益": "equity",
    "總結餘": "aggregate_balance",
}
SIDE_ALIASES = {
    "assets": "assets",
    "asset": "assets",
    "資產": "assets",
    "資產方": "assets",
    "liabilities": "liabilities",
    "liability": "liabilities",
    "負債": "liabilities",
    "負債方": "liabilities",
    "負債與資本": "liabilities",
}
SIDE_LABELS = {"assets": "資產方", "liabilities": "負債方"}


def item_label(item: str) -> str:
    """The zh-TW label of a balance-sheet item name (the name itself when it has none)."""
    return ITEM_LABELS.get(item, item)


def norm_item(name) -> str:
    """The canonical item name for what a learner typed: ``"準備金"``, ``"Reserves"`` → ``"reserves"``."""
    key = str(name).strip()
    return ITEM_ALIASES.get(key, ITEM_ALIASES.get(key.lower(), key.lower()))


def norm_side(name):
    """``"assets"`` / ``"liabilities"`` for a side a learner typed (資產, 負債方 …); None when unknown."""
    key = str(name).strip()
    return SIDE_ALIASES.get(key.lower(), SIDE_ALIASES.get(key))


# -------------------------------------------------------------------------------------- Fed programmes
# The `kind` column of the fed_programs dataset.
PROGRAMME_KINDS = ("QE", "taper", "twist", "QT", "reserve_management")
PROGRAMME_KIND_LABELS = {
    "QE": "量化寬鬆 QE",
    "taper": "縮減購債 taper",
    "twist": "扭轉操作 twist",
    "QT": "量化緊縮 QT",
    "reserve_management": "準備金管理購債",
}

# ----------------------------------------------------------------------------------- investors' regimes
# What an investor reads off the programmes (第 6 章): Operation Twist lowered long-term yields without enlarging
# the balance sheet, so it counts as easing; reserve-management bill purchases follow QT.
INVESTOR_REGIMES = ("QE", "taper", "QT", "post_QT", "none")
INVESTOR_REGIME_LABELS = {
    "QE": "量化寬鬆 QE",
    "taper": "縮減購債",
    "QT": "量化緊縮 QT",
    "post_QT": "後 QT",
    "none": "無購債或縮表",
}
KIND_TO_REGIME = {"QE": "QE", "twist": "QE", "taper": "taper", "QT": "QT", "reserve_management": "post_QT"}
