"""Exercises of 第 3 章 歷史：從日本 2001 到聯準會 2026.

Expected values that follow from data or from the chapter's model are computed here from ``helpers`` (never typed).
"""

from helpers import history, market_series
from helpers.data import load
from helpers.marking import mis, percent_slip, sign_slip, unit_slips

# 3.1 — the start of Japan's quantitative easing, from boj_policy
_boj = load("boj_policy")
_japan_qe = _boj.loc[_boj["measure"] == "quantitative_easing", "date"].iloc[0].date().isoformat()
_qqe = _boj.loc[_boj["measure"] == "qqe", "date"].iloc[0].date().isoformat()
_boj_exit_2006 = _boj.loc[(_boj["measure"] == "exit") & (_boj["date"].dt.year == 2006), "date"].iloc[0]
_qe1_announced = load("fed_programs").set_index("name").loc["QE1", "announced"].date().isoformat()

# 3.2 — QE3 net purchases from the announced schedule (including the 2014 taper months)
_qe3 = history.programme_purchases("QE3")
_qe3_2013_only = history.programme_purchases("QE3", start="2013-01-01", end="2013-12-31")
_qe3_taper = history.programme_purchases("2014 taper")
_qe3_without_taper = _qe3 - _qe3_taper
_qe3_2012 = history.programme_purchases("QE3", end="2012-12-31")
_qe3_2012_if_85 = _qe3_2012 * 85 / 40  # the same months at the (wrong) 85 bn pace
_qe3_overstated = _qe3_2012_if_85 - _qe3_2012  # what "85 bn from September 2012" adds
_qe3_overstated_4_months = 45 * 4.0  # Sept–Dec counted as four whole months

# 3.4 — where QT2 started from (H.4.1 milestone on the first day of QT2)
_ms = load("fed_balance_sheet_milestones").set_index("date")["total_assets_usd_bn"]
_qt2_start = load("fed_programs").set_index("name").loc["QT2", "start"]
_qt2_level = float(_ms[_qt2_start])
_peak = float(_ms.max())

# 3.5 — order of eight decisions across four central banks
_boe = load("boe_programmes").set_index("label")
_ecb = load("ecb_programmes").set_index("label")
_fed = load("fed_programs").set_index("name")
_boj_by = _boj.set_index("label")
_ORDER_ITEMS = {
    "A": ("歐洲央行宣布擴大資產購買計畫（APP）", _ecb.loc["APP 擴大（加入公債）", "announced"]),
    "B": ("英格蘭銀行第一次主動賣出公債", _boe.loc["第一次賣出公債", "date"]),
    "C": ("日本央行開始量化寬鬆", _boj_by.loc["量化寬鬆開始", "date"]),
    "D": ("聯準會宣布準備金管理購債", _fed.loc["2025 reserve management", "announced"]),
    "E": ("聯準會宣布 QE1", _fed.loc["QE1", "announced"]),
    "F": ("日本央行實施負利率", _boj_by.loc["負利率", "date"]),
    "G": ("英格蘭銀行開始 QE", _boe.loc["QE 開始", "date"]),
    "H": ("日本央行退出負利率與殖利率曲線控制", _boj_by.loc["退出負利率與 YCC", "date"]),
}
_order = sorted(_ORDER_ITEMS, key=lambda k: _ORDER_ITEMS[k][1])
_ecb_before_boe = [k for k in _order if k != "A"]
_ecb_before_boe.insert(_ecb_before_boe.index("G"), "A")

# 3.6 — the 2008 miss of the schedule-only rebuild
_cmp = history.compare_with_milestones().set_index("date")
_gap_2008 = float(_cmp.loc["2008-12-17", "gap_usd_bn"])
_actual_2008 = float(_cmp.loc["2008-12-17", "actual_usd_bn"])
_gap_2008_letter = "C" if _gap_2008 > 500 else "A" if _gap_2008 < -500 else "B"

# 3.7 — Bank of Japan balance sheet as a share of GDP at the end of fiscal 2020
_bs = history.balance_sheets("boj").set_index("date")
_boj_pct = float(_bs.loc["2021-03-31", "pct_gdp"])
_boj_inverse = 100 * float(_bs.loc["2021-03-31", "gdp_lc_bn"]) / float(_bs.loc["2021-03-31", "amount_lc_bn"])

# 3.13 — late QT1: predicted direction of the 10-year yield (daily H.15)
_late_qt1 = market_series.window_changes().set_index("window").loc["QT1 後段"]
_late_qt1_letter = "A" if _late_qt1["DGS10"] > 0.5 else "C" if _late_qt1["DGS10"] < -0.5 else "B"

# 3.14 — a function: the Bank of Japan's current-account target (upper bound) in force on a date
_BOJ_CASES = ["2001-03-19", "2002-01-15", "2003-04-15", "2003-05-20", "2003-06-30", "2003-12-01", "2005-06-30"]


def _boj_upper(day, strict=False):
    rows = _boj[_boj["date"] <= "2006-03-08"].dropna(subset=["current_account_high_jpy_tn"])
    rows = rows[rows["date"] < day] if strict else rows[rows["date"] <= day]
    return float(rows["current_account_high_jpy_tn"].iloc[-1])


_boj_expected = [_boj_upper(d) for d in _BOJ_CASES]
_boj_strict = [_boj_upper(d, strict=True) if d != "2001-03-19" else 5.0 for d in _BOJ_CASES]
_boj_without_2003 = [_boj_upper(d) if not d.startswith("2003") else 20.0 for d in _BOJ_CASES]

# 3.8 — answered with the timeline explorer: who first decided to shrink in the 2022–2026 era
_BANK_LETTER = {"fed": "A", "ecb": "B", "boj": "C", "boe": "D"}
_first_qt = history.first_in_era("exit", kind="QT")
_first_qt_letter = _BANK_LETTER[_first_qt["bank"]]
_fed_qt2_letter = _BANK_LETTER["fed"]

# 3.10 — the MBS paydown the QT2 milestones imply (model-based)
_implied = history.implied_mbs_runoff()  # printed in the chapter (to 2025-11-26)
_implied_2024 = history.implied_mbs_runoff(end="2024-05-29")  # the exercise: stop at the first slowdown
_mbs_cap = float(load("qt_caps")["mbs_cap_usd_bn"].max())

EXERCISES = [
    {
        "id": "3.1",
        "role": "lookup",
        "kind": "date",
        "granularity": "day",
        "expected": _japan_qe,
        "hints": [
            "一般認為第一個「量化寬鬆」出現在日本，比聯準會早了七年多。",
            '用 load("boj_policy") 找 measure 是 "quantitative_easing" 的那一列。',
        ],
        "solution": f"{_japan_qe}。日本銀行把操作目標從隔夜拆款利率改成金融機構在日銀的經常帳餘額（先設約 5 兆日圓），"
        '這就是一般說的第一次量化寬鬆。程式：b = load("boj_policy"); '
        'b.loc[b.measure == "quantitative_easing", "date"].item()',
        "misconceptions": [
            mis(
                _qqe,
                "這是 2013 年的「量化質化寬鬆」（QQE），是日本的第二輪；第一輪在 2001 年就開始了。",
                "qqe_not_first",
            ),
            mis(_qe1_announced, "這是聯準會宣布 QE1 的日子；日本央行早在 2001 年就用過量化寬鬆。", "fed_first"),
            mis(_boj_exit_2006.date().isoformat(), "這是日本退出第一輪量化寬鬆的日子，不是開始。", "exit_not_start"),
        ],
    },
    {
        "id": "3.2",
        "role": "apply",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _qe3_overstated,
        "rtol": 0.04,
        "hints": [
            "QE3 在 2012 年最後幾個月的實際步調是每月 400 億（只有 MBS）；很多文章寫成一開始就是每月 850 億。",
            '先用 history.programme_purchases("QE3", end="2012-12-31") 算出實際買了多少（它按天數計算），'
            "再想：同樣的天數，如果每月是 850 億，會多出多少？",
        ],
        "solution": f"約 {_qe3_overstated:,.0f} 十億美元。2012-09-14 到年底實際買了約 {_qe3_2012:,.0f} 十億（每月 400 億 MBS）；"
        f"若照每月 850 億計算是約 {_qe3_2012_if_85:,.0f} 十億，多算了 450/400 倍的實際金額。"
        "FOMC 說的「每月約 850 億」包含扭轉操作買進的長債，但扭轉操作同時賣出短債，淨額為零。"
        '程式：q = history.programme_purchases("QE3", end="2012-12-31"); q * 85 / 40 - q',
        "misconceptions": unit_slips(_qe3_overstated, unit_word="單位（十億美元）")
        + [
            mis(
                _qe3_2012_if_85, "這是照每月 850 億算出的總額；題目問的是比實際「多算」了多少。", "level_not_difference"
            ),
            mis(
                _qe3_overstated_4_months,
                "你把 9 月到 12 月算成整整四個月；QE3 從 9 月 14 日才開始買，"
                "要按天數計算（history.programme_purchases 就是這樣算的）。",
                "whole_months",
            ),
        ],
    },
    {
        "id": "3.3",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "中美貿易戰使市場信心不佳，聯準會被迫中止縮表",
            "B": "2019 年 3 月已計畫在 9 月底結束，因為準備金接近「充足」水準；7 月底決定降息時一併提早到 8 月",
            "C": "2019 年 9 月附買回利率飆升後，聯準會緊急停止縮表",
            "D": "通膨升到 2% 以上，所以不再需要縮表",
        },
        "expected": "B",
        "hints": [
            "先看日期：縮表是哪一天結束的？附買回風波是哪一天？",
            '讀 history.events("2019-01-01", "2019-12-31")：3 月的計畫和 7 月 31 日的聲明各說了什麼？',
        ],
        "solution": "B。FOMC 在 2019-03-20 的計畫就訂好 9 月底結束縮表，理由是讓準備金平穩地走向長期的「充足」水準；"
        "2019-07-31 降息時把結束時間提前兩個月到 8 月。貿易政策的不確定性是那次降息的理由之一，"
        "但縮表的結束早在 3 月就排好了；9 月中的附買回風波發生在縮表結束之後。",
        "misconceptions": [
            mis(
                "A",
                "這是文章的說法。鮑爾在 2019-07-31 提到貿易政策不確定性，是為了說明「降息」；縮表的結束時間"
                "在 3 月的計畫裡就已經定好，只是 7 月提前兩個月。",
                "trade_war_story",
            ),
            mis(
                "C",
                "時間順序不對：縮表在 2019 年 8 月初就結束了，附買回利率飆升是 9 月 17 日的事，"
                "之後的國庫券購買是為了補準備金。",
                "repo_story",
            ),
        ],
    },
    {
        "id": "3.4",
        "role": "lookup",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _qt2_level,
        "rtol": 0.002,
        "hints": [
            "QT2 的起始日在 fed_programs 的 start 欄；總資產在 fed_balance_sheet_milestones。",
            "找 2022-06-01 那一列的 total_assets_usd_bn（單位十億美元）。",
        ],
        "solution": f"約 {_qt2_level:,.0f} 十億美元（約 {_qt2_level / 1000:.2f} 兆）。文章說的「約 7.4 兆」是 2024 年年中的水準，"
        '不是起點。程式：ms = load("fed_balance_sheet_milestones").set_index("date"); '
        'ms.loc["2022-06-01", "total_assets_usd_bn"]',
        "misconceptions": unit_slips(_qt2_level, unit_word="單位（十億美元）")
        + [
            mis(
                7400,
                "這是文章的數字。H.4.1 顯示 QT2 開始時約 8.9 兆美元；7.4 兆左右已經是縮了兩年後的水準。",
                "seed_7_4",
            ),
            mis(_peak, "這是 2022 年 4 月的最高點，比 QT2 開始早了七週；題目問的是縮表開始那一天。", "peak_not_start"),
        ],
    },
    {
        "id": "3.5",
        "role": "lookup",
        "kind": "order",
        "expected": _order,
        "hints": [
            "先找最早的：量化寬鬆是從哪個國家開始的？",
            "用 history.programmes() 查每一項的日期；歐洲央行的大規模購債比英美晚得多。",
        ],
        "solution": "由早到晚："
        + " → ".join(f"{k}（{_ORDER_ITEMS[k][0]}，{_ORDER_ITEMS[k][1].date()}）" for k in _order),
        "misconceptions": [
            mis(
                _ecb_before_boe,
                "歐洲央行的全面資產購買（APP）2015 年才推出，比英格蘭銀行 2009 年開始 QE 晚了約六年。",
                "ecb_early",
            ),
        ],
    },
    {
        "id": "3.6",
        "role": "predict",
        "kind": "choice",
        "options": {
            "A": "重建值比實際值高出 5,000 億美元以上",
            "B": "兩者相差不到 5,000 億美元",
            "C": "重建值比實際值低了 5,000 億美元以上",
        },
        "expected": _gap_2008_letter,
        "hints": [
            "先預測、用 check 交出答案，再執行 history.compare_with_milestones() 驗證。",
            "時間表裡 2008 年底的購債才剛開始；那幾個月讓聯準會資產暴增的是什麼？它們在時間表裡嗎？",
        ],
        "solution": f"{_gap_2008_letter}。2008-12-17 的實際總資產約 {_actual_2008:,.0f} 十億美元，重建值低了約 {_gap_2008:,.0f} 十億："
        "時間表裡的購債才剛開始，實際資產卻因為緊急放款與換匯額度幾乎翻倍。這些記在資產方，但不是 QE。",
        "misconceptions": [
            mis(
                "A",
                "方向反了：時間表只放進 QE 的購債，2008 年底幾乎還沒買；實際資產多出來的是緊急放款與換匯額度，"
                "所以重建值偏「低」。",
                "sign",
            ),
            mis("B", "2008 年底的落差非常大：重建只含購債，而那時資產暴增主要來自緊急放款與換匯額度。", "small_gap"),
        ],
    },
    {
        "id": "3.7",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _boj_pct,
        "tol": 0.5,
        "hints": [
            "占 GDP 的比率 = 總資產 ÷ 名目 GDP × 100，兩者要同一個單位。",
            '用 history.balance_sheets("boj") 找 2021-03-31 那一列，或用 history.pct_of_gdp(資產, GDP)。',
        ],
        "solution": f"約 {_boj_pct:.0f}%。日本央行在 2021 年 3 月底的總資產約 714.6 兆日圓，比同一年度約 535.7 兆日圓的名目 GDP"
        " 還大。",
        "misconceptions": [
            percent_slip(_boj_pct),
            mis(_boj_inverse, "算反了：你算的是 GDP 占資產的比率。應該是資產 ÷ GDP。", "inverted_ratio"),
        ],
    },
    {
        "id": "3.8",
        "role": "predict",
        "kind": "choice",
        "options": {"A": "聯準會", "B": "歐洲央行", "C": "日本央行", "D": "英格蘭銀行"},
        "expected": _first_qt_letter,
        "hints": [
            "先憑印象預測、用 check 交出答案，再到時間軸探索器選「縮表與退場（2022–2026）」和「四家比較」，讀表格裡的日期。",
            "「縮表」類包括停止再投資、主動賣出、減少購債；比較各家第一個這類決定的日期。",
        ],
        "solution": f"{_first_qt['bank_zh']}：{_first_qt['date'].date()}「{_first_qt['name']}」。"
        "它比聯準會 2022-05-04 公布 QT2 計畫早了三個月；歐洲央行 2022 年 12 月、日本央行 2024 年 7 月才開始減少。"
        '程式：history.first_in_era("exit", kind="QT")',
        "misconceptions": [
            mis(
                _fed_qt2_letter,
                "聯準會的 QT2 在 2022-05-04 才公布、6 月開始；英格蘭銀行 2 月就決定停止到期公債再投資。",
                "fed_first_qt",
            ),
        ],
    },
    {
        "id": "3.9",
        "role": "claim",
        "kind": "truth",
        "expected": False,
        "hints": [
            "讀 2010-11-03 的 FOMC 聲明（history.events 裡有摘要）：它說推出 QE2 的理由是什麼？",
            "聲明談的是美國的失業率偏高、通膨偏低、復甦太慢。",
        ],
        "solution": "否。FOMC 2010-11-03 的聲明說，推出 QE2 是為了讓復甦加快、讓通膨回到符合法定目標的水準；"
        "當時失業率偏高、基本通膨偏低。歐債問題是那幾年的背景風險，但不是聲明寫的理由。",
        "misconceptions": [
            mis(
                True,
                "這是文章的說法。FOMC 的聲明把 QE2 的理由寫成美國本身的復甦太慢、通膨偏低，沒有提歐債危機。",
                "euro_crisis_story",
            ),
        ],
    },
    {
        "id": "3.10",
        "role": "apply",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _implied_2024,
        "tol": 0.5,
        "hints": [
            "本章用 history.implied_mbs_runoff() 推算到 2025-11-26；這題改一個假設：只推算到第一次放緩之前的 2024-05-29。",
            '用 history.implied_mbs_runoff(end="2024-05-29")。',
        ],
        "solution": f"約每月 {_implied_2024:.1f} 十億美元（模型推算，不是觀察值），比推算到 2025-11-26 的約 {_implied:.1f} 十億還低。"
        f"兩段都遠低於 MBS 的每月上限（{_mbs_cap:g}）：房貸利率上升後，房貸戶很少提前還款或轉貸，上限幾乎碰不到。"
        "推算值會隨期間改變，也提醒我們：這是把所有沒放進模型的因素都算到 MBS 頭上的結果。",
        "misconceptions": [
            mis(_implied, "這是本章推算到 2025-11-26 的數字；題目改成只推算到 2024-05-29。", "chapter_value"),
            mis(
                _mbs_cap,
                "這是 MBS 的每月上限；依上限重建時，重建值會比實際低很多，可見實際減少得比上限慢。",
                "cap_binding",
            ),
            sign_slip(_implied_2024, "還本金額是正數：它是每月減少多少，不是增加多少。"),
        ],
    },
    {
        "id": "3.11",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "歐洲央行主動賣出大量公債",
            "B": "銀行提前償還 TLTRO 等長期放款",
            "C": "PEPP 停止再投資",
            "D": "負利率讓銀行把準備金領走",
        },
        "expected": "B",
        "hints": [
            "看 ecb_programmes 裡 2022 年 10 月以後的項目：哪一項的金額最大、時間最早？",
            "PEPP 什麼時候才停止再投資？歐洲央行有沒有像英格蘭銀行那樣主動賣債？",
        ],
        "solution": "B。2022-10-27 調整 TLTRO III 的條件後，銀行在 11 月、12 月提前還款約 2,960 億與 4,475 億歐元，"
        "之後各批到期再還；資產方的「對銀行放款」與負債方的準備金一起減少。APP 2023 年才逐步不再投資，"
        "PEPP 到 2024 年下半年才減少再投資。",
        "misconceptions": [
            mis("A", "歐洲央行沒有主動賣出公債；主動賣債的是英格蘭銀行。歐元體系縮小主要是銀行還款。", "sold_bonds"),
            mis(
                "C",
                "PEPP 到 2024 年下半年才減少再投資、年底停止；2022–23 年的縮小主要來自 TLTRO 還款。",
                "pepp_too_early",
            ),
            mis("D", "負利率在 2022 年 7 月就結束了；準備金減少是因為銀行用準備金償還放款。", "negative_rate"),
        ],
    },
    {
        "id": "3.12",
        "role": "mechanism",
        "kind": "direction",
        "expected": {"對銀行的放款（資產）": "下降", "銀行的準備金（負債）": "下降", "持有的公債（資產）": "不變"},
        "hints": [
            "銀行還款時，用的是它存在央行的什麼？央行收回的是哪一項資產？",
            "寫出還款前後的 T 帳戶：資產方少了什麼，負債方少了什麼？公債有沒有被賣掉？",
        ],
        "solution": "放款下降、準備金下降、公債不變。銀行用在央行的準備金償還放款，央行的資產（放款）與負債（準備金）"
        "同額減少，資產負債表縮小，但沒有賣出任何債券：這是歐元體系 2022–23 年縮表的主要方式。",
        "misconceptions": [
            mis(
                {"對銀行的放款（資產）": "不變", "銀行的準備金（負債）": "下降", "持有的公債（資產）": "下降"},
                "這是「賣債或到期不續買」的縮表。TLTRO 還款動的是放款這一行，公債沒有變。",
                "qt_by_bonds",
            ),
            mis(
                {"對銀行的放款（資產）": "上升", "銀行的準備金（負債）": "上升", "持有的公債（資產）": "不變"},
                "方向反了：這是央行「放款」時的樣子（例如 2011–12 年的 LTRO）。還款是反過來。",
                "lending_not_repaying",
            ),
            mis(
                {"對銀行的放款（資產）": "下降", "銀行的準備金（負債）": "上升", "持有的公債（資產）": "不變"},
                "資產少了，負債也一定要少同樣的金額：銀行是用準備金還款，準備金會減少。",
                "unbalanced",
            ),
        ],
    },
    {
        "id": "3.13",
        "role": "predict",
        "kind": "choice",
        "options": {
            "A": "上升超過 0.5 個百分點：縮表讓市場吸收更多長債",
            "B": "變動不到 0.5 個百分點",
            "C": "下降超過 0.5 個百分點",
        },
        "expected": _late_qt1_letter,
        "hints": [
            "先預測、用 check 交出答案，再執行 market_series.window_changes() 看「QT1 後段」那一列。",
            "同一段期間，2 年期殖利率怎麼變？它反映市場對未來一兩年政策利率的預期。",
        ],
        "solution": f"{_late_qt1_letter}。2018-11-08 到 2019-07-31，縮表還在進行，10 年期殖利率卻變動 {_late_qt1['DGS10']:+.2f} 個百分點，"
        f"2 年期 {_late_qt1['DGS2']:+.2f}：市場預期聯準會不再升息、甚至降息，預期的短期利率下降壓過了縮表對期限溢酬的推升。",
        "misconceptions": [
            mis(
                "A",
                "只看供給會這樣預測，但殖利率也包含對未來短期利率的預期：2019 年初聯準會轉向「耐心」，"
                "2 年期殖利率大跌，10 年期也跟著跌。",
                "supply_only",
            ),
            mis("B", "變動其實很大：看 2 年期與 10 年期在這段期間各跌了多少。", "small_change"),
        ],
    },
    {
        "id": "3.14",
        "role": "code",
        "kind": "function",
        "cases": [{"args": [d], "expected": v} for d, v in zip(_BOJ_CASES, _boj_expected)],
        "expected": _boj_expected,
        "tol": 0.01,
        "hints": [
            'b = load("boj_policy") 的每一列是一次決議；目標在決議日生效，一直用到下一次決議。',
            "篩出 date 小於或等於那一天、且 current_account_high_jpy_tn 有值的列，取最後一列的上限。",
        ],
        "solution": "def answer_3_14(day):\n"
        '    b = load("boj_policy").dropna(subset=["current_account_high_jpy_tn"])\n'
        '    return float(b.loc[b["date"] <= day, "current_account_high_jpy_tn"].iloc[-1])\n'
        "決議日當天就生效，所以要用 <=；2003 年有四次調整，答案會一路從 20 變成 32。",
        "misconceptions": [
            mis(
                _boj_strict,
                "決議當天就生效：在 2003-05-20 這天，目標已經是 27–30 兆，要用「小於或等於」。",
                "strict_date",
            ),
            mis(
                _boj_without_2003,
                "你漏了 2003 年的幾次調整（4 月 1 日、4 月 30 日、5 月 20 日、10 月 10 日）：資料表裡每一次都有。",
                "missing_2003",
            ),
        ],
    },
]
