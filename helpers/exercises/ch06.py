"""Exercises of 第 6 章 投資人策略：QE、QT 與後 QT 時代.

Expected values that follow from the model or the data are computed here from ``helpers.portfolio``.
"""

import pandas as pd

from helpers import portfolio as pf
from helpers.data import fred, load
from helpers.marking import mis, percent_slip, sign_slip

# 6.3: the regime on 2022-05-20 as known (from announcements) and as in force (from start dates).
_REGIME_OPTIONS = {"A": "量化寬鬆 QE", "B": "縮減購債", "C": "量化緊縮 QT", "D": "後 QT", "E": "無購債或縮表"}
_LETTER = dict(zip(pf.REGIMES, "ABCDE"))
_ASKED = "2021-11-10"
_known = _LETTER[pf.known_regime(_ASKED)]
_in_force = _LETTER[pf.regime_in_force(_ASKED)]
_programs = load("fed_programs").set_index("name")
_qt2 = _programs.loc["QT2"]
_taper = _programs.loc["2021 taper"]

# 6.4: a small wealth path.
_PATH = [100, 120, 90, 110, 80, 130]
_mdd = 100 * pf.max_drawdown(_PATH)

# 6.5: volatility drag with leverage.
_growth = pf.geometric_growth(8, 20, leverage=2, borrow_pct=3)

# 6.6: the widget question.
_best = pf.best_leverage(equity=100, path="cycle")
_LEV_TOL = 0.25

# 6.7: buy now or wait for a 10 % dip, QT for three years.
_dip = pf.dip_buying("qt3", 10.0)["wait_wins_pct"]

# 6.8 and 6.9: currency.
_twd = pf.local_currency_return(5.0, 32.0, 30.0)
_HKD_BUY = 7.80  # 6.9: bought US dollars at the linked rate, converts back anywhere in the band
_hkd_worst = pf.local_currency_return(0.0, _HKD_BUY, pf.HKD_BAND[0])
_hkd_band_worst, _hkd_best = pf.peg_fx_range_pct()

# 6.10: QT2 lasted from its first to its last day of runoff.
_qt2_months = (_qt2["end"].year - _qt2["start"].year) * 12 + _qt2["end"].month - _qt2["start"].month + 1
_end_assets = float(load("fed_balance_sheet_milestones").set_index("date").loc["2025-11-26", "total_assets_usd_bn"])


# 6.12: a no-peeking strategy the learner writes (weights on each decision date).
_DEFENSIVE = {"short_bonds": 1.0}
_SIXTY_FORTY = {"equity_broad": 0.6, "long_bonds": 0.4}
_STRATEGY_DATES = ["2021-11-03", "2021-11-04", "2022-05-04", "2022-05-05", "2020-06-01", "2023-01-02"]


def _rule(regime):
    return dict(_DEFENSIVE) if regime in ("taper", "QT") else dict(_SIXTY_FORTY)


_strategy_expected = [_rule(pf.known_regime(d)) for d in _STRATEGY_DATES]
_strategy_in_force = [_rule(pf.regime_in_force(d)) for d in _STRATEGY_DATES]
# what a strategy that also used statements published on the decision day itself would hold
_strategy_same_day = [
    _rule(pf.known_regime(str((pd.Timestamp(d) + pd.Timedelta(days=1)).date()))) for d in _STRATEGY_DATES
]

# 6.13: forced sales with 3x leverage on equities over three years of QT.
_mc = pf.simulate_paths({"equity_broad": 1.0}, "qt3", leverage=3, seed=1).summary()["margin_call_pct"]
_MC_OPTIONS = {"A": "0%：不借錢到 3 倍也不會被斷頭", "B": "大於 0、小於 5%", "C": "5% 到 50% 之間", "D": "超過 50%"}
_mc_letter = "A" if _mc == 0 else "B" if _mc < 5 else "C" if _mc <= 50 else "D"

# 6.14: hedged return when Taiwan's market rate is 1 point higher (all else equal).
_h = pf.market_hedge_rates()
_dhedge = pf.hedged_return(5, _h["us_pct"], _h["tw_pct"] + 1) - pf.hedged_return(5, _h["us_pct"], _h["tw_pct"])

# 6.15: the 2-year yield six months after the 2019-07-31 easing turn (month-end values).
_dgs2 = fred("DGS2").dropna().resample("ME").last()
_dgs2_move = pf.event_window(_dgs2, "2019-07-31", 6)


def _far(answer, expected, tol):
    return abs(answer - expected) > tol


EXERCISES = [
    {
        "id": "6.1",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "成長股的獲利大多在遙遠的未來，折現率上升時，這些遠期現金流的現值降得最多",
            "B": "成長股發放的股利比較多，升息時股利會被課更多稅",
            "C": "聯準會在 QT 時會直接賣出成長股",
            "D": "成長股的公司一定負債比較多",
        },
        "expected": "A",
        "hints": [
            "想一想「折現」：明年的 100 元和 20 年後的 100 元，哪一筆的現值對利率比較敏感？",
            "成長股的價值大多來自多年以後的獲利，就像一張存續期間很長的債券。",
        ],
        "solution": "A。股價可以看成未來現金流的現值。現金流越遠，折現率上升時現值下降得越多，"
        "所以獲利集中在遠期的成長股，對利率的敏感度像長天期債券。這是機制，不保證每次 QT 成長股都輸。",
        "misconceptions": [
            mis(
                "C",
                "聯準會的 QT 是讓持有的公債與 MBS 到期不再投資，它不持有、也不賣出股票。"
                "股票受影響是透過利率與流動性，不是被央行賣出。",
                "fed_sells_stocks",
            ),
            mis(
                "B",
                "成長股通常配息很少，甚至不配息；它對利率敏感，正是因為價值集中在遠期而不是眼前的股利。",
                "dividends",
            ),
        ],
    },
    {
        "id": "6.2",
        "role": "mechanism",
        "kind": "direction",
        "expected": {"折現率": "上升", "銀行準備金": "下降", "風險偏好": "下降"},
        "hints": [
            "QT 是讓資產負債表縮小：央行到期不再投資，市場上要吸收更多公債。",
            "公債的買家要用存款付款，準備金就減少；債券供給增加、殖利率上升，折現率也跟著上升。",
        ],
        "solution": "在本章的簡化模型裡，QT 期間：折現率上升（長期殖利率的期限溢酬上升）、銀行準備金下降（流動性減少）、"
        "風險偏好下降（無風險資產的報酬變高，持有高波動資產的誘因變小）。QE 則三者方向相反。"
        "這是方向上的推論，實際幅度會被升降息、財政部發債與景氣蓋過。",
        "misconceptions": [
            mis(
                {"折現率": "下降", "銀行準備金": "上升", "風險偏好": "上升"},
                "三個方向都反了：這是 QE（買進資產、創造準備金）的情形。QT 正好相反。",
                "qe_qt_swap",
            ),
        ],
    },
    {
        "id": "6.3",
        "role": "apply",
        "kind": "choice",
        "options": _REGIME_OPTIONS,
        "expected": _known,
        "hints": [
            "回測的規則：只能用決定日「之前」公布的資訊。FOMC 宣布了，投資人就知道了，不必等到開始執行那天。",
            f"查 fed_programs：2021 年的縮減購債在 {_taper['announced'].date()} 宣布，{_taper['start'].date()} 才開始。"
            f"{_ASKED} 落在兩者之間。",
        ],
        "solution": f"{_known}（{_REGIME_OPTIONS[_known]}）。縮減購債已在 {_taper['announced'].date()} 由 FOMC 宣布，"
        f'所以 {_ASKED} 的投資人已經知道購債要開始減少；portfolio.known_regime("{_ASKED}") 也會得到 taper。'
        f"若用開始執行日 {_taper['start'].date()} 來貼標籤，這一天還算「{_REGIME_OPTIONS[_in_force]}」，"
        "那描述的是央行在做什麼，不是投資人知道什麼。",
        "misconceptions": [
            mis(
                _in_force,
                "這是依「開始執行日」貼的標籤（portfolio.regime_in_force）。但 FOMC 已經宣布了縮減購債，"
                "投資人在決定日之前就知道；回測要用「宣布日」。",
                "start_not_announced",
            ),
            mis("C", "QT2 要到 2022 年 5 月才宣布；2021 年 11 月的投資人還不知道。", "future_regime"),
        ],
    },
    {
        "id": "6.4",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _mdd,
        "tol": 0.1,
        "hints": [
            "最大回撤是「從之前的最高點」跌下來的最大幅度，不是從起點算。",
            "先找出每一天之前的最高點（running peak），再算 財富 / 最高點 − 1，取最小的那個，乘以 100。",
        ],
        "solution": f"{_mdd:.2f}%。財富路徑 {_PATH} 的最高點先到 120，之後最低跌到 80："
        "80 / 120 − 1 ≈ −33.3%。程式：100 * portfolio.max_drawdown([100, 120, 90, 110, 80, 130])。"
        "回撤依定義是負數（或 0）。",
        "misconceptions": [
            sign_slip(_mdd, "大小對了，但回撤是下跌，依本課程的定義寫成負數（例如 −33.3）。"),
            mis((80 / 100 - 1) * 100, "你是從起點 100 算的。回撤要從「之前的最高點」120 算起。", "from_start"),
            mis(
                (90 / 120 - 1) * 100,
                "這只是第一次下跌；後面從 120 跌到 80 更深，最大回撤要取最深的那一次。",
                "first_dip",
            ),
            percent_slip(_mdd),
        ],
    },
    {
        "id": "6.5",
        "role": "lookup",
        "kind": "number",
        "unit": "pct",
        "expected": _growth,
        "tol": 0.05,
        "hints": [
            "長期複利成長率 ≈ 算術平均報酬 − ½ × 波動²（波動拖累）。槓桿會把平均報酬放大 L 倍，把波動也放大 L 倍。",
            "L·μ − (L − 1)·借款利率 − ½·(L·σ)²：2×8 − 1×3 − ½×(2×20)²/100。也可以用 portfolio.geometric_growth(8, 20, 2, 3)。",
        ],
        "solution": f"{_growth:.1f}%。2 倍槓桿的平均報酬是 2×8 − 3 = 13%，但波動變成 40%，"
        "拖累是 ½×40² / 100 = 8 個百分點，所以長期成長率約 5%，反而比不借錢（8 − 2 = 6%）還低。"
        "這是近似公式，假設報酬接近常態、每月再平衡。",
        "misconceptions": [
            mis(
                2 * 8 - 3,
                "你算的是算術平均報酬。長期的複利成長要扣掉波動拖累 ½σ²，而槓桿讓 σ 變成 2 倍、拖累變成 4 倍。",
                "no_drag",
            ),
            mis(
                2 * 8 - 3 - 0.5 * 20**2 / 100,
                "拖累也要用槓桿後的波動（2×20 = 40%）計算：½×40²/100 = 8，不是 2。",
                "unlevered_drag",
            ),
            mis(8 - 0.5 * 20**2 / 100, "這是不借錢時的成長率。題目問的是 2 倍槓桿。", "no_leverage"),
            percent_slip(_growth),
        ],
    },
    {
        "id": "6.6",
        "role": "predict",
        "kind": "number",
        "expected": _best,
        "tol": _LEV_TOL,
        "hints": [
            "先寫下你的預測再動滑桿。把「股票」拉到 100、其他四個拉到 0，情境選「QE 2 年 → 縮減購債半年 → … → 後 QT 2 年」，"
            "然後一格一格調高槓桿，看摘要裡的「期末財富中位數」。",
            "中位數先升後降：槓桿放大報酬，也放大波動拖累（和 L² 成正比）。找轉折的那一格。",
        ],
        "solution": f"約 {_best:.2f} 倍（答案允許差一格 0.25）。在這組假設下，槓桿超過這個點後，"
        "波動拖累增加得比多賺的報酬快，期末財富中位數開始下降；到了 3 倍，被追繳斷頭的路徑也出現了。"
        '程式：portfolio.best_leverage(equity=100, path="cycle")，和小工具用的是同一個模擬。'
        "換一組假設，答案就會變；它不是對真實市場的建議。",
        "misconceptions": [
            m
            for m in [
                mis(
                    max(pf.LEVERAGE_GRID),
                    "槓桿不是越大越好：波動拖累和槓桿的平方成正比，在 3 倍時中位數已經往下掉了。再往回調幾格看看。",
                    "more_is_better",
                ),
                mis(
                    1.0,
                    "在這個情境裡，適度借錢會讓中位數上升（股票的假設報酬高於借款利率）。往上調幾格看看。",
                    "never_borrow",
                ),
            ]
            if _far(m["answer"], _best, _LEV_TOL)
        ],
    },
    {
        "id": "6.7",
        "role": "lookup",
        "kind": "number",
        "unit": "pct",
        "expected": _dip,
        "tol": 1.0,
        "hints": [
            '用 portfolio.dip_buying("qt3", 10) 比較「立刻買進大盤股票」和「抱現金，等跌 10% 再買」。',
            "答案是結果裡的 wait_wins_pct：等回檔的人期末財富比較多的路徑，占全部路徑的百分比。",
        ],
        "solution": f"約 {_dip:.1f}%。在「QT 3 年」的假設下，現金有約 3.5% 的利息、股票的假設報酬只比它高一點，"
        "所以等回檔的人常常不吃虧；換成 2008–2026 的長路徑，立刻買進的勝率就變高。"
        "這說明「等回檔」好不好，取決於現金利率和等待的時間，而不是一條通則。",
        "misconceptions": [
            mis(100 - _dip, "你算的是「立刻買進」贏的比例。題目問的是等回檔的策略贏的比例。", "reversed"),
            percent_slip(_dip),
        ],
    },
    {
        "id": "6.8",
        "role": "lookup",
        "kind": "number",
        "unit": "pct",
        "expected": _twd,
        "tol": 0.05,
        "hints": [
            "台灣投資人最後要把美元換回新台幣。新台幣升值（每美元換到的新台幣變少）會吃掉報酬。",
            "(1 + 美元報酬) × 期末匯率 / 期初匯率 − 1，再乘以 100；或用 portfolio.local_currency_return(5, 32, 30)。",
        ],
        "solution": f"約 {_twd:.2f}%。1.05 × 30 / 32 − 1 ≈ −1.56%：基金賺了 5%，但新台幣從 32 升值到 30，"
        "匯率損失約 6.25%，換回新台幣反而小賠。",
        "misconceptions": [
            mis(5.0, "你忽略了匯率。用新台幣計算，還要乘上匯率的變化 30 / 32。", "ignore_fx"),
            mis(
                pf.local_currency_return(5.0, 30.0, 32.0),
                "匯率方向反了：新台幣升值（32 → 30）對持有美元資產的人是損失。",
                "fx_reversed",
            ),
            mis(5.0 + (30 / 32 - 1) * 100, "直接相加是近似；題目要精確的複利結果：1.05 × 30/32 − 1。", "additive"),
            percent_slip(_twd),
        ],
    },
    {
        "id": "6.9",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _hkd_worst,
        "tol": 0.005,
        "hints": [
            "聯繫匯率的兌換保證：強方 7.75、弱方 7.85 港元兌 1 美元。在 7.80 買了美元，換回港元時最壞的匯率在哪一端？",
            "最壞是港元變到最強（7.75）時換回：7.75 / 7.80 − 1，再乘以 100；或 portfolio.local_currency_return(0, 7.80, 7.75)。",
        ],
        "solution": f"約 {_hkd_worst:.2f}%。在 7.80 買進美元、港元升到 7.75 時換回，每美元少換 0.05 港元。"
        f"整個兌換範圍內最壞是 7.85 買、7.75 賣，約 {_hkd_band_worst:.2f}%。真正的風險是區間本身改變（脫鉤），那不在這個計算裡。",
        "misconceptions": [
            sign_slip(
                _hkd_worst,
                "這是港元變弱（7.85）時換回的結果，對持有美元的人是賺的；最壞是港元變強到 7.75，匯率損失是負數。",
            ),
            mis(_hkd_band_worst, "這是在 7.85 買、7.75 賣的最壞情況；題目說是在 7.80 買進。", "band_worst"),
            percent_slip(_hkd_worst),
        ],
    },
    {
        "id": "6.10",
        "role": "claim",
        "kind": "multi",
        "options": {
            "A": "這一輪 QT 把資產負債表從約 7.4 兆美元縮下來",
            "B": "QT 在 2025 年 12 月 1 日結束",
            "C": "12 月 10 日的 FOMC 會議降息 1 碼（0.25 個百分點）",
            "D": "縮表結束前，聯準會總資產約 6.55 兆美元",
            "E": "QT 是一個為期三年的計畫",
        },
        "expected": ["A", "E"],
        "hints": [
            "逐項對照：fed_balance_sheet_milestones（H.4.1）、fed_programs 與 fed_funds_target（FOMC 聲明）。",
            "QT2 開始時的總資產是多少？2022 年的縮表計畫有沒有寫結束日期？實際上縮了幾個月？",
        ],
        "solution": f"A 和 E。A：QT2 於 2022-06-01 開始時總資產約 8.9 兆美元（H.4.1），7.4 兆大約是 2024 年年中的水準。"
        f"E：2022-05-04 的縮表計畫沒有設定期限，實際從 {_qt2['start'].date()} 縮到 {_qt2['end'].date()}，"
        f"共 {_qt2_months} 個月，約三年半。B、C、D 與第一手資料相符：B 見 2025-10-29 FOMC 聲明；"
        "C 見 2025-12-10 FOMC 聲明（目標區間降到 3.50–3.75%）；"
        f"D 見 H.4.1，2025-11-26 總資產約 {_end_assets / 1000:.2f} 兆美元。",
        "misconceptions": [
            mis(["A"], "A 對，但 E 也和資料不符：縮表計畫沒有「三年」的期限，實際進行了三年半。", "missed_duration"),
            mis(
                ["A", "C", "E"],
                "C 其實與資料相符：2025-12-10 的 FOMC 聲明確實把目標區間下調 0.25 個百分點到 3.50–3.75%。"
                "文章寫的是會前的市場預期，而結果也是如此。",
                "cut_happened",
            ),
            mis(["A", "D", "E"], "D 與資料相符：H.4.1 顯示 2025-11-26 總資產約 6.55 兆美元。", "end_level_right"),
        ],
    },
    {
        "id": "6.11",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "只有兩段樣本，而且 2019 到 2022 年「沒有 QT」的期間大半是 QE4 在大量購債，無法把行情歸因於「QT 結束」",
            "B": "聯準會在 QT 期間會賣出加密資產，所以 QT 結束後自然會漲",
            "C": "29 到 42 個月的區間很窄，所以統計上一定顯著",
            "D": "已經證明山寨幣的強弱和央行流動性完全無關",
        },
        "expected": "A",
        "hints": [
            "用 portfolio.regime_calendar() 數一數：QT1 結束後到 QT2 開始前，有幾個月是 QE？",
            "兩個樣本能不能排除其他原因（例如 2020 年的無限 QE、加密市場自己的週期）？",
        ],
        "solution": "A。這個說法只根據兩段歷史，而且衡量的是山寨幣相對比特幣的市占（OTHERS.D/BTC.D），不是報酬。"
        "第二段（2019-08 到 2022-05）裡，約有兩年是 QE4 與縮減購債，資金面最寬鬆的時候正好是 QE，"
        "不是「QT 結束」本身。兩個樣本、沒有對照組，只能當作需要檢驗的假說。",
        "misconceptions": [
            mis("B", "聯準會不持有加密資產；QT 縮的是公債與 MBS。", "fed_holds_crypto"),
            mis(
                "D",
                "證據不足不等於證明了相反。我們只能說這個說法沒有被資料支持，不能說兩者完全無關。",
                "absence_of_evidence",
            ),
        ],
    },
    {
        "id": "6.12",
        "role": "code",
        "kind": "function",
        "cases": [{"args": [d], "expected": w} for d, w in zip(_STRATEGY_DATES, _strategy_expected)],
        "expected": None,
        "tol": 1e-9,
        "hints": [
            "在函式裡用 info = portfolio.InformationSet(asof)，再看 info.regime()：它只用 asof 之前公布的 FOMC 聲明。",
            'info.regime() 是 "taper" 或 "QT" 時回傳 {"short_bonds": 1.0}，否則回傳 '
            '{"equity_broad": 0.6, "long_bonds": 0.4}。不要用 regime_in_force（那是開始執行日，不是投資人知道的事）。',
        ],
        "solution": "def answer_6_12(asof):\n"
        "    regime = portfolio.InformationSet(asof).regime()\n"
        '    if regime in ("taper", "QT"):\n'
        '        return {"short_bonds": 1.0}\n'
        '    return {"equity_broad": 0.6, "long_bonds": 0.4}',
        "misconceptions": [
            m
            for m in [
                mis(
                    _strategy_in_force,
                    "你用的是開始執行日（regime_in_force）。FOMC 宣布了，投資人就知道；"
                    "但也不能用宣布當天的資訊：只有決定日「之前」公布的才算。",
                    "in_force",
                ),
                mis(
                    _strategy_same_day,
                    "你用到了決定日當天才公布的聲明（例如 2022-05-04 宣布 QT2，當天的決定還不能用它）。"
                    "InformationSet(asof) 只給 asof 之前的資訊。",
                    "same_day",
                ),
            ]
            if m["answer"] != _strategy_expected
        ],
    },
    {
        "id": "6.13",
        "role": "predict",
        "kind": "choice",
        "options": _MC_OPTIONS,
        "expected": _mc_letter,
        "hints": [
            "先預測再執行。全部放大盤股票、3 倍槓桿、情境「QT 3 年」，維持率 25%：一個月跌多少會被斷頭？",
            'portfolio.simulate_paths({"equity_broad": 1.0}, "qt3", leverage=3, seed=1).summary()["margin_call_pct"]',
        ],
        "solution": f"{_mc_letter}（模型中約 {_mc:.0f}% 的路徑被斷頭）。3 倍槓桿時，權益只有部位的三分之一；"
        "一個月跌約 11% 就會跌破 25% 的維持率，券商強制賣出。大盤股票的假設波動約每年 18%，"
        "三年裡碰上這樣一個月的機會不小。被斷頭的人在低點出場，之後的反彈與他無關。",
        "misconceptions": [
            mis("A", "借了錢就有追繳與強制賣出：3 倍槓桿時，權益跌破部位的 25% 就會被斷頭。", "no_margin_calls"),
            mis("D", "沒有那麼常：一個月要跌超過約 11% 才會觸發，三年內多數路徑碰不到。", "always"),
        ],
    },
    {
        "id": "6.14",
        "role": "predict",
        "kind": "number",
        "unit": "pct",
        "expected": _dhedge,
        "tol": 0.01,
        "hints": [
            "先預測方向與幅度。避險的成本大約是兩地短期市場利率的差（美國 − 台灣）。",
            '用 h = portfolio.market_hedge_rates()，比較 portfolio.hedged_return(5, h["us_pct"], h["tw_pct"] + 1) '
            "和原本的結果。",
        ],
        "solution": f"約 {_dhedge:+.2f} 個百分點。台灣的市場利率高 1 個百分點，利差就小 1 個百分點，"
        "遠期避險的成本少 1 個百分點，避險後報酬多 1 個百分點。",
        "misconceptions": [
            sign_slip(_dhedge, "方向反了：台灣利率上升，美台利差縮小，避險成本下降，避險後報酬上升。"),
            mis(0.0, "避險成本就是利差；台灣利率變了，成本也會變。", "no_effect"),
        ],
    },
    {
        "id": "6.15",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _dgs2_move,
        "tol": 0.01,
        "hints": [
            '2 年期公債殖利率是 fred("DGS2")。先取月底值：fred("DGS2").dropna().resample("ME").last()。',
            '再用 portfolio.event_window(月底值, "2019-07-31", 6)：它從宣布日之後的第一個月底算起。',
        ],
        "solution": f"約 {_dgs2_move:+.2f} 個百分點。2019-07-31 是升息之後的第一次降息；6 個月後 2 年期殖利率變化不大，"
        "因為市場在宣布前就已經預期降息（價格早已反映）。觀察期從宣布日之後開始，才不會把宣布當天的反應算進去。",
        "misconceptions": [
            sign_slip(_dgs2_move, "方向反了：請檢查是「後減前」。"),
            mis(_dgs2_move * 100, "單位：你寫的是基點；這題要百分點。", "bp_vs_pp"),
        ],
    },
]
