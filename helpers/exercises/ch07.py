"""Self-checks of 第 7 章 讀者常問. Each item tests one misconception that a FAQ entry corrects; expected values
come from the course's data tables and models, not typed by hand."""

import pandas as pd

from helpers import balance_sheet as bs
from helpers import bonds, runoff
from helpers import currency_board as cb
from helpers import policy_rates as pr
from helpers.data import load
from helpers.marking import mis, percent_slip

# ------------------------------------------------------------------------------ values from the data and models
_decisions = load("qe_2020_decisions").set_index(["date", "central_bank"])
_march15_had_amount = pd.notna(_decisions.loc[(pd.Timestamp("2020-03-15"), "Fed"), "amount_usd_bn"])
_pepp_open_ended = bool((_decisions.xs("ECB", level="central_bank")["open_ended"] == 1).any())

_start = bs.simple_system()
_mbs_from_fund = bs.purchase(_start, 100, "mbs", "public").changes(_start)
assert _mbs_from_fund["banks"]["assets"]["reserves"] > 0 and _mbs_from_fund["public"]["assets"]["deposits"] > 0
assert not _mbs_from_fund["fed"]["liabilities"].get("currency")
_after_runoff = bs.tga_change(bs.runoff(_start, 100, "treasuries"), 100)
_reserves_move = _after_runoff.changes(_start)["fed"]["liabilities"]["reserves"]
_reserves_direction = "下降" if _reserves_move < 0 else "上升" if _reserves_move > 0 else "不變"

_board = cb.BoardState()
_ab_move = cb.convert(_board, 10, "strong").aggregate_balance_hkd_bn - _board.aggregate_balance_hkd_bn
_ab_direction = "上升" if _ab_move > 0 else "下降"
_hkd_gain_pct = (cb.LINKED_RATE / cb.STRONG_SIDE - 1) * 100  # value of 1 HKD in USD, 7.80 → 7.75
_usd_price_fall_pct = (1 - cb.STRONG_SIDE / cb.LINKED_RATE) * 100  # HKD per USD, 7.80 → 7.75
_band_pct = (cb.WEAK_SIDE / cb.STRONG_SIDE - 1) * 100

_repo = load("qt_repo_2019")
_caps = load("qt_caps")
_qt1_stop = _caps[(_caps["effective_date"].dt.year == 2019) & (_caps["treasury_cap_usd_bn"] == 0)][
    "effective_date"
].min()
_spike = _repo[_repo["rate_pct"] == _repo["rate_pct"].max()]["date"].min()
assert _qt1_stop < _spike
_qt2_end = _caps[
    (_caps["effective_date"].dt.year >= 2022) & (_caps["treasury_cap_usd_bn"] == 0) & (_caps["mbs_cap_usd_bn"] == 0)
]["effective_date"].min()
_qt2_end_text = str(_qt2_end.date())

_tw = pr.taiwan_rate()
_tw_move = pr.rate_on(_tw, "2015-12-17") - pr.rate_on(_tw, "2015-12-16")
_tw_direction = "下降" if _tw_move < 0 else "上升" if _tw_move > 0 else "不變"

_ten_year = bonds.price_change_pct(3, 3, 10, 1)
_bond_options = {"A": -2, "B": -8, "C": -17, "D": 8}
_bond_answer = min(_bond_options, key=lambda k: abs(_bond_options[k] - _ten_year))

_cpi = load("market_annual").set_index("year")["cpi_avg_pct"]
_cpi_avg = float(_cpi.loc[2009:2019].mean())
_cpi_answer = "A" if _cpi_avg < 2 else "B" if _cpi_avg < 4 else "C" if _cpi_avg < 8 else "D"

_runoff_cases = [(80, 60), (17, 35), (50, 0), (0, 35)]
_runoff_expected = [runoff.runoff_this_month(m, c)[0] for m, c in _runoff_cases]

_programs = load("fed_programs").set_index("name")
_rates = load("fed_funds_target")
_purchases_end = _programs.loc["2021 taper", "end"]
_first_hike = _rates[(_rates["date"] > "2021-01-01") & (_rates["lower"] > 0)]["date"].min()
_qt2_start = _programs.loc["QT2", "start"]
_exit_order_true = bool(_purchases_end < _first_hike < _qt2_start)


EXERCISES = [
    {
        "id": "7.1",
        "role": "claim",
        "faq": "Q2.1",
        "kind": "truth",
        "expected": not _march15_had_amount,
        "hints": [
            '看第 1 章 6.1 節的三個日期，或 load("qe_2020_decisions") 裡 2020-03-15 那一列的金額欄。',
            "「視需要的數量」是哪一天才出現的說法？",
        ],
        "solution": "錯。2020-03-15 的聲明寫明未來幾個月增持至少 5,000 億美元公債、至少 2,000 億美元 MBS；"
        "要到 3 月 23 日才改成「視需要的數量」，6 月 10 日起又有了每月步調。",
        "misconceptions": [
            mis(
                True,
                "第一次決定其實有數字：3 月 15 日寫的是「至少 5,000 億公債與 2,000 億 MBS」，"
                "不設總額是 3 月 23 日才開始的。",
                "no_amount_from_start",
            ),
        ],
    },
    {
        "id": "7.2",
        "role": "mechanism",
        "faq": "Q1.1",
        "kind": "choice",
        "options": {
            "A": "流通中的鈔票與聯準會持有的 MBS",
            "B": "銀行的準備金與退休基金存在銀行的存款",
            "C": "只有銀行的準備金，大眾的存款不變",
            "D": "退休基金持有的 MBS 與它的存款",
        },
        "expected": "B",
        "hints": [
            "退休基金沒有聯準會的帳戶：錢要經過它往來的銀行。",
            "聯準會把準備金記給銀行，銀行再把同額存款記給退休基金。",
        ],
        "solution": "B。聯準會付款的方式是把準備金記給退休基金往來的銀行，銀行同時欠退休基金一筆存款。"
        "所以向非銀行買債時，準備金與廣義貨幣（存款）一起增加；鈔票不變，退休基金的 MBS 是減少。",
        "misconceptions": [
            mis("A", "聯準會付款不印鈔票：它在銀行的準備金帳戶記上一筆，通貨不變。", "banknotes_printed"),
            mis("C", "那是賣方是銀行的情形。這裡賣方是退休基金，它的存款也會增加。", "seller_is_bank"),
            mis("D", "退休基金把 MBS 賣給聯準會，MBS 是減少，不是增加。", "wrong_direction"),
        ],
    },
    {
        "id": "7.3",
        "role": "mechanism",
        "faq": "Q1.3",
        "kind": "direction",
        "expected": _reserves_direction,
        "hints": [
            "第一步：財政部從 TGA 付錢給聯準會，聯準會的公債與 TGA 一起減少。這一步準備金動了嗎？",
            "第二步：民間用銀行存款買新債，錢從銀行流進 TGA。銀行的準備金跟著怎麼變？",
        ],
        "solution": f"{_reserves_direction}。到期時，財政部用 TGA 還錢，準備金不動；財政部向民間發新債把 TGA 補回時，"
        "買債的錢從銀行存款流出，銀行的準備金同額減少。縮表最後抽走的，是準備金或隔夜逆回購。",
        "misconceptions": [
            mis("上升", "方向反了：準備金增加是 QE（央行買債）的結果；到期不再投資是 QT。", "qe_qt_swap"),
            mis(
                "不變",
                "只看了第一步：TGA 付錢時準備金確實不動，但財政部補回 TGA 時，民間的存款與銀行的準備金會流出。",
                "first_step_only",
            ),
        ],
    },
    {
        "id": "7.4",
        "role": "mechanism",
        "faq": "Q7.1",
        "kind": "direction",
        "expected": _ab_direction,
        "hints": [
            "強方兌換保證在 7.75：金管局在這裡賣出港元、買入美元。",
            "銀行拿美元向金管局換港元，換到的港元記在哪個帳戶？",
        ],
        "solution": f"{_ab_direction}。在 7.75，金管局向銀行賣出港元、收進美元；換到的港元記在銀行的結算帳戶裡，"
        "總結餘因此增加，港元拆息傾向下跌。",
        "misconceptions": [
            mis("下降", "那是弱方（7.85）的情形：資金流出時金管局買入港元，總結餘才會減少。", "weak_side"),
            mis("不變", "兌換保證的買賣都經過銀行在金管局的結算帳戶，總結餘一定會變。", "no_effect"),
        ],
    },
    {
        "id": "7.5",
        "role": "claim",
        "faq": "Q3.2",
        "kind": "choice",
        "options": {
            "A": "QT1 原本沒打算停，2019 年 9 月附買回利率飆升後才被迫喊停",
            "B": "FOMC 在 2019 年 7 月 31 日已決定 8 月起停止縮表，9 月的飆升發生在縮表結束之後",
            "C": "QT1 一直持續到 2020 年 3 月疫情爆發才停止",
            "D": "聯準會在 2019 年 9 月主動賣出公債，才把附買回利率壓下來",
        },
        "expected": "B",
        "hints": [
            'load("qt_repo_2019") 按日期列出了決定、飆升與之後的操作。',
            "比較「停止縮表生效」和「SOFR 跳到 5.25%」兩個日期，哪一個在前？",
        ],
        "solution": "B。2019-03-20 的計畫已排定 9 月底結束縮表，2019-07-31 又提早到 8 月；SOFR 在 2019-09-17 跳到 5.25%，"
        "那時縮表已經停了一個半月。之後聯準會做的是附買回操作與買國庫券，不是賣債。",
        "misconceptions": [
            mis("A", "時間順序反了：縮表在 8 月就停了，9 月 17 日的飆升發生在那之後。", "repo_forced_stop"),
            mis("D", "賣債會抽走更多準備金，讓利率更高。聯準會做的是附買回操作（借出現金）和買國庫券。", "sold_bonds"),
        ],
    },
    {
        "id": "7.6",
        "role": "lookup",
        "faq": "Q3.3",
        "kind": "date",
        "granularity": "day",
        "expected": _qt2_end_text,
        "hints": [
            '用 load("qt_caps")，找 2022 年以後公債與 MBS 上限都變成 0 的那一列。',
            "上限表記的是「從哪一天開始生效」，不是 FOMC 開會的日子。",
        ],
        "solution": f"{_qt2_end_text}。FOMC 在 2025-10-29 決定，從 12 月 1 日起到期公債全數再投資、MBS 的本金改買國庫券。"
        "12 月 10 日宣布、12 日開始的國庫券購買是另一個決定（準備金管理購債）。",
        "misconceptions": [
            mis(
                "2025-10-29", "10 月 29 日是 FOMC 做決定的日子；縮表停止是從 12 月 1 日生效。", "decision_vs_effective"
            ),
            mis("2025-12-12", "12 月 12 日是準備金管理購債開始的日子，那是縮表結束之後另一個決定。", "rmp_start"),
            mis("2025-12-10", "12 月 10 日是宣布準備金管理購債的會議，縮表在那之前已經結束。", "rmp_decision"),
        ],
    },
    {
        "id": "7.7",
        "role": "claim",
        "faq": "Q2.3",
        "kind": "truth",
        "expected": _pepp_open_ended,
        "hints": [
            'load("qe_2020_decisions") 裡歐洲央行的列，measure 欄寫的是什麼？',
            "第 1 章 6.4 節：PEPP 的額度在 2020 年改了兩次。",
        ],
        "solution": "錯。PEPP 一開始就有 7,500 億歐元的總額度，6 月加到 1 兆 3,500 億、12 月加到 1 兆 8,500 億；"
        "它的彈性在買什麼、何時買。2020 年對公債取消上限的是日本央行（4 月 27 日）。",
        "misconceptions": [
            mis(
                True,
                "PEPP 有明確的總額度（7,500 億歐元起，後來加到 1.85 兆），只是在買什麼、何時買上保留彈性。",
                "pepp_unlimited",
            ),
        ],
    },
    {
        "id": "7.8",
        "role": "lookup",
        "faq": "Q1.3",
        "kind": "choice",
        "options": {
            "A": "縮減資產負債表的速度",
            "B": "聯邦資金利率的目標區間",
            "C": "主動賣出 MBS",
            "D": "存款準備率",
        },
        "expected": "B",
        "hints": [
            "第 2 章第 8 節最後一段，以及本章 Q1.3 的查核事實。",
            "縮表被定位成在背景中「可預測地」進行。",
        ],
        "solution": "B。FOMC 2022-01-26 的縮表原則第一條：調整聯邦資金利率的目標區間，是調整貨幣政策立場的主要工具；"
        "縮表以可預測的方式、主要靠減少再投資來進行。",
        "misconceptions": [
            mis("A", "原則裡說縮表要可預測地在背景進行；主要工具是利率目標區間。", "qt_is_main_tool"),
            mis("C", "聯準會的兩輪 QT 都沒有賣出 MBS，原則也說主要靠減少再投資。", "active_sales"),
            mis("D", "原則裡沒有提到存款準備率；它寫的是聯邦資金利率的目標區間。", "reserve_ratio"),
        ],
    },
    {
        "id": "7.9",
        "role": "apply",
        "faq": "Q7.1",
        "kind": "number",
        "unit": "pct",
        "expected": _hkd_gain_pct,
        "tol": 0.001,
        "hints": [
            "1 港元值多少美元？在 7.80 時是 1/7.80，在 7.75 時是 1/7.75。",
            "漲幅 = (新值 ÷ 舊值 − 1) × 100，寫到小數第三位。",
        ],
        "solution": f"約 {_hkd_gain_pct:.3f}%。(1/7.75) ÷ (1/7.80) − 1 = 7.80 ÷ 7.75 − 1。港元對美元最強就是 7.75，"
        "比聯繫匯率的中心只強不到 1%，不會像浮動的新台幣那樣大幅升值。",
        "misconceptions": [
            mis(
                round(_usd_price_fall_pct, 4),
                "你算的是「1 美元少換了多少港元」（以 7.80 為分母）；題目問的是 1 港元值多少美元，分母是 1/7.80。",
                "wrong_base",
            ),
            mis(round(_band_pct, 4), "這是整個兌換範圍（7.75 到 7.85）的寬度；題目只問從 7.80 到 7.75。", "whole_band"),
            percent_slip(_hkd_gain_pct),
        ],
    },
    {
        "id": "7.10",
        "role": "predict",
        "faq": "Q7.1",
        "kind": "direction",
        "expected": _tw_direction,
        "hints": [
            "台灣是浮動匯率，央行理監事會自己決定重貼現率；利率會不會自動跟著聯準會，是香港的制度。",
            "先寫下你的預測並檢查，再執行下一格，用 pr.rate_on 查那兩天的重貼現率。",
        ],
        "solution": f"{_tw_direction}。聯準會 2015-12-16 升息一碼，台灣央行隔天反而把重貼現率降到 1.625%。"
        "台灣的利率並不是被迫跟著美國走；香港的基本利率才按公式跟著聯邦資金利率。",
        "misconceptions": [
            mis(
                "上升",
                "那是香港的情形：港元掛鉤美元，基本利率按公式跟著美國。台灣央行自己決定利率，這次還反向操作。",
                "follows_fed",
            ),
            mis("不變", "資料顯示這一天重貼現率有調整，而且和聯準會的方向相反。", "no_move"),
        ],
    },
    {
        "id": "7.11",
        "role": "predict",
        "faq": "Q6.3",
        "kind": "choice",
        "options": {"A": "約 −2%", "B": "約 −8%", "C": "約 −17%", "D": "約 +8%"},
        "expected": _bond_answer,
        "hints": [
            "先預測再執行下一格的 bonds.price_change_pct(3, 3, 10, 1)。",
            "修正存續期間約等於「殖利率上升 1 個百分點時價格跌幾 %」；10 年期平價公債的存續期間約 8.6 年。",
        ],
        "solution": f"{_bond_answer}。精確重新定價約 {_ten_year:.1f}%。2 年期約跌 1.9%、30 年期約跌 17%："
        "年期越長，同樣的殖利率上升跌得越多，這就是 QT 期間偏好短債的理由。",
        "misconceptions": [
            mis("D", "方向反了：殖利率上升時，債券價格下跌。", "sign"),
            mis("A", "約 −2% 是 2 年期公債；10 年期的存續期間長得多。", "two_year"),
            mis("C", "約 −17% 是 30 年期公債；10 年期跌得比較少。", "thirty_year"),
        ],
    },
    {
        "id": "7.12",
        "role": "predict",
        "faq": "Q5.1",
        "kind": "choice",
        "options": {"A": "低於 2%", "B": "2% 到 4%", "C": "4% 到 8%", "D": "8% 以上"},
        "expected": _cpi_answer,
        "hints": [
            '先預測，再執行下一格：load("market_annual") 的 cpi_avg_pct 欄是勞工統計局 CPI 的年平均漲幅。',
            "這段期間聯準會的資產變成將近五倍。規模大，物價就一定大漲嗎？",
        ],
        "solution": f"{_cpi_answer}。2009–2019 年 CPI 平均每年約漲 {_cpi_avg:.1f}%，低於 2% 的目標。QE 創造的是準備金，"
        "不會自動變成家庭的支出；2021–22 年的高通膨和財政直接發錢、供給衝擊同時發生。",
        "misconceptions": [
            mis(
                "D",
                "「印鈔就會高通膨」被 2009–2019 年的資料否定了：那段期間 CPI 平均漲幅還低於 2%。",
                "printing_means_inflation",
            ),
            mis("C", "比實際高很多：2009–2019 年的平均漲幅連 2% 都不到。", "too_high"),
            mis("B", "接近但仍偏高：2009–2019 年的平均漲幅低於 2% 的目標。", "near_target"),
        ],
    },
    {
        "id": "7.13",
        "role": "code",
        "faq": "Q1.3",
        "kind": "function",
        "expected": None,
        "cases": [{"args": [m, c], "expected": e} for (m, c), e in zip(_runoff_cases, _runoff_expected)],
        "hints": [
            "每月到期的本金在上限以內的部分不再投資，超過上限的部分照常再投資。",
            "實際縮表的金額是「到期金額」和「上限」兩者中較小的那個：min(...)。",
        ],
        "solution": "def answer_7_13(maturing, cap):\n    return min(maturing, cap)\n"
        "上限只是天花板：到期的錢比上限少時（例如 MBS 每月只還本約 170 億，上限 350 億），就只縮到期的那麼多。",
        "misconceptions": [
            mis(
                [float(c) for _, c in _runoff_cases],
                "你把上限當成縮表的速度：到期的錢不到上限時，只能縮到期的那麼多。",
                "cap_is_pace",
            ),
            mis(
                [float(m) for m, _ in _runoff_cases],
                "你忘了上限：到期金額超過上限的部分會再投資，不會縮掉。",
                "ignores_cap",
            ),
        ],
    },
    {
        "id": "7.14",
        "role": "claim",
        "faq": "Q3.1",
        "kind": "truth",
        "expected": _exit_order_true,
        "hints": [
            "三個日期都在資料表裡：fed_programs 的「2021 taper」結束日、fed_funds_target 2022 年第一次調高、fed_programs 的 QT2 開始日。",
            "把三個日期排一排。",
        ],
        "solution": "對。淨購債在 2022 年 3 月初停止，3 月 16 日第一次升息，6 月 1 日開始縮表。"
        "文章只說退場分「縮減購債」和「升息」兩步，漏了第三步縮表。",
        "misconceptions": [
            mis(
                not _exit_order_true,
                "三個日期依序是：2022 年 3 月初停止淨購債、3 月 16 日升息、6 月 1 日開始縮表。",
                "wrong_order",
            ),
        ],
    },
    {
        "id": "7.15",
        "role": "claim",
        "faq": "Q5.6",
        "kind": "choice",
        "options": {
            "A": "比特幣是股市下跌時能保護你的「數位黃金」",
            "B": "比特幣越來越像風險資產，拿它分散股票風險的效果變小",
            "C": "縮表一定會讓比特幣下跌",
            "D": "比特幣和股市完全無關",
        },
        "expected": "B",
        "hints": [
            "相關係數接近 0 代表無關，越接近 1 代表越常同漲同跌。",
            "相關係數說的是「一起動」，不是「誰造成誰」。",
        ],
        "solution": "B。IMF 估計比特幣與 S&P 500 每日報酬的相關係數從 2017–19 年的 0.01 升到 2020–21 年的 0.36："
        "它越來越常和股市一起漲跌，表現像風險資產。相關不等於因果，所以推不出「縮表一定讓它跌」。",
        "misconceptions": [
            mis("A", "避險資產要在股市下跌時上漲或抗跌；相關係數升到 0.36，表示它反而更常跟著股市跌。", "digital_gold"),
            mis("C", "相關係數不是因果，也只說「常一起動」；兩輪 QT 的樣本撐不起「一定」。", "qt_causes_fall"),
            mis("D", "0.01 才接近無關；0.36 代表有一定程度的同漲同跌。", "unrelated"),
        ],
    },
]
