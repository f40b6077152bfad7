"""Exercises of 第 2 章 量化緊縮的機制. Expected values that follow from data or models are computed here."""

import pandas as pd

from helpers import reserves, runoff
from helpers.data import load
from helpers.marking import mis, sign_slip, unit_slips

# 2.2: the combined cap in force just before the April 2025 slowdown (qt_caps).
_cap_before_2025 = sum(runoff.caps_at("2025-03"))
_cap_2022 = sum(runoff.caps_at("2024-05"))
_cap_after_2025 = sum(runoff.caps_at("2025-04"))

# 2.3: average monthly fall of MBS holdings between two H.4.1 dates the chapter does not print (H.4.1).
_mbs_pace = round(runoff.average_monthly_decline("mbs", "2023-12-20", "2025-04-30"), 1)
_mbs_cap = runoff.caps_at("2023-01")[1]

# 2.5: the first month after QT1 began in which both caps were 0.
_caps = load("qt_caps")
_qt1_end = _caps[
    (_caps["effective_date"] > "2017-10-01") & (_caps["treasury_cap_usd_bn"] == 0) & (_caps["mbs_cap_usd_bn"] == 0)
]["effective_date"].min()
_repo_spike = load("qt_repo_2019").sort_values("rate_pct").dropna(subset=["rate_pct"])["date"].iloc[-1]

# 2.6: events in date order, read from the chapter's tables.
_boe = load("qt_boe_apf")
_events = {  # letters deliberately not in date order: the question must not give the answer away
    "A": _boe.loc[_boe["event"].str.contains("第一次主動賣出"), "date"].iloc[0],
    "B": _repo_spike,
    "C": load("fed_programs").set_index("name").loc["QT2", "end"],
    "D": _caps.loc[
        (_caps["effective_date"] > "2017-10-01") & (_caps["treasury_cap_usd_bn"] == 0), "effective_date"
    ].min()
    - pd.Timedelta(days=1),
    "E": load("fed_programs").set_index("name").loc["2019 reserve management", "start"],
}
_order = sorted(_events, key=_events.get)

# 2.8: answered with the widget's model.
_floor_args = dict(start="2023-01", treasury_cap=60, mbs_cap=35, reserve_floor=3000)
_floor = runoff.reserve_floor_month(**_floor_args)
_floor_half = runoff.reserve_floor_month("2023-01", 30, 17.5, 3000)

# 2.10: how much the "full cap every month" model overstates MBS runoff by 2024-05-15 (H.4.1); the chapter
# prints the gap at 2025-11-12 only.
_naive = runoff.compare_with_h41(runoff.simulate_runoff(caps_bind=True), items=("mbs",))
_naive_gap = round(-float(_naive.loc[_naive["date"] == "2024-05-15", "error_usd_bn"].iloc[0]), 1)


# 2.12–2.13: the floor-system model (第 6 節) with the administered rates of 2025-10-31.
_c25 = reserves.corridor("2025-10")
_rate_25 = round(reserves.market_rate(2.5, _c25, 2.9), 2)
_rate_25_nosrf = round(reserves.market_rate(2.5, _c25, 2.9, srf=False), 2)
_rise_high = reserves.market_rate(3.1, _c25, 2.9) - reserves.market_rate(3.4, _c25, 2.9)
_rise_low = reserves.market_rate(2.6, _c25, 2.9) - reserves.market_rate(2.9, _c25, 2.9)
_bigger = "B" if _rise_low > _rise_high else "A"

# 2.14: a month of Treasury runoff financed out of the ON RRP (T-accounts of helpers.balance_sheet).
_start = reserves.qt_start_system()
_via_rrp = reserves.qt_month(_start, 60, funded_by="on_rrp").fed.changes(_start.fed)
_via_banks = reserves.qt_month(_start, 60, funded_by="banks").fed.changes(_start.fed)

# 2.16: the liabilities identity checked on cases (USD bn).
_identity_cases = [
    {"args": [6500, 2400, 850, 50, 300]},
    {"args": [8900, 2200, 700, 2200, 400]},
    {"args": [100, 10, 20, 30, 0]},
]
for _case in _identity_cases:
    _case["expected"] = reserves.reserves_identity(*_case["args"])
_forgot_rrp = [float(a[0] - a[1] - a[2] - a[4]) for a in (c["args"] for c in _identity_cases)]
_added_rrp = [float(a[0] - a[1] - a[2] + a[3] - a[4]) for a in (c["args"] for c in _identity_cases)]


def _month(ts):
    return f"{ts:%Y-%m}"


EXERCISES = [
    {
        "id": "2.1",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "聯準會在市場上把這批公債賣掉",
            "B": "上限以內的到期本金不再投資，超過上限的部分照常再投資",
            "C": "到期本金全部再投資，縮表只靠升息",
            "D": "聯準會要求財政部提前還款",
        },
        "expected": "B",
        "hints": [
            "聯準會的 QT 叫「到期不再投資」（runoff），不是「賣出」。",
            "每個月有一個上限：到期的錢在上限以內就讓它消失，超過的部分要再買回。",
        ],
        "solution": "B。聯準會的 QT 是被動縮表：每月到期的本金在上限以內的部分不再投資，資產負債表因此縮小；"
        "超過上限的部分照常再投資。主動賣出是英格蘭銀行從 2022-11-01 起做的事，聯準會沒有賣。",
        "misconceptions": [
            mis("A", "那是主動賣出（active sales），英格蘭銀行做過，聯準會的 QT 沒有賣債。", "active_vs_passive"),
            mis("C", "全部再投資就不會縮表了：上限以內的到期本金不再投資，才是 QT。", "no_runoff"),
        ],
    },
    {
        "id": "2.2",
        "role": "lookup",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _cap_before_2025,
        "tol": 0.01,
        "hints": [
            '用 load("qt_caps") 找出 2025 年 3 月（也就是 4 月放緩之前）有效的那一列。',
            "把公債上限和 MBS 上限加起來；單位是十億美元（USD bn）。",
        ],
        "solution": f"{_cap_before_2025:g}（十億美元），也就是每月 {_cap_before_2025 * 10:,.0f} 億美元："
        "2024 年 6 月起公債上限 250 億、MBS 上限 350 億。每月 950 億美元的合計上限只到 2024 年 5 月為止。"
        '程式：sum(runoff.caps_at("2025-03"))。',
        "misconceptions": [
            mis(_cap_2022, "這是 2024 年 5 月以前的合計上限。2024 年 6 月第一次放緩後，合計上限已經降了。", "seed_950"),
            mis(_cap_after_2025, "這是 2025 年 4 月放緩「之後」的合計上限，題目問的是放緩之前。", "after_not_before"),
            mis(
                _cap_before_2025 * 10,
                "你寫的像是「億美元」的數字：600 億美元就是 60（十億美元）。這題的單位是十億美元。",
                "yi_vs_bn",
            ),
        ]
        + unit_slips(_cap_before_2025, unit_word="單位（十億美元）"),
    },
    {
        "id": "2.3",
        "role": "apply",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _mbs_pace,
        "rtol": 0.03,
        "hints": [
            '用 load("qt_h41_levels") 找 2023-12-20 與 2025-04-30 的 mbs。',
            "兩者相減，再除以兩個日期之間的月數（天數 ÷ 30.44）。runoff.average_monthly_decline 會幫你算。",
        ],
        "solution": f"約 {_mbs_pace:g}（十億美元／月），遠低於每月 {_mbs_cap:g} 的上限。"
        '程式：runoff.average_monthly_decline("mbs", "2023-12-20", "2025-04-30")。'
        "房貸利率高，屋主不再轉貸，MBS 提前還款變少，所以每月還本只有上限的一半不到。",
        "misconceptions": [
            mis(_mbs_cap, "這是 MBS 的上限，不是實際的減少速度。上限是「最多」，實際還本少於上限。", "cap_not_pace"),
            sign_slip(_mbs_pace, "大小對了，但這題問的是每月「減少」多少，請寫正數。"),
        ]
        + unit_slips(_mbs_pace, unit_word="單位（十億美元／月）"),
    },
    {
        "id": "2.4",
        "role": "claim",
        "kind": "truth",
        "expected": False,
        "hints": [
            "比較上一題算出的實際 MBS 減少速度和每月 350 億美元的上限。",
            "上限要「有約束力」，實際到期的錢必須超過上限；如果本來就不到上限，上限改不改都一樣。",
        ],
        "solution": "錯。2022–2025 年 MBS 每月只減少約 150 億美元，從來沒碰到 350 億的上限，"
        "所以 2025 年維持 MBS 上限不變，並不會讓 MBS 縮得更快，也談不上藉此「壓抑房市」。",
        "misconceptions": [
            mis(True, "上限只是天花板：MBS 每月實際還本約 150 億，遠低於 350 億，上限根本沒有發揮作用。", "cap_binds"),
        ],
    },
    {
        "id": "2.5",
        "role": "lookup",
        "kind": "date",
        "granularity": "month",
        "expected": _month(_qt1_end),
        "hints": [
            "在 qt_caps 裡找 QT1 期間（2017–2019）兩個上限都變成 0 的那一列。",
            "FOMC 是在 2019-07-31 做的決定；上限表記的是「從哪個月開始生效」。",
        ],
        "solution": f"{_month(_qt1_end)}。FOMC 在 2019-07-31 決定從 8 月起停止縮表，比原訂的 9 月底提早兩個月。"
        "附買回利率飆升發生在 2019 年 9 月，是在 QT1 停止「之後」。",
        "misconceptions": [
            mis(
                _month(_repo_spike),
                "9 月是附買回利率飆升的月份，那時縮表已經停了。QT1 不是因為這場風波才停止。",
                "repo_spike_month",
            ),
            mis("2019-07", "7 月 31 日是 FOMC 做決定的日子；停止縮表是從下一個月才生效。", "decision_vs_effective"),
        ],
    },
    {
        "id": "2.6",
        "role": "lookup",
        "kind": "order",
        "options": {
            "A": "英格蘭銀行第一次主動賣出公債",
            "B": "SOFR 一天內跳到 5.25%",
            "C": "聯準會結束 QT2",
            "D": "FOMC 決定提早結束 QT1",
            "E": "聯準會第一次為了維持準備金充足而開始買國庫券（附買回風波之後那一次）",
        },
        "expected": _order,
        "hints": [
            "先把 2019 年的三件事排好：決定停止縮表、附買回風波、開始買國庫券。",
            "資料：qt_repo_2019、qt_caps、fed_programs、qt_boe_apf 都有日期。",
        ],
        "solution": "D（2019-07-31）→ B（2019-09-17）→ E（2019-10-15）→ A（2022-11-01）→ C（2025-11-30 為最後一天）。",
        "misconceptions": [
            mis(
                ["B", "D", "E", "A", "C"],
                "QT1 的停止決定在 7 月，附買回風波在 9 月：不是風波迫使縮表停止。",
                "spike_before_end",
            ),
            mis(
                ["D", "E", "B", "A", "C"],
                "先有 9 月的附買回風波，聯準會才在 10 月開始買國庫券。",
                "purchases_before_spike",
            ),
        ],
    },
    {
        "id": "2.7",
        "role": "mechanism",
        "kind": "taccount",
        "expected": {"assets": {"treasuries": -30}, "liabilities": {"reserves": -30}},
        "hints": [
            "聯準會持有的 300 億公債到期、不再投資：資產方哪一項變少？",
            "財政部付錢還債，最後這筆錢來自銀行體系（民間買新發的公債），所以負債方少的是準備金。",
        ],
        "solution": "資產方：公債 −30；負債方：準備金 −30。到期的公債消失，付款的錢從銀行體系流回聯準會後被「銷掉」。"
        "（如果當時有很多錢停在 ON RRP，減少的可能是 ON RRP 而不是準備金，這正是 2022–2024 年發生的事。）",
        "misconceptions": [
            mis(
                {"assets": {"treasuries": 30}, "liabilities": {"reserves": 30}},
                "方向反了：這是 QE（買進）的記帳。QT 讓資產與負債同時「減少」。",
                "qe_qt_swap",
            ),
            mis(
                {"assets": {"treasuries": -30}, "liabilities": {"tga": -30}},
                "財政部帳戶只是暫時減少：財政部會發新債把帳戶補回來，最後少掉的是銀行的準備金。",
                "tga_only",
            ),
            mis(
                {"assets": {"treasuries": -300}, "liabilities": {"reserves": -300}},
                "方向和項目都對，但你寫的是「億美元」：這題單位是十億美元，300 億美元寫成 30。",
                "yi_vs_bn",
            ),
        ],
    },
    {
        "id": "2.8",
        "role": "apply",
        "kind": "date",
        "granularity": "month",
        "expected": _month(_floor),
        "hints": [
            "用上面的模擬器：開始月份選 2023-01，公債上限 60、MBS 上限 35，準備金下限拉到 3,000，其他維持預設。",
            '也可以直接算：runoff.reserve_floor_month("2023-01", 60, 35, 3000)。',
        ],
        "solution": f'{_month(_floor)}（模型結果）。程式：runoff.reserve_floor_month("2023-01", 60, 35, 3000)。'
        "模型假設縮表先抽乾 ON RRP，之後才動到準備金，所以準備金要等 ON RRP 見底後才開始下降。",
        "misconceptions": [
            mis(
                _month(_floor - pd.offsets.MonthBegin(1)),
                "差了一個月：找的是準備金「第一次低於或等於」下限的那個月。",
                "off_by_one_early",
            ),
            mis(
                _month(_floor + pd.offsets.MonthBegin(1)),
                "差了一個月：找的是準備金「第一次低於或等於」下限的那個月。",
                "off_by_one_late",
            ),
            mis(_month(_floor_half), "這是上限減半（30 與 17.5）時的答案，請把上限設成 60 與 35。", "qt2_initial_caps"),
        ],
    },
    {
        "id": "2.9",
        "role": "mechanism",
        "kind": "multi",
        "options": {
            "A": "買的是短天期國庫券，不是長天期公債或 MBS",
            "B": "聯準會的總資產不會因此增加",
            "C": "目的是讓準備金維持充足、守住利率區間，不是壓低長期利率",
            "D": "它會直接壓低房貸利率",
            "E": "FOMC 明說這是技術性操作，不代表貨幣政策立場改變",
        },
        "expected": ["A", "C", "E"],
        "hints": [
            "QE 的重點是買長天期資產、壓低長期利率。準備金管理購債買的是什麼？",
            "買國庫券一樣要付錢，總資產會不會增加？",
        ],
        "solution": "A、C、E。2025-12-12 起的準備金管理購債買的是國庫券，目的是維持準備金充足與利率控制，"
        "FOMC 說明這不代表政策立場改變。總資產確實會增加（B 錯），但它不是為了壓低長期利率或房貸利率（D 錯）。",
        "misconceptions": [
            mis(
                ["A", "B", "C", "E"],
                "總資產其實會增加：買國庫券要付錢，資產與準備金同時增加。"
                "它不是 QE，是因為買什麼、為什麼買，而不是因為資產沒變。",
                "assets_do_not_grow",
            ),
            mis(
                ["A", "C", "D", "E"],
                "國庫券是短天期，買它幾乎不影響長期利率，也不會直接壓低房貸利率。",
                "mortgage_rates",
            ),
        ],
    },
    {
        "id": "2.10",
        "role": "apply",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _naive_gap,
        "rtol": 0.03,
        "hints": [
            "用 runoff.simulate_runoff(caps_bind=True) 做「每月都縮到上限」的模型，"
            "再用 runoff.compare_with_h41(...) 和 H.4.1 比較。",
            "看 2024-05-15 的 mbs：模型比 H.4.1 少了多少？寫正數。",
        ],
        "solution": f"約 {_naive_gap:,.0f}（十億美元），也就是約 {_naive_gap / 1000:.2f} 兆美元。"
        "如果 MBS 每月都縮 350 億，到 2024 年 5 月 MBS 會少很多；實際上每月只還本約 150 億，"
        "所以「上限 × 月數」會大大高估縮表。",
        "misconceptions": [
            sign_slip(_naive_gap, "大小對了，但題目問的是模型「多縮了」多少，請寫正數。"),
        ]
        + unit_slips(_naive_gap, unit_word="單位（十億美元）"),
    },
    {
        "id": "2.11",
        "role": "lookup",
        "kind": "choice",
        "options": {
            "A": "央行提高政策利率",
            "B": "央行讓到期公債不再投資",
            "C": "政府減少支出或增加稅收",
            "D": "央行主動賣出持有的公債",
        },
        "expected": "C",
        "hints": [
            "「財政」指的是政府的收支，「貨幣」政策才是央行的工作。",
            "A、B、D 都是央行的動作。",
        ],
        "solution": "C。財政緊縮是政府減少支出或加稅；升息與縮表（不論被動到期或主動賣出）都是央行的貨幣政策。",
        "misconceptions": [
            mis("B", "讓公債到期不再投資是央行的量化緊縮（QT），屬於貨幣政策，不是財政緊縮。", "qt_is_fiscal"),
            mis("A", "升息是央行的貨幣政策，不是財政政策。", "hike_is_fiscal"),
        ],
    },
    {
        "id": "2.12",
        "role": "predict",
        "kind": "number",
        "expected": _rate_25,
        "tol": 0.005,
        "hints": [
            "先想：準備金 2.5 兆在 2.9 兆的分界左邊，是稀缺區，曲線很陡。但有一個工具會把利率擋住。",
            'SRF 的利率是目標區間上緣。驗證：reserves.market_rate(2.5, reserves.corridor("2025-10"), 2.9)。',
        ],
        "solution": f"{_rate_25:.2f}（年利率 %）。準備金 2.5 兆已經在稀缺區，沒有 SRF 的曲線會到 {_rate_25_nosrf:.2f}%；"
        "但機構可以用 SRF 的利率向聯準會借，所以市場利率被擋在 SRF 的 4.00%。",
        "misconceptions": [
            mis(
                _rate_25_nosrf,
                "這是沒有 SRF 時曲線的值。2025 年有 SRF：利率碰到它的利率就停住，多出的需求由 SRF 借出。",
                "forgot_srf",
            ),
            mis(
                _c25.iorb,
                "利率只有在充足區才貼著 IORB。2.5 兆在 2.9 兆的分界左邊，是稀缺區，利率會高於 IORB。",
                "always_iorb",
            ),
            mis(
                _c25.on_rrp,
                "ON RRP 利率是下限：準備金很多時利率才會貼著它。準備金減少，利率往上走，不是往下。",
                "floor_not_ceiling",
            ),
        ],
    },
    {
        "id": "2.13",
        "role": "predict",
        "kind": "choice",
        "options": {
            "A": "從 3.4 兆降到 3.1 兆的那一次",
            "B": "從 2.9 兆降到 2.6 兆的那一次",
            "C": "兩次一樣多，因為都少了 0.3 兆",
        },
        "expected": _bigger,
        "hints": [
            "需求曲線在準備金多的地方是平的，在準備金少的地方是陡的。",
            "驗證：在模擬器選 2025 年 10 月底、分界 2.9 兆，把準備金從 3.4 拉到 3.1，再從 2.9 拉到 2.6，比較利率的變化。",
        ],
        "solution": f"{_bigger}。模型中從 3.4 降到 3.1 兆，利率只上升約 {_rise_high * 100:.0f} 個基點；"
        f"從 2.9 降到 2.6 兆，上升約 {_rise_low * 100:.0f} 個基點（而且碰到 SRF 上限才停）。"
        "曲線不是直線：準備金越少，每少一塊錢的影響越大。這就是聯準會要在碰到稀缺區之前停止縮表的原因。",
        "misconceptions": [
            mis(
                "C", "只有直線才會「少一樣多、漲一樣多」。準備金需求曲線在充裕區是平的，在稀缺區很陡。", "linear_curve"
            ),
            mis(
                "A" if _bigger == "B" else "B",
                "方向想反了：準備金還很多的時候，少一點幾乎沒有感覺；準備金少的時候才敏感。",
                "steep_when_abundant",
            ),
        ],
    },
    {
        "id": "2.14",
        "role": "predict",
        "kind": "taccount",
        "expected": _via_rrp,
        "hints": [
            "2023 年上半年，ON RRP 還有兩兆美元以上。新國庫券的殖利率比 ON RRP 高一點時，貨幣市場基金會怎麼做？",
            '財政部先發新債收進 TGA，再用 TGA 還聯準會到期的債：TGA 的淨變動是 0。驗證：reserves.qt_month(start, 60, funded_by="on_rrp")。',
        ],
        "solution": "資產方：公債 −60；負債方：ON RRP −60。貨幣市場基金把停在 ON RRP 的錢拿出來買國庫券，"
        "財政部收進 TGA 後又用它還給聯準會，所以最後少掉的是 ON RRP，準備金不變。"
        "這就是 2022–2024 年準備金沒有跟著縮表下降的原因。",
        "misconceptions": [
            mis(
                _via_banks,
                "這是買新債的錢來自銀行存款時的結果（2025 年 ON RRP 見底以後）。"
                "題目說的是貨幣市場基金從 ON RRP 撤出資金。",
                "reserves_not_rrp",
            ),
            mis(
                {"assets": {"treasuries": -60}, "liabilities": {"tga": -60}},
                "TGA 只是中途站：財政部發新債把它補回來，TGA 的淨變動是 0。",
                "tga_only",
            ),
            mis(
                {"assets": {"treasuries": 60}, "liabilities": {"on_rrp": 60}},
                "方向反了：到期不再投資讓資產和負債同時「減少」。",
                "qe_qt_swap",
            ),
        ],
    },
    {
        "id": "2.15",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "準備金",
            "B": "隔夜逆回購 ON RRP",
            "C": "流通中的通貨",
            "D": "財政部帳戶 TGA",
        },
        "expected": "A",
        "hints": [
            "用負債恆等式：總資產不變時，TGA 增加，右邊一定有別的負債減少。",
            "2025 年秋天 ON RRP 已經接近零。買國庫券的錢只剩哪裡可以拿？",
        ],
        "solution": "A。財政部發債把 TGA 補回來，買債的人付出銀行存款，銀行在聯準會的準備金跟著減少。"
        "ON RRP 已經接近零，沒有緩衝；通貨不受影響；TGA 是增加的那一項。",
        "misconceptions": [
            mis(
                "B",
                "2022–2024 年是這樣，但 2025 年秋天 ON RRP 幾乎是零，已經沒有錢可以從那裡搬出來。",
                "rrp_still_there",
            ),
            mis("D", "TGA 是「增加」的那一項：財政部把發債收到的錢存進 TGA。題目問的是哪一項減少。", "tga_direction"),
            mis("C", "現金的多寡取決於民眾要用多少現金，和財政部發債無關。", "currency"),
        ],
    },
    {
        "id": "2.16",
        "role": "code",
        "kind": "function",
        "cases": _identity_cases,
        "expected": None,
        "tol": 1e-6,
        "hints": [
            "準備金＝總資產−通貨−TGA−ON RRP−其他負債（本題把資本併進其他負債）。",
            "def reserves_left(total_assets, currency, tga, on_rrp, other):\n    return total_assets - ...",
        ],
        "solution": "def reserves_left(total_assets, currency, tga, on_rrp, other):\n"
        "    return total_assets - currency - tga - on_rrp - other\n"
        "同一個恆等式：reserves.reserves_identity。",
        "misconceptions": [
            mis(_forgot_rrp, "少扣了 ON RRP：它也是聯準會的負債，貨幣市場基金放在那裡的錢不是準備金。", "forgot_rrp"),
            mis(_added_rrp, "ON RRP 的正負號錯了：它是負債，要減掉，不是加上。", "rrp_sign"),
        ],
    },
    {
        "id": "2.17",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "對：FOMC 的文件說，放慢縮表是為了防止通膨再起",
            "B": "錯：FOMC 明文說通膨不是理由",
            "C": "沒有根據：FOMC 文件給的理由是債務上限期間準備金可能大幅擺盪，沒有提到通膨",
        },
        "expected": "C",
        "hints": [
            "3 月的聲明只寫新的上限。理由要去哪裡找？",
            "看 2025 年 1 月的會議紀錄和 3 月的記者會怎麼說，再想：擔心通膨時，縮表應該加快還是放慢？",
        ],
        "solution": "C。2025-03-19 的聲明沒有寫理由；1 月的會議紀錄把放慢或暫停縮表和債務上限造成的準備金擺盪連在一起，"
        "鮑爾稱之為技術性決定。FOMC 沒有說過「不是因為通膨」（所以 B 不對），但它給的理由和通膨無關。",
        "misconceptions": [
            mis(
                "A",
                "FOMC 的聲明、會議紀錄與記者會都沒有這樣說；而且擔心通膨時該做的是加快縮表，不是放慢。",
                "seed_inflation",
            ),
            mis(
                "B",
                "FOMC 沒有寫過「通膨不是理由」這句話。正確的判斷是：文章的說法在第一手資料裡找不到根據。",
                "false_vs_unsupported",
            ),
        ],
    },
    {
        "id": "2.18",
        "role": "claim",
        "kind": "truth",
        "expected": False,
        "hints": [
            "QT2 在哪一天結束？同一天的記者會上，鮑爾估計的 PCE 物價漲幅是多少？",
            "FOMC 2022 年 5 月的計畫說，縮表要停在準備金的什麼位置？",
        ],
        "solution": "錯。FOMC 在 2025-10-29 決定 12 月 1 日結束縮表，鮑爾同日估計 PCE 物價一年上漲 2.8%，仍高於 2%。"
        "縮表的終點看的是準備金是否還充足，不是通膨。",
        "misconceptions": [
            mis(
                True,
                "結束 QT2 時通膨還在 2.8% 左右。縮表停止的理由是準備金接近充足、貨幣市場出現壓力。",
                "seed_two_percent",
            ),
        ],
    },
    {
        "id": "2.19",
        "role": "mechanism",
        "kind": "direction",
        "expected": "下降",
        "hints": [
            "準備金充裕時，隔夜利率貼著哪一個利率？",
            "下限往下移，貼著下限的利率會怎樣？準備金的數量有沒有變？",
        ],
        "solution": "下降。準備金充裕時，隔夜利率貼著 ON RRP 的下限、略低於 IORB。FOMC 把兩個行政利率一起調低，"
        "市場利率跟著下降，準備金的數量完全不用變。這就是下限體系「用價格、不用數量」控制利率的方式。",
        "misconceptions": [
            mis(
                "不變",
                "在下限體系裡，利率不是靠準備金的數量決定，而是靠行政利率。下限往下移，貼著它的利率也跟著下來。",
                "quantity_not_price",
            ),
            mis("上升", "方向反了：調低行政利率是降息，隔夜利率會下降。", "sign"),
        ],
    },
]
