"""Exercises of 第 5 章 台灣與香港的外溢效應. Expected values are computed from the data and the chapter's models."""

from helpers import currency_board as cb
from helpers import policy_rates as pr
from helpers.data import load
from helpers.marking import mis, sign_slip, unit_slips

_tw, _ff = pr.taiwan_rate(), pr.fed_lower()

# 5.1 / 5.2: the 2008-09 cuts, counted from the 2008 peak to the 2009 trough.
_CUT_START, _CUT_END = "2008-07-01", "2009-12-31"
_cuts = pr.count_moves(_tw, _CUT_START, _CUT_END)["down"]
_cuts_2008_only = pr.count_moves(_tw, _CUT_START, "2008-12-31")["down"]
_cut_size = -pr.change_between(_tw, _CUT_START, _CUT_END)

# 5.2 (new): the 2010-11 rises, while US rates sat near zero.
_RISE_START, _RISE_END = "2010-06-01", "2011-06-30"
_rise = pr.change_between(_tw, _RISE_START, _RISE_END)
_rise_count = pr.count_moves(_tw, _RISE_START, _RISE_END)["up"]

# 5.3: 2022-03 to 2024-03 tightening (the chapter prints the gap to 2023-07 only).
_HIKE_START, _HIKE_END = "2022-03-16", "2024-03-31"
_fed_hikes = pr.change_between(_ff, _HIKE_START, _HIKE_END)
_cbc_hikes = pr.change_between(_tw, _HIKE_START, _HIKE_END)
_hike_gap = _fed_hikes - _cbc_hikes
_hike_gap_2023 = pr.change_between(_ff, _HIKE_START, "2023-07-26") - pr.change_between(_tw, _HIKE_START, "2023-07-26")

# 5.6: the weak-side operation of 2025-06-26 on the HKMA's balance sheet (HKD bn).
_ev = load("hk_lers_events").set_index("date")
_weak_2025 = float(_ev.loc["2025-06-26", "flow_hkd_bn"])  # negative: the HKMA bought HKD

# 5.7: the Base Rate for assumed inputs (not a row the chapter prints).
_FED_LOWER, _HIBOR_AVG = 3.50, 2.2
_base = cb.base_rate(_FED_LOWER, _HIBOR_AVG)

# 5.8: the simulator scenario (not the one the chapter runs).
_SCENARIO = dict(size=40, shock_steps=3, us_rate=5.25, steps=40)
_run = cb.summary(
    cb.run(cb.shock_flows(_SCENARIO["size"], _SCENARIO["shock_steps"], _SCENARIO["steps"]), _SCENARIO["us_rate"])
)
_first_weak = _run["first_weak_step"]

# 5.9: the CBC's net US dollar purchases in 2020.
_fx = load("taiwan_cbc_fx_intervention").set_index("period_start")["net_purchase_usd_bn"]
_fx_2020, _fx_2022 = float(_fx["2020-01-01"]), float(_fx["2022-01-01"])

# 5.10: the SME facility's quotas.
_sme = load("taiwan_sme_facility")["quota_twd_bn"]
_sme_first, _sme_last = float(_sme.iloc[0]), float(_sme.iloc[-1])

# 5.13 / 5.16: sterilisation of FX purchases (NT$ bn).
_USD, _FX, _CD = 10.0, 31.0, 310.0


def sterilised(usd_bn, twd_per_usd, cds_twd_bn):
    """Change in banks' NT$ reserves (NT$ bn) after the CBC buys ``usd_bn`` US$ bn at ``twd_per_usd`` and issues
    ``cds_twd_bn`` of certificates of deposit: what it paid in, minus what the CDs took back."""
    return usd_bn * twd_per_usd - cds_twd_bn


_STER_CASES = [(10, 30, 300), (10, 30, 0), (5, 31, 100), (-4, 32, 0), (2, 30, 80)]

# 5.14: the same inflow at two US rates (all else equal).
_weak_hi = cb.summary(cb.run(cb.shock_flows(30, 5, 40), 5.25))["first_weak_step"]
_weak_lo = cb.summary(cb.run(cb.shock_flows(30, 5, 40), 1.0))["first_weak_step"]
_faster = "A" if _weak_hi is not None and (_weak_lo is None or _weak_hi < _weak_lo) else "B"

# 5.15: HIBOR as the Aggregate Balance drains from 200 to 50 (US 4.25 %).
_dhibor = cb.hibor(50, 4.25) - cb.hibor(200, 4.25)

EXERCISES = [
    {
        "id": "5.1",
        "role": "lookup",
        "kind": "number",
        "tol": 0,
        "expected": _cuts,
        "hints": [
            "用 policy_rates.taiwan_rate() 取得重貼現率的路徑，看 2008 年下半年到 2009 年的變動。",
            'policy_rates.count_moves(路徑, "2008-07-01", "2009-12-31") 會數出這段期間升息與降息的次數。',
        ],
        "solution": f"{_cuts} 次。第一次在 2008-09-25（3.625% → 3.5%），最後一次在 2009-02-18（降到 1.25%）。"
        f"其中 {_cuts_2008_only} 次在 2008 年，{_cuts - _cuts_2008_only} 次在 2009 年初。"
        '程式：pr.count_moves(pr.taiwan_rate(), "2008-07-01", "2009-12-31")["down"]',
        "misconceptions": [
            mis(_cuts_2008_only, "你只數到 2008 年底。最後兩次降息在 2009 年 1 月和 2 月。", "only_2008"),
            mis(
                _cuts - 1,
                "差一次：檢查第一次（2008-09-25，只降 0.125 個百分點）或最後一次（2009-02-18）有沒有算到。",
                "off_by_one",
            ),
        ],
        "praise": "文章說的「連續七次降息」和央行新聞稿相符。",
    },
    {
        "id": "5.2",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _rise,
        "rtol": 0.001,
        "hints": [
            "用 policy_rates.change_between(pr.taiwan_rate(), 起, 迄)：它回傳這段期間所有決策的累計變動（百分點）。",
            '起迄是 "2010-06-01" 與 "2011-06-30"。升息是正數。',
        ],
        "solution": f"{_rise:g} 個百分點，分 {_rise_count} 次，每次 0.125（重貼現率由 1.25% 升到 1.875%）。"
        "同一段時間，聯準會的目標區間停在 0–0.25%，2010 年 11 月還宣布了第二輪 QE：台灣央行並沒有被迫維持低利率。",
        "misconceptions": [
            mis(float(_rise_count), "這是升息的次數；題目問的是累計幅度（百分點）。", "count_not_size"),
            mis(_rise * 100, "單位：你寫的是基點。這題要百分點。", "bp_vs_pp"),
            sign_slip(_rise, "方向反了：這段期間台灣央行是升息，累計變動是正數。"),
        ],
    },
    {
        "id": "5.3",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _hike_gap,
        "rtol": 0.001,
        "hints": [
            "分別算 2022-03-16 到 2024-03-31 聯準會（目標區間下限）和台灣央行的累計升息幅度。",
            "policy_rates.change_between(pr.fed_lower(), ...) 減去 policy_rates.change_between(pr.taiwan_rate(), ...)。",
        ],
        "solution": f"聯準會升 {_fed_hikes:g} 個百分點，台灣央行同期只升 {_cbc_hikes:g}（含 2024 年 3 月的半碼），"
        f"相差 {_hike_gap:g} 個百分點。台灣央行有自己的利率政策，沒有被迫跟著聯準會同幅度升息。",
        "misconceptions": [
            mis(_hike_gap_2023, "你只算到 2023 年 7 月；台灣央行在 2024-03-21 又升了 0.125 個百分點。", "missed_2024"),
            mis(_fed_hikes, "這是聯準會一方的升幅；還要減去台灣央行同期的升幅。", "fed_only"),
            mis(_cbc_hikes, "這是台灣央行一方的升幅；題目要的是兩者的差距。", "cbc_only"),
            mis(_hike_gap * 100, "單位：你寫的是基點。這題要百分點。", "bp_vs_pp"),
        ],
    },
    {
        "id": "5.4",
        "role": "mechanism",
        "kind": "choice",
        "options": {
            "A": "買入港元、賣出美元（價格 7.85）",
            "B": "賣出港元、買入美元（價格 7.85）",
            "C": "宣布調高基本利率，讓港元回到 7.80",
            "D": "不做任何事，讓港元繼續貶值",
        },
        "expected": "A",
        "hints": [
            "7.85 是港元最弱的一端。要讓港元不再變弱，市場上的港元要變多還是變少？",
            "弱方兌換保證：銀行可以把港元賣給金管局、換回美元。從金管局的角度，它在做什麼？",
        ],
        "solution": "A。弱方兌換保證是金管局承諾在 7.85 買入銀行要賣的港元、付出美元。港元因此從總結餘中被收回，"
        "銀行體系的港元變少，拆息上升。基本利率由公式決定，不是用來守匯率的工具。",
        "misconceptions": [
            mis("B", "方向反了：賣出港元、買入美元是強方（7.75）兌換保證的操作。", "strong_weak_swap"),
            mis(
                "D",
                "在 7.85，金管局「一定」會應銀行的要求買入港元，港元不會再弱下去；這正是兌換保證的意思。",
                "no_commitment",
            ),
        ],
    },
    {
        "id": "5.5",
        "role": "mechanism",
        "kind": "direction",
        "expected": {"總結餘": "上升", "港元拆息": "下降", "金管局的美元資產": "上升"},
        "hints": [
            "強方兌換保證觸發時，金管局賣出港元給銀行。新港元記在哪裡？",
            "銀行在金管局的結算帳戶餘額（總結餘）變多，同業間港元資金寬鬆；金管局收到的是美元。",
        ],
        "solution": "總結餘上升（金管局賣出的港元存進銀行的結算帳戶）；港元拆息下降（資金變充裕）；"
        "金管局的美元資產上升（它用港元換進美元）。2025 年 5 月就是這樣：賣出約 1294 億港元後，拆息大幅下跌。",
        "misconceptions": [
            mis(
                {"總結餘": "下降", "港元拆息": "上升", "金管局的美元資產": "下降"},
                "三個方向都反了：這是弱方（7.85）觸發時的情況。",
                "strong_weak_swap",
            ),
            mis(
                {"總結餘": "上升", "港元拆息": "上升", "金管局的美元資產": "上升"},
                "拆息的方向不對：總結餘變多表示銀行手上的港元資金更多，借錢的價格（拆息）會下降。",
                "rate_direction",
            ),
        ],
    },
    {
        "id": "5.6",
        "role": "mechanism",
        "kind": "taccount",
        "expected": {"assets": {"fx_reserves": _weak_2025}, "liabilities": {"aggregate_balance": _weak_2025}},
        "hints": [
            '2025-06-26 弱方兌換保證觸發，金管局買入 94.2 億港元（load("hk_lers_events") 的 flow_hkd_bn）。'
            "金管局付出的是什麼？收回的是什麼？",
            "資產方：外匯儲備（fx_reserves，以港元計）減少；負債方：總結餘（aggregate_balance）減少。兩邊同額，單位十億港元。",
        ],
        "solution": f"資產方 fx_reserves {_weak_2025:g}、負債方 aggregate_balance {_weak_2025:g}（十億港元）。"
        "金管局付出約 12 億美元（9.42 ÷ 7.85），收回的港元從總結餘中消失；兩邊同額，貨幣基礎的每一塊錢仍有美元支持。",
        "misconceptions": [
            mis(
                {"assets": {"fx_reserves": -_weak_2025}, "liabilities": {"aggregate_balance": -_weak_2025}},
                "方向反了：這是強方（7.75）觸發時的帳（金管局賣出港元、買入美元，兩邊都增加）。",
                "strong_weak_swap",
            ),
            mis(
                {"assets": {"aggregate_balance": _weak_2025}, "liabilities": {"fx_reserves": _weak_2025}},
                "兩邊放反了：外匯儲備是金管局的資產，總結餘（銀行存在金管局的錢）是它的負債。",
                "sides_swapped",
            ),
        ],
        "unit": "hkd_bn",
        "rtol": 0.005,
    },
    {
        "id": "5.7",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _base,
        "rtol": 0.001,
        "hints": [
            "基本利率＝「聯邦資金利率目標下限＋0.5」與「隔夜及一個月 HIBOR 五日移動平均的平均」兩者取高者。",
            "currency_board.base_rate(聯準會下限, HIBOR 平均) 就是這條公式。",
        ],
        "solution": f"{_base:g}%。聯準會下限加 0.5 是 {_FED_LOWER + 0.5:g}%，比 HIBOR 平均 {_HIBOR_AVG:g}% 高，所以取前者。"
        "港元資金寬鬆、HIBOR 低的時候，基本利率由美國利率決定；2020-03-16 那次則相反，HIBOR 比較高。",
        "misconceptions": [
            mis(_HIBOR_AVG, "你取了 HIBOR 平均；公式是兩者取「較高」的那一個。", "took_lower"),
            mis(_FED_LOWER, "這是聯準會的目標下限本身；公式的第一項是下限加 0.5。", "fed_rate_itself"),
        ],
    },
    {
        "id": "5.8",
        "role": "predict",
        "kind": "number",
        "tol": 0,
        "expected": _first_weak,
        "hints": [
            "先寫下你的預測再執行模擬器。設定：資金衝擊 40、衝擊持續 3 期、美國政策利率 5.25%、模擬 40 期；讀摘要的弱方「第一次」。",
            "流入停止後，總結餘很大、HIBOR 遠低於美國利率，套息部位逐期建立、賣出港元，匯率走向 7.85。"
            "程式：currency_board.summary(currency_board.run(currency_board.shock_flows(40, 3, 40), 5.25))",
        ],
        "solution": f"第 {_first_weak} 期。前 3 期資金流入把港元推到 7.75，金管局賣出港元、總結餘大增；流入停止後，"
        "HIBOR 遠低於美國利率，套息部位逐期建立、賣出港元，匯率轉弱，到 7.85 觸發弱方兌換保證。"
        "這和 2025 年 5 月（強方）到 6 月底（弱方）的順序相同，但模型的期數不對應真實的天數。",
        "misconceptions": [
            mis(
                _run["first_strong_step"],
                "這是強方（7.75）兌換保證第一次觸發的那一期；題目問的是弱方（7.85）。",
                "strong_weak_swap",
            ),
            mis(
                _SCENARIO["shock_steps"] + 1,
                "流入停止的下一期，港元才剛開始轉弱，還沒碰到 7.85。請讀摘要裡弱方的「第一次」。",
                "right_after_shock",
            ),
        ],
    },
    {
        "id": "5.9",
        "role": "lookup",
        "kind": "number",
        "unit": "usd_bn",
        "expected": _fx_2020,
        "rtol": 0.005,
        "hints": [
            'load("taiwan_cbc_fx_intervention")，找 period_start 是 2020-01-01 的那一列。',
            "欄位 net_purchase_usd_bn 的單位是十億美元；正數＝央行淨買入美元。",
        ],
        "solution": f"約 {_fx_2020:g} 十億美元（391 億美元）的淨買匯。2020 年資金大量流入（貿易順差、企業匯回資金，同一年也有聯準會的無限 QE），央行買進美元減緩新台幣升值；"
        f"2022 年聯準會升息縮表，央行轉為淨賣匯 {-_fx_2022:g} 十億美元。",
        "misconceptions": [
            *unit_slips(_fx_2020, unit_word="（億美元 vs 十億美元：391 億美元＝39.1 十億美元）", factors=(10,)),
            mis(_fx_2022, "這是 2022 年（QT 與升息那一年）的數字，那年央行是淨賣出美元。", "qe_qt_swap"),
            sign_slip(_fx_2020, "方向反了：2020 年央行是淨「買入」美元（正數），以減緩新台幣升值。"),
        ],
    },
    {
        "id": "5.10",
        "role": "lookup",
        "kind": "number",
        "unit": "twd_bn",
        "expected": _sme_last,
        "rtol": 0.005,
        "hints": [
            'load("taiwan_sme_facility") 列出每次公布的額度；題目問的是最後一次調高後的額度。',
            "單位是十億新台幣：2,000 億元＝200 十億元。",
        ],
        "solution": f"{_sme_last:g} 十億元（4,000 億元）。2020-03-19 宣布 2,000 億元，9 月調高到 3,000 億元，"
        "2021-06-03 再提高到 4,000 億元。文章只提到最初的 2,000 億元。",
        "misconceptions": [
            mis(_sme_first, "這是 2020 年 3 月最初宣布的額度；之後又調高了兩次。", "first_quota_only"),
            *unit_slips(_sme_last, unit_word="（億元 vs 十億元：4,000 億元＝400 十億元）", factors=(10,)),
        ],
    },
    {
        "id": "5.11",
        "role": "claim",
        "kind": "multi",
        "options": {
            "A": "港元兌美元最強只能到 7.75，所以美元走弱時，港元不會像新台幣那樣大幅升值。",
            "B": "2022 到 2023 年，台灣央行跟著聯準會同幅度升息。",
            "C": "香港的基本利率由公式決定，聯準會升息時它幾乎自動跟著上升。",
            "D": "2020 年台灣央行調降房貸利率來增加市場資金。",
            "E": "2020 年台灣央行在外匯市場淨買入美元。",
        },
        "expected": ["A", "C", "E"],
        "hints": [
            "每一句都能用本章的資料表查證：hk_lers_events、hk_base_rate_decisions、taiwan_discount_rate、"
            "taiwan_cbc_measures、taiwan_cbc_fx_intervention。",
            "B：比較 5.3 算出的兩個升幅。D：央行不直接訂房貸利率；2020 年 12 月它做的是什麼？",
        ],
        "solution": "A、C、E。B 不對：同期聯準會升 5.25、台灣央行只升 0.75 個百分點。D 不對：房貸利率由銀行訂，"
        "央行 2020 年 3 月降的是重貼現率；到了 2020 年 12 月，它反而開始用選擇性信用管制限制房貸。",
        "misconceptions": [
            mis(
                ["A", "B", "C", "E"],
                "B 不對：2022-03 到 2023-07，聯準會升 5.25 個百分點，台灣央行只升 0.75。",
                "follows_fed",
            ),
            mis(
                ["A", "C", "D", "E"],
                "D 不對：央行不直接訂房貸利率；2020 年 12 月起它反而收緊房貸（選擇性信用管制）。",
                "mortgage_rate_claim",
            ),
        ],
    },
    {
        "id": "5.12",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "正確：央行只用選擇性信用管制管房市，從不升息",
            "B": "錯誤：2010 年 6 月的理監事會在限制特定地區購屋貸款的同時升息",
            "C": "無法判斷：本章的資料表沒有相關紀錄",
        },
        "expected": "B",
        "hints": [
            'load("taiwan_cbc_measures") 找 2010 年的那一列，再對照 pr.taiwan_rate() 在 2010 年 6 月有沒有變動。',
            'pr.moves_between(pr.taiwan_rate(), "2010-06-01", "2010-06-30")。',
        ],
        "solution": "B。2010-06-24 的理監事會把重貼現率由 1.25% 升到 1.375%，同時對特定地區第 2 戶以上購屋貸款設限；"
        "之後到 2011 年 6 月又升息四次。利率、準備率與信用管制，央行都用過，而且常一起用。",
        "misconceptions": [
            mis(
                "A",
                "2010-06-24 那一次，升息和房貸限制是同一天決定的（taiwan_cbc_measures 與 taiwan_discount_rate）。",
                "never_hiked",
            ),
            mis(
                "C",
                "資料表有：taiwan_cbc_measures 記了 2010-06-24 的措施，taiwan_discount_rate 記了同一天的升息。",
                "no_data",
            ),
        ],
    },
    {
        "id": "5.13",
        "role": "mechanism",
        "kind": "number",
        "unit": "twd_bn",
        "expected": sterilised(_USD, _FX, _CD),
        "tol": 0.01,
        "hints": [
            "央行買進美元時，付給銀行新台幣：銀行在央行的準備金增加「美元金額 × 匯率」。",
            "接著央行發行定期存單，銀行用準備金買存單：準備金減少存單的金額。兩步加起來是多少？",
        ],
        "solution": "0。買進 10 億美元付出 310 億元新台幣，準備金增加 310 億；再發行 310 億元定期存單，準備金減少 310 億。"
        "外匯存底多了 10 億美元，市場上的新台幣卻沒有變多：這就是沖銷。",
        "misconceptions": [
            mis(_USD * _FX, "你只算了買匯那一步。定期存單把同樣多的新台幣收回去了。", "no_sterilisation"),
            mis(-_USD * _FX, "方向不對：買匯讓準備金增加、發存單讓它減少，兩者抵銷。", "sign"),
            mis(_USD, "單位：10 是美元（十億美元）；題目問的是新台幣準備金的變動。", "usd_not_twd"),
        ],
    },
    {
        "id": "5.14",
        "role": "predict",
        "kind": "choice",
        "options": {"A": "美國利率 5.25% 時比較早觸發弱方", "B": "美國利率 1% 時比較早觸發弱方", "C": "兩者一樣早"},
        "expected": _faster,
        "hints": [
            "先預測再執行。同一波流入（每期 30、持續 5 期、模擬 40 期），其他條件不變，只改美國利率。",
            "流入讓總結餘變大、HIBOR 下跌。美國利率越高，和 HIBOR 的利差越大，套息部位就越大。"
            "用 currency_board.summary(currency_board.run(currency_board.shock_flows(30, 5, 40), 5.25)) 與 1.0 比較。",
        ],
        "solution": f"{_faster}。美國利率 5.25% 時第 {_weak_hi} 期觸發弱方；1% 時"
        f"{'第 ' + str(_weak_lo) + ' 期' if _weak_lo else '40 期內都沒有觸發'}。"
        "總結餘寬鬆時 HIBOR 只剩美國利率的一小部分；美國利率越高，利差越大，套息交易賣出的港元越多。",
        "misconceptions": [
            mis("B", "方向反了：美國利率越低，HIBOR 和它的差距越小，套息交易的誘因越小。", "carry_reversed"),
            mis("C", "美國利率會改變利差，利差決定套息部位的大小；兩者不會一樣。", "rate_irrelevant"),
        ],
    },
    {
        "id": "5.15",
        "role": "predict",
        "kind": "number",
        "unit": "pct",
        "expected": _dhibor,
        "tol": 0.05,
        "hints": [
            "先預測方向與大約幅度，再用 currency_board.hibor(總結餘, 美國利率) 算。",
            "算 cb.hibor(50, 4.25) − cb.hibor(200, 4.25)，單位是百分點。",
        ],
        "solution": f"約 {_dhibor:+.2f} 個百分點。總結餘由 2000 億降到 500 億港元，資金變少，模型的 HIBOR 上升，"
        "接近美國利率。這正是 2022–23 年的情形：弱方兌換保證一再觸發、總結餘縮小，港元拆息向美元利率靠攏。",
        "misconceptions": [
            sign_slip(_dhibor, "方向反了：總結餘變少，銀行手上的港元變少，拆息上升。"),
        ],
    },
    {
        "id": "5.16",
        "role": "code",
        "kind": "function",
        "cases": [{"args": list(c), "expected": sterilised(*c)} for c in _STER_CASES],
        "expected": None,
        "tol": 0.01,
        "hints": [
            "函式 answer_5_16(usd_bn, twd_per_usd, cds_twd_bn) 回傳銀行新台幣準備金的變動（十億新台幣）。",
            "買匯注入 usd_bn × twd_per_usd，定期存單收回 cds_twd_bn：回傳兩者的差。賣匯時 usd_bn 是負數。",
        ],
        "solution": "def answer_5_16(usd_bn, twd_per_usd, cds_twd_bn):\n    return usd_bn * twd_per_usd - cds_twd_bn",
        "misconceptions": [
            mis(
                [c[0] * c[1] for c in _STER_CASES],
                "你沒有扣掉定期存單：沖銷的意思就是把注入的新台幣收回。",
                "no_sterilisation",
            ),
            mis([c[0] * c[1] + c[2] for c in _STER_CASES], "定期存單的方向反了：銀行買存單，準備金減少。", "cd_sign"),
        ],
    },
]
