"""Exercises of 第 0 章 課程導讀: two samples that show how checking works."""

from helpers.data import load
from helpers.marking import mis, unit_slips

_peak = float(load("fed_balance_sheet_milestones").set_index("date").loc["2022-04-13", "total_assets_usd_bn"])

EXERCISES = [
    {
        "id": "0.1",
        "role": "lookup",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _peak,
        "rtol": 0.01,
        "hints": [
            '用 load("fed_balance_sheet_milestones") 讀資料，找 event 欄寫著「歷史最高點」的那一列。',
            "資料的單位是十億美元（USD bn），答案直接用 total_assets_usd_bn 欄的數字，不必換算。",
        ],
        "solution": "2022-04-13 聯準會總資產約 8,965 十億美元，也就是約 8.97 兆美元（H.4.1）。"
        '程式：df = load("fed_balance_sheet_milestones"); '
        'df.loc[df.event == "歷史最高點", "total_assets_usd_bn"].item()',
        "misconceptions": unit_slips(_peak, unit_word="資料的單位（total_assets_usd_bn 是十億美元）"),
        "praise": "資料表的欄名把單位寫在裡面（usd_bn），是避免單位錯誤的好習慣。",
    },
    {
        "id": "0.2",
        "role": "mechanism",
        "kind": "direction",
        "expected": "上升",
        "hints": [
            "QE 時央行在市場上「買進」債券。買進的東西記在資產負債表的哪一邊？",
            "買進資產 → 資產增加；付款用的是新創造的準備金 → 負債同額增加。",
        ],
        "solution": "上升。央行買進公債與 MBS，資產方增加；它付給銀行的準備金記在負債方，同額增加。",
        "misconceptions": [
            mis("下降", "方向反了：資產負債表縮小的是 QT（縮表）。QE 是買進資產，資產負債表會擴大。", "qe_qt_swap"),
        ],
    },
]
