"""Exercises of 第 1 章 量化寬鬆的機制. Expected values come from the chapter's models and data tables."""

import pandas as pd

from helpers import balance_sheet as bs
from helpers import qe
from helpers.data import load
from helpers.marking import mis, percent_slip, sign_slip, unit_slips

# ------------------------------------------------------------------------------ values from the models
_start = bs.simple_system()
_fed_buys_from_bank = bs.purchase(_start, 100, "treasuries", "bank").changes(_start)["fed"]
_bank_when_fund_sells = bs.purchase(_start, 100, "mbs", "public").changes(_start)["banks"]

_decisions = load("qe_2020_decisions").set_index(["date", "central_bank"])
_min_march15 = float(_decisions.loc[(pd.Timestamp("2020-03-15"), "Fed"), "amount_usd_bn"])
_pepp = _decisions.xs("ECB", level="central_bank")["amount_eur_bn"].sort_index()
_pepp_increase = float(_pepp.iloc[-1] - _pepp.iloc[0])
_open_ended_date = str(_decisions[(_decisions["open_ended"] == 1)].xs("Fed", level="central_bank").index.min().date())

_g2020, _g2008 = qe.episode_growth("2020", 13), qe.episode_growth("2008", 13)
_per_week_2020 = _g2020["per_week_usd_bn"]
_speed_ratio = _g2020["increase_usd_bn"] / _g2008["increase_usd_bn"]

_range_500 = qe.yield_effect_range(500)
_cur = qe.currency_share_of_growth(2019, 2021)
_currency = _cur["share_pct"]

_EVENTS = {  # letter → (date, central bank) of a row of qe_2020_decisions; letters deliberately not in date order
    "A": ("2020-03-23", "Fed"),
    "B": ("2020-03-18", "ECB"),
    "C": ("2020-04-27", "BOJ"),
    "D": ("2020-03-15", "Fed"),
    "E": ("2020-06-04", "ECB"),
    "F": ("2020-03-16", "BOJ"),
}
for _date, _bank in _EVENTS.values():
    assert (pd.Timestamp(_date), _bank) in _decisions.index, (_date, _bank)
_order = [k for k, _ in sorted(_EVENTS.items(), key=lambda kv: kv[1])]
_by_bank = [k for k, _ in sorted(_EVENTS.items(), key=lambda kv: (kv[1][1] != "Fed", kv[1][1], kv[1][0]))]
_order_text = " → ".join(f"{k}（{_EVENTS[k][0][5:].replace('-', '/')}）" for k in _order)


# 1.14: a purchase from a pension fund, then a cash withdrawal (balance_sheet T-accounts).
_after_buy = bs.purchase(_start, 50, "mbs", "public")
_after_cash = bs.cash_withdrawal(_after_buy, 10)
_net_reserves = _after_cash.fed.liabilities["reserves"] - _start.fed.liabilities["reserves"]

# 1.15: how the simulator's range scales when the purchase doubles.
_w500 = qe.yield_effect_range(500)
_w1000 = qe.yield_effect_range(1000)
_width_ratio = round((_w1000.high - _w1000.low) / (_w500.high - _w500.low), 6)

# 1.16: a purchase from a bank and, the same day, a TGA build-up (the Treasury sells bonds to the public).
_qe_tga = bs.tga_change(bs.purchase(_start, 30, "treasuries", "bank"), 10)
_qe_tga_reserves = _qe_tga.fed.liabilities["reserves"] - _start.fed.liabilities["reserves"]

# 1.17: the course's normalisation of a published estimate (bp per USD 100 bn), checked on cases.
_per100_cases = [{"args": [91, 1750]}, {"args": [20, 300]}, {"args": [100, 4500]}, {"args": [0, 500]}]
for _case in _per100_cases:
    _case["expected"] = _case["args"][0] / _case["args"][1] * 100
_per100_no_scale = [c["args"][0] / c["args"][1] for c in _per100_cases]
_per100_inverted = [c["args"][1] / c["args"][0] * 100 if c["args"][0] else 0.0 for c in _per100_cases]

# 1.19: the Fed's 2023 loss (qe_central_bank_costs).
_costs = load("qe_central_bank_costs").set_index(["date", "bank", "item"])["value"]
_loss_2023 = float(_costs[(pd.Timestamp("2023-12-31"), "Fed", "operating_loss")])


EXERCISES = [
    {
        "id": "1.1",
        "role": "mechanism",
        "kind": "taccount",
        "expected": _fed_buys_from_bank,
        "hints": [
            "只看聯準會自己的 T 字帳：它多了什麼資產？它用什麼付款？",
            "聯準會把錢記進賣方銀行在聯準會的帳戶：那筆帳戶餘額叫「準備金」，是聯準會的負債。",
        ],
        "solution": "資產方：公債 +100；負債方：準備金 +100（十億美元）。聯準會用新創造的準備金付款，"
        '鈔票（通貨）不變。答案寫成 {"assets": {"treasuries": 100}, "liabilities": {"reserves": 100}}。',
        "misconceptions": [
            mis(
                {"assets": {"treasuries": 100}, "liabilities": {"currency": 100}},
                "聯準會付款不是印鈔票：它在賣方銀行的準備金帳戶記上一筆。負債方增加的是「準備金」，不是「通貨」。",
                "banknotes_printed",
            ),
            mis(
                {"assets": {"treasuries": -100}, "liabilities": {"reserves": -100}},
                "方向反了：兩邊都減少是賣出或到期不再投資，也就是 QT。QE 是買進，兩邊都增加。",
                "qe_qt_swap",
            ),
            mis(
                {"assets": {"treasuries": -100, "reserves": 100}},
                "這是賣方銀行的 T 字帳（公債換成準備金）。題目問的是聯準會自己的帳。",
                "wrong_account",
            ),
            mis(
                {"assets": {"treasuries": 0.1}, "liabilities": {"reserves": 0.1}},
                "單位錯了：題目的單位是十億美元，1,000 億美元是 100，不是 0.1。",
                "unit_slip",
            ),
        ],
        "praise": "準備金是銀行放在聯準會的存款：QE 創造的是它，不是鈔票。",
    },
    {
        "id": "1.2",
        "role": "mechanism",
        "kind": "taccount",
        "expected": _bank_when_fund_sells,
        "hints": [
            "賣方是退休基金，不是銀行：銀行自己的 MBS 沒有少。退休基金收到的錢存在哪裡？",
            "退休基金的存款增加（銀行的負債）；聯準會把同額準備金記給這家銀行（銀行的資產）。",
        ],
        "solution": "銀行：資產方準備金 +100，負債方存款 +100。退休基金把 MBS 換成存款；銀行只是轉手，"
        "多了一筆準備金、也多欠客戶一筆存款。",
        "misconceptions": [
            mis(
                {"assets": {"reserves": 100, "mbs": -100}},
                "這是銀行自己賣 MBS 的情形。本題賣方是退休基金：銀行的 MBS 不變，多的是客戶存款。",
                "bank_sold",
            ),
            mis(
                {"assets": {"mbs": 100}, "liabilities": {"reserves": 100}},
                "這是聯準會的 T 字帳。題目問的是退休基金往來的那家銀行。",
                "wrong_account",
            ),
            mis(
                {"assets": {"currency": 100}, "liabilities": {"deposits": 100}},
                "銀行收到的不是鈔票：聯準會記給銀行的是準備金（銀行在聯準會的存款）。",
                "banknotes_printed",
            ),
        ],
    },
    {
        "id": "1.3",
        "role": "claim",
        "kind": "truth",
        "expected": False,
        "hints": [
            "看聯準會付款的方式：它交給賣方的是什麼？",
            "鈔票只有在大眾從銀行提領現金時才會流出；QE 時增加的是準備金。",
        ],
        "solution": "錯。聯準會買債時把準備金記進銀行的帳戶，不印出對應的鈔票。流通中的通貨隨大眾對現金的需求變動，"
        "和 QE 的規模沒有一對一的關係。",
        "misconceptions": [
            mis(
                True,
                "常見的說法，但不正確：QE 增加的是銀行在聯準會的準備金，不是印出來交給賣方的鈔票。",
                "banknotes_printed",
            ),
        ],
    },
    {
        "id": "1.4",
        "role": "apply",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _min_march15,
        "rtol": 0.005,
        "hints": [
            '用 load("qe_2020_decisions") 找 2020-03-15 聯準會那一列；決定裡有兩個「至少」的數字。',
            "公債至少 5,000 億加上 MBS 至少 2,000 億。其他條件不變（通貨、TGA、ON RRP 都不動）時，準備金會增加同樣的金額（十億美元）。",
        ],
        "solution": "700（十億美元），也就是 7,000 億美元：公債 5,000 億加 MBS 2,000 億。每買一塊錢，準備金就多一塊錢。",
        "misconceptions": [
            mis(500, "只算了公債。那天也宣布了至少 2,000 億美元的 MBS，付款同樣是準備金。", "treasuries_only"),
            *unit_slips(_min_march15, unit_word="單位（題目要十億美元：7,000 億美元是 700）"),
        ],
    },
    {
        "id": "1.5",
        "role": "lookup",
        "kind": "date",
        "granularity": "day",
        "expected": _open_ended_date,
        "hints": [
            "3 月有兩次 FOMC 決定：第一次宣布了數字，第二次不再寫數字。",
            "在 qe_2020_decisions 找聯準會 open_ended 等於 1 的第一列。",
        ],
        "solution": "2020-03-23。那天的聲明改為「視需要的數量」（in the amounts needed）購買公債與 MBS，不再設總額。",
        "misconceptions": [
            mis(
                "2020-03-15",
                "3 月 15 日宣布的是「至少 7,000 億美元」，仍是一個數字。改成不設總額是 8 天後。",
                "first_decision",
            ),
            mis("2020-06-10", "6 月 10 日是改成「至少維持目前步調」，不設總額在 3 月就開始了。", "june_pace"),
        ],
    },
    {
        "id": "1.6",
        "role": "lookup",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _per_week_2020,
        "rtol": 0.01,
        "hints": [
            '用 qe.episode_growth("2020", 13)，或自己從 load("qe_h41_weekly") 拿第 0 週與第 13 週的總資產。',
            "增加的金額除以 13 週，單位是十億美元／週。",
        ],
        "solution": f"約 {_per_week_2020:.0f}（十億美元／週）：{_g2020['start'].date()} 到 {_g2020['end'].date()} "
        f"總資產從 {_g2020['start_usd_bn']:,.0f} 增加到 {_g2020['end_usd_bn']:,.0f}，"
        f"差 {_g2020['increase_usd_bn']:,.0f}，除以 13 週。",
        "misconceptions": [
            mis(_g2008["per_week_usd_bn"], "這是 2008 年那一段的速度。題目問的是 2020 年。", "wrong_episode"),
            mis(_g2020["increase_usd_bn"] / 3, "你除的是 3 個月；題目要的是每週平均，請除以 13 週。", "per_month"),
            *unit_slips(_per_week_2020, unit_word="單位（H.4.1 表的單位已經是十億美元）"),
        ],
    },
    {
        "id": "1.7",
        "role": "apply",
        "kind": "number",
        "expected": _speed_ratio,
        "rtol": 0.01,
        "hints": [
            "分別算 2020 年與 2008 年前 13 週的增加金額（十億美元），再相除。",
            "分子是 2020 年的增加金額，分母是 2008 年的。",
        ],
        "solution": f"約 {_speed_ratio:.2f} 倍：2020 年增加 {_g2020['increase_usd_bn']:,.0f}、2008 年增加 "
        f"{_g2008['increase_usd_bn']:,.0f}（十億美元）。但若以起點規模的百分比計，2008 年"
        f"（+{_g2008['increase_pct']:.0f}%）反而比 2020 年（+{_g2020['increase_pct']:.0f}%）快。",
        "misconceptions": [
            mis(
                1 / _speed_ratio,
                "比值小於 1：可能是分子分母顛倒，或比的是百分比成長率。題目問的是金額的倍數。",
                "inverted_or_percent",
            ),
        ],
    },
    {
        "id": "1.8",
        "role": "apply",
        "kind": "number",
        "unit": "bp",
        "expected": _range_500.low,
        "tol": 0.5,
        "hints": [
            "把模擬器的購買金額拉到 500、公債比重 70%，看下方文字的殖利率區間。",
            "區間有兩端；下降最多的一端寫成負數。程式上就是 qe.yield_effect_range(500).low。",
        ],
        "solution": f"約 {_range_500.low:.0f} 基點。六項估計換算成每 1,000 億美元 {-_range_500.high / 5:.1f} 到 "
        f"{-_range_500.low / 5:.1f} 基點，乘以 5；公債比重不影響這個簡化模型。",
        "misconceptions": [
            sign_slip(_range_500.low, "大小對了，但殖利率是下降：變動要寫成負數。"),
            mis(_range_500.high, "這是下降最少的一端。題目問下降最多的一端。", "other_end"),
            mis(_range_500.low / 100, "看起來你寫成了百分點（1 個百分點 = 100 基點）。請用基點回答。", "percent_vs_bp"),
        ],
    },
    {
        "id": "1.9",
        "role": "lookup",
        "kind": "multi",
        "options": {
            "A": "美國公債（聯準會）",
            "B": "機構房貸抵押證券 MBS（聯準會）",
            "C": "投資等級公司債（歐洲央行、日本央行）",
            "D": "股票 ETF（日本央行）",
            "E": "個別公司的股票（聯準會）",
            "F": "比特幣（任一主要央行）",
        },
        "expected": ["A", "B", "C", "D"],
        "hints": [
            "想想本章「買什麼」那一節的表：每一種資產是哪一家央行、哪一年開始買的？",
            "歐洲央行 2016 年起買公司債；日本央行 2010 年起買 ETF 與公司債。",
        ],
        "solution": "A、B、C、D。聯準會在 QE 中只買公債與機構 MBS；歐洲央行 2016 年起買公司債（CSPP）；"
        "日本央行 2010 年起買公司債與股票 ETF。沒有主要央行以 QE 直接買個股或比特幣。",
        "misconceptions": [
            mis(
                ["A", "B", "C", "D", "E"],
                "聯準會沒有在 QE 中買個別公司的股票；股票 ETF 是日本央行的做法。",
                "fed_buys_stocks",
            ),
            mis(
                ["A", "B"],
                "只選了聯準會買的。題目問的是各主要央行：歐洲央行與日本央行還買了公司債與股票 ETF。",
                "fed_only",
            ),
        ],
    },
    {
        "id": "1.10",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "資產組合再平衡：賣債的人改買其他資產",
            "B": "流動性／銀行放款：準備金增加，銀行多放款",
            "C": "利率：壓低長期殖利率",
            "D": "匯率：本國貨幣走弱",
            "E": "信心／訊號：市場相信利率會長期維持低檔",
        },
        "expected": "B",
        "hints": [
            "哪一條管道的最後一步是「有人借錢」？",
            "準備金本身不會流到銀行體系外；銀行得願意放款，企業與家庭也得願意借。",
        ],
        "solution": "B。準備金增加不等於放款增加：銀行放款要看借款需求、風險與資本規定。"
        "需求疲弱時，錢停在金融體系內，這條管道幾乎不通。",
        "misconceptions": [
            mis("A", "資產組合再平衡只需要賣方改買其他資產，不需要銀行放款。", "portfolio"),
            mis("C", "利率管道靠的是債券價格與殖利率，買債當下就起作用，不需要銀行多放款。", "rates"),
        ],
    },
    {
        "id": "1.11",
        "role": "lookup",
        "kind": "order",
        "options": {
            "A": "聯準會：改為「視需要的數量」購買",
            "B": "歐洲央行：推出 7,500 億歐元的 PEPP",
            "C": "日本央行：公債購買改為不設上限",
            "D": "聯準會：至少 7,000 億美元購債，利率降到 0–0.25%",
            "E": "歐洲央行：PEPP 增加到 1 兆 3,500 億歐元",
            "F": "日本央行：ETF 年增上限加倍到約 12 兆日圓",
        },
        "expected": _order,
        "hints": [
            "在 qe_2020_decisions 找出每一項的日期。",
            "三家央行的決定交錯出現：先別把同一家央行的排在一起。",
        ],
        "solution": f"{_order_text}。三家央行在一週內相繼出手，之後再逐步加碼。",
        "misconceptions": [
            mis(_by_bank, "你把同一家央行的決定排在一起了；題目要的是全部依日期排序。", "grouped_by_bank"),
        ],
    },
    {
        "id": "1.12",
        "role": "apply",
        "kind": "number",
        "expected": _pepp_increase,
        "rtol": 0.005,
        "hints": [
            '用 load("qe_2020_decisions") 找歐洲央行三列的 amount_eur_bn。',
            "最後的額度減去最初的 7,500 億歐元；單位是十億歐元，只寫數字。",
        ],
        "solution": f"{_pepp_increase:,.0f}（十億歐元）：PEPP 額度從 {_pepp.iloc[0]:,.0f} 加到 {_pepp.iloc[-1]:,.0f}"
        "（6 月加 6,000 億、12 月再加 5,000 億歐元）。",
        "misconceptions": [
            mis(1850, "1,850 是 12 月之後的總額度。題目問的是 2020 年內增加了多少。", "total_not_increase"),
            mis(600, "只算了 6 月那一次；12 月又增加了 5,000 億歐元。", "june_only"),
            *unit_slips(_pepp_increase, unit_word="單位（十億歐元：1 兆 1,000 億歐元是 1,100）"),
        ],
    },
    {
        "id": "1.13",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _currency,
        "tol": 0.2,
        "hints": [
            '流通中的通貨：load("qe_currency_year_end")；總資產：load("qe_h41_weekly") 裡 2019 與 2021 年底那兩列。',
            "通貨增加的金額 ÷ 總資產增加的金額 × 100。也可以直接用 qe.currency_share_of_growth(2019, 2021)。",
        ],
        "solution": f"約 {_currency:.1f}%：通貨增加約 {_cur['currency_increase_usd_bn']:,.0f}、總資產增加約 "
        f"{_cur['assets_increase_usd_bn']:,.0f}（十億美元）。"
        "新增的資產絕大部分對應的是準備金、TGA 與逆回購，而不是鈔票。",
        "misconceptions": [
            percent_slip(_currency),
            mis(100 - _currency, "你算的是「不是通貨」的部分。題目問通貨佔多少。", "complement"),
            mis(100, "這正是「QE 就是印鈔票」的想法；資料顯示新增鈔票只佔一小部分。", "banknotes_printed"),
        ],
    },
    {
        "id": "1.14",
        "role": "predict",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _net_reserves,
        "tol": 0.01,
        "hints": [
            "先想兩步：聯準會向退休基金買 MBS，準備金增加多少？退休基金提領現金時，銀行要向聯準會換鈔票，付出的是什麼？",
            '驗證：bs.cash_withdrawal(bs.purchase(start, 50, "mbs", "public"), 10)，再比較聯準會的準備金。',
        ],
        "solution": f"{_net_reserves:g}（十億美元）。買進 500 億美元 MBS 讓準備金增加 500 億；退休基金提領 100 億美元現金，"
        "銀行用準備金向聯準會換鈔票，準備金減少 100 億、通貨增加 100 億。淨增加 400 億。",
        "misconceptions": [
            mis(50, "只算了購買那一步。提領現金時，銀行付給聯準會的是準備金，所以準備金會減少。", "forgot_cash"),
            mis(60, "方向反了：提領現金讓準備金「減少」，通貨增加。", "cash_adds_reserves"),
            mis(40 * 10, "你寫的像是「億美元」：400 億美元在本題的單位（十億美元）是 40。", "yi_vs_bn"),
        ],
    },
    {
        "id": "1.15",
        "role": "predict",
        "kind": "choice",
        "options": {
            "A": "寬度不變",
            "B": "寬度變成兩倍",
            "C": "寬度變成一半",
            "D": "寬度變成四倍",
        },
        "expected": {1.0: "A", 2.0: "B", 0.5: "C", 4.0: "D"}[_width_ratio],
        "hints": [
            "模擬器把每項研究的「每 1,000 億美元效果」乘上購買金額。",
            "驗證：比較 qe.yield_effect_range(500) 和 qe.yield_effect_range(1000) 的 high − low。",
        ],
        "solution": "B。模型把每項估計等比例放大，區間的兩端都跟著加倍，寬度也加倍。這也說明：規模越大，"
        "研究之間的分歧（以基點計）越大，單一數字越沒有意義。",
        "misconceptions": [
            mis("A", "區間的兩端都隨金額等比例放大，寬度不會不變。", "width_fixed"),
            mis("D", "模型是線性的（等比例），金額加倍，寬度只加倍。", "quadratic"),
        ],
    },
    {
        "id": "1.16",
        "role": "predict",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _qe_tga_reserves,
        "tol": 0.01,
        "hints": [
            "兩件事分開想：聯準會向銀行買公債，準備金怎麼變？財政部向大眾賣債、把錢存進 TGA，準備金怎麼變？",
            '驗證：bs.tga_change(bs.purchase(start, 30, "treasuries", "bank"), 10)，比較聯準會的準備金。',
        ],
        "solution": f"{_qe_tga_reserves:g}（十億美元）。買債讓準備金增加 300 億；大眾用銀行存款買財政部的新債，"
        "錢從銀行體系搬進 TGA，準備金減少 100 億。淨增加 200 億美元：QE 創造的準備金，"
        "有一部分會被 TGA 之類的其他負債「吸走」。",
        "misconceptions": [
            mis(30, "只算了購買。財政部把錢存進 TGA 時，錢離開銀行體系，準備金會減少。", "forgot_tga"),
            mis(40, "TGA 增加時準備金是「減少」，不是增加：兩者在聯準會的負債方此消彼長。", "tga_adds_reserves"),
            mis(200, "你寫的像是「億美元」：200 億美元在本題的單位（十億美元）是 20。", "yi_vs_bn"),
        ],
    },
    {
        "id": "1.17",
        "role": "code",
        "kind": "function",
        "cases": _per100_cases,
        "expected": None,
        "tol": 1e-6,
        "hints": [
            "課程的換算：研究報告的殖利率下降（基點）÷ 計畫規模（十億美元）× 100。",
            "def per100(fall_bp, programme_usd_bn):\n    return fall_bp / programme_usd_bn * ...",
        ],
        "solution": "def per100(fall_bp, programme_usd_bn):\n    return fall_bp / programme_usd_bn * 100\n"
        "例如 Gagnon 等（事件研究）：91 ÷ 1,750 × 100 ≈ 5.2 個基點／每 1,000 億美元。",
        "misconceptions": [
            mis(
                _per100_no_scale, "少乘了 100：規模的單位是十億美元，「每 1,000 億美元」是 100 個十億美元。", "no_scale"
            ),
            mis(_per100_inverted, "分子分母顛倒了：是殖利率變動除以規模，不是規模除以殖利率變動。", "inverted"),
        ],
    },
    {
        "id": "1.18",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "商業銀行把自己承作的房貸打包發行",
            "B": "房利美、房地美與吉利美保證發行",
            "C": "聯準會自己發行",
            "D": "美國財政部發行",
        },
        "expected": "B",
        "hints": [
            "聯準會買的是「機構」MBS。這裡的「機構」指的是誰？",
            "看第 5 節的查核事實框與 H.4.1 對 MBS 的附註。",
        ],
        "solution": "B。聯準會 QE 買的是機構 MBS，由房利美、房地美（政府支持機構）與吉利美（政府機構）保證。"
        "銀行承作房貸，但聯準會不買銀行自己打包、沒有機構保證的 MBS。",
        "misconceptions": [
            mis(
                "A",
                "這是那段談話的說法。銀行承作房貸，但聯準會買的 MBS 由政府支持機構或政府機構保證，"
                "銀行自己打包的非機構 MBS 聯準會不買。",
                "seed_banks_issue",
            ),
            mis("D", "財政部發行的是公債（Treasury securities），不是 MBS。", "treasury_issues"),
        ],
    },
    {
        "id": "1.19",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "升息後，付給準備金與逆回購的利息大增，但持有債券的利息收入是固定的",
            "B": "聯準會持有的公債與 MBS 大量違約",
            "C": "印製鈔票的成本大增",
            "D": "QT 讓聯準會必須用低價賣掉持有的債券",
        },
        "expected": "A",
        "hints": [
            "聯準會的負債（準備金、ON RRP）付的利率跟著政策利率走；資產（長天期債券）的利率在買進時就固定了。",
            "2022–2023 年政策利率從接近零升到 5% 以上。聯準會有沒有賣債？（第 2 章：被動縮表）",
        ],
        "solution": f"A。2023 年聯準會支出超過收入約 {_loss_2023:,.0f} 十億美元，主因是付給準備金與逆回購的利息隨升息暴增，"
        "而 QE 期間買進的低利率債券收入固定。聯準會沒有賣債（QT 是到期不再投資），債券也沒有違約。",
        "misconceptions": [
            mis("B", "公債由美國政府發行，機構 MBS 由機構保證：虧損不是來自違約，而是利率風險。", "default"),
            mis("D", "聯準會的 QT 是到期不再投資，沒有主動賣債；賣債實現損失的是英格蘭銀行。", "fed_sold"),
        ],
    },
]
