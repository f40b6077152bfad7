"""Exercises of 第 3 章 歷史：從日本 2001 到聯準會 2026.

Expected values that follow from data or from the chapter's model are computed here from ``helpers`` (never typed).
"""
from helpers import history
from helpers.marking import mis, percent_slip, sign_slip, unit_slips
from helpers.data import load

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

# 3.7 — Bank of Japan balance sheet as a share of GDP at the end of fiscal 2020
_bs = history.balance_sheets("boj").set_index("date")
_boj_pct = float(_bs.loc["2021-03-31", "pct_gdp"])
_boj_inverse = 100 * float(_bs.loc["2021-03-31", "gdp_lc_bn"]) / float(_bs.loc["2021-03-31", "amount_lc_bn"])

# 3.8 — answered with the timeline explorer: who first decided to shrink in the 2022–2026 era
_BANK_LETTER = {"fed": "A", "ecb": "B", "boj": "C", "boe": "D"}
_first_qt = history.first_in_era("exit", kind="QT")
_first_qt_letter = _BANK_LETTER[_first_qt["bank"]]
_fed_qt2_letter = _BANK_LETTER["fed"]

# 3.10 — the MBS paydown the QT2 milestones imply (model-based)
_implied = history.implied_mbs_runoff()
_mbs_cap = float(load("qt_caps")["mbs_cap_usd_bn"].max())

EXERCISES = [
    {
        "id": "3.1",
        "kind": "date",
        "granularity": "day",
        "expected": _japan_qe,
        "hints": [
            "一般認為第一個「量化寬鬆」出現在日本，比聯準會早了七年多。",
            "用 load(\"boj_policy\") 找 measure 是 \"quantitative_easing\" 的那一列。",
        ],
        "solution": f"{_japan_qe}。日本銀行把操作目標從隔夜拆款利率改成金融機構在日銀的經常帳餘額（先設約 5 兆日圓），"
                    "這就是一般說的第一次量化寬鬆。程式：b = load(\"boj_policy\"); "
                    "b.loc[b.measure == \"quantitative_easing\", \"date\"].item()",
        "misconceptions": [
            mis(_qqe, "這是 2013 年的「量化質化寬鬆」（QQE），是日本的第二輪；第一輪在 2001 年就開始了。", "qqe_not_first"),
            mis(_qe1_announced, "這是聯準會宣布 QE1 的日子；日本央行早在 2001 年就用過量化寬鬆。", "fed_first"),
            mis(_boj_exit_2006.date().isoformat(), "這是日本退出第一輪量化寬鬆的日子，不是開始。", "exit_not_start"),
        ],
    },
    {
        "id": "3.2",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _qe3,
        "rtol": 0.03,
        "hints": [
            "QE3 沒有預設總額，只公布每月步調：先是每月 400 億 MBS，2013 年起再加 450 億公債，2014 年逐次縮減。",
            "用 history.programme_purchases(\"QE3\")：它把時間表上每一段步調乘以天數加總（含 2014 年的縮減期）。",
        ],
        "solution": f"約 {_qe3:,.0f} 十億美元（約 {_qe3 / 1000:.1f} 兆）。2012 年 9–12 月 MBS 約 {_qe3_2012:,.0f} 十億、"
                    f"2013 年每月 850 億約 {_qe3_2013_only:,.0f} 十億、2014 年縮減期約 {_qe3_taper:,.0f} 十億。「無上限」是指沒有預設總額，不是真的買不完。"
                    "程式：history.programme_purchases(\"QE3\")",
        "misconceptions": unit_slips(_qe3, unit_word="單位（答案是十億美元，1.6 兆 = 1,600 十億）") + [
            mis(_qe3_2013_only, "你只算了 2013 年（每月 850 億 × 12）；QE3 從 2012 年 9 月開始，到 2014 年 10 月才停止。",
                "only_2013"),
            mis(_qe3_without_taper, "少了 2014 年縮減期間仍在買的部分：縮減是「買得比較少」，不是「停止購買」。",
                "taper_is_not_stop"),
        ],
        "praise": "開放式（open-ended）的計畫也有總量，只是事前不知道，要事後加總。",
    },
    {
        "id": "3.3",
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
            "讀 history.events(\"2019-01-01\", \"2019-12-31\")：3 月的計畫和 7 月 31 日的聲明各說了什麼？",
        ],
        "solution": "B。FOMC 在 2019-03-20 的計畫就訂好 9 月底結束縮表，理由是讓準備金平穩地走向長期的「充足」水準；"
                    "2019-07-31 降息時把結束時間提前兩個月到 8 月。貿易政策的不確定性是那次降息的理由之一，"
                    "但縮表的結束早在 3 月就排好了；9 月中的附買回風波發生在縮表結束之後。",
        "misconceptions": [
            mis("A", "這是文章的說法。鮑爾在 2019-07-31 提到貿易政策不確定性，是為了說明「降息」；縮表的結束時間"
                     "在 3 月的計畫裡就已經定好，只是 7 月提前兩個月。", "trade_war_story"),
            mis("C", "時間順序不對：縮表在 2019 年 8 月初就結束了，附買回利率飆升是 9 月 17 日的事，"
                     "之後的國庫券購買是為了補準備金。", "repo_story"),
        ],
    },
    {
        "id": "3.4",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _qt2_level,
        "rtol": 0.002,
        "hints": [
            "QT2 的起始日在 fed_programs 的 start 欄；總資產在 fed_balance_sheet_milestones。",
            "找 2022-06-01 那一列的 total_assets_usd_bn（單位十億美元）。",
        ],
        "solution": f"約 {_qt2_level:,.0f} 十億美元（約 {_qt2_level / 1000:.2f} 兆）。文章說的「約 7.4 兆」是 2024 年年中的水準，"
                    "不是起點。程式：ms = load(\"fed_balance_sheet_milestones\").set_index(\"date\"); "
                    "ms.loc[\"2022-06-01\", \"total_assets_usd_bn\"]",
        "misconceptions": unit_slips(_qt2_level, unit_word="單位（十億美元）") + [
            mis(7400, "這是文章的數字。H.4.1 顯示 QT2 開始時約 8.9 兆美元；7.4 兆左右已經是縮了兩年後的水準。",
                "seed_7_4"),
            mis(_peak, "這是 2022 年 4 月的最高點，比 QT2 開始早了七週；題目問的是縮表開始那一天。", "peak_not_start"),
        ],
    },
    {
        "id": "3.5",
        "kind": "order",
        "expected": _order,
        "hints": [
            "先找最早的：量化寬鬆是從哪個國家開始的？",
            "用 history.programmes() 查每一項的日期；歐洲央行的大規模購債比英美晚得多。",
        ],
        "solution": "由早到晚：" + " → ".join(f"{k}（{_ORDER_ITEMS[k][0]}，{_ORDER_ITEMS[k][1].date()}）" for k in _order),
        "misconceptions": [
            mis(_ecb_before_boe, "歐洲央行的全面資產購買（APP）2015 年才推出，比英格蘭銀行 2009 年開始 QE 晚了約六年。",
                "ecb_early"),
        ],
    },
    {
        "id": "3.6",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _gap_2008,
        "rtol": 0.02,
        "hints": [
            "用 history.compare_with_milestones() 取得每個里程碑的實際值、重建值與落差。",
            "落差定義為「實際 − 重建」；看 2008-12-17 那一列的 gap_usd_bn。",
        ],
        "solution": f"約 {_gap_2008:,.0f} 十億美元。時間表裡 2008 年底幾乎還沒有購債，實際總資產卻翻倍："
                    "多出來的是緊急放款與換匯額度，它們記在資產方，但不是 QE。",
        "misconceptions": unit_slips(_gap_2008, unit_word="單位（十億美元）") + [
            sign_slip(_gap_2008, "方向反了：落差是「實際 − 重建」，2008 年底實際比重建大，所以是正數。"),
            mis(_actual_2008, "這是 2008-12-17 的實際總資產，題目問的是實際與重建之間的落差。", "level_not_gap"),
        ],
    },
    {
        "id": "3.7",
        "kind": "number",
        "unit": "pct",
        "expected": _boj_pct,
        "tol": 0.5,
        "hints": [
            "占 GDP 的比率 = 總資產 ÷ 名目 GDP × 100，兩者要同一個單位。",
            "用 history.balance_sheets(\"boj\") 找 2021-03-31 那一列，或用 history.pct_of_gdp(資產, GDP)。",
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
        "kind": "choice",
        "options": {"A": "聯準會", "B": "歐洲央行", "C": "日本央行", "D": "英格蘭銀行"},
        "expected": _first_qt_letter,
        "hints": [
            "在時間軸探索器選「縮表與退場（2022–2026）」和「四家比較」，看表格上方那一行。",
            "「縮表」類包括停止再投資、主動賣出、減少購債；比較各家第一個這類決定的日期。",
        ],
        "solution": f"{_first_qt['bank_zh']}：{_first_qt['date'].date()}「{_first_qt['name']}」。"
                    "它比聯準會 2022-05-04 公布 QT2 計畫早了三個月；歐洲央行 2022 年 12 月、日本央行 2024 年 7 月才開始減少。"
                    "程式：history.first_in_era(\"exit\", kind=\"QT\")",
        "misconceptions": [
            mis(_fed_qt2_letter, "聯準會的 QT2 在 2022-05-04 才公布、6 月開始；英格蘭銀行 2 月就決定停止到期公債再投資。",
                "fed_first_qt"),
        ],
    },
    {
        "id": "3.9",
        "kind": "truth",
        "expected": False,
        "hints": [
            "讀 2010-11-03 的 FOMC 聲明（history.events 裡有摘要）：它說推出 QE2 的理由是什麼？",
            "聲明談的是美國的失業率偏高、通膨偏低、復甦太慢。",
        ],
        "solution": "否。FOMC 2010-11-03 的聲明說，推出 QE2 是為了讓復甦加快、讓通膨回到符合法定目標的水準；"
                    "當時失業率偏高、基本通膨偏低。歐債問題是那幾年的背景風險，但不是聲明寫的理由。",
        "misconceptions": [
            mis(True, "這是文章的說法。FOMC 的聲明把 QE2 的理由寫成美國本身的復甦太慢、通膨偏低，沒有提歐債危機。",
                "euro_crisis_story"),
        ],
    },
    {
        "id": "3.10",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _implied,
        "tol": 0.5,
        "hints": [
            "依上限重建 QT2 時，重建值比 2025-11-26 的實際值低了不少：多減掉的是什麼？",
            "用 history.implied_mbs_runoff()：它找出一個固定的 MBS 每月還本金額，讓重建值剛好落在實際值上。",
        ],
        "solution": f"約每月 {_implied:.1f} 十億美元（模型推算，不是觀察值）。也就是說，MBS 平均每月只減少約一半的上限"
                    f"（{_mbs_cap:g}）：房貸戶沒有那麼快還本或轉貸，上限通常碰不到。",
        "misconceptions": [
            mis(_mbs_cap, "這是 MBS 的每月上限；依上限重建時，重建值會比實際低很多，可見實際減少得比上限慢。", "cap_binding"),
            sign_slip(_implied, "還本金額是正數：它是每月減少多少，不是增加多少。"),
        ],
    },
]
