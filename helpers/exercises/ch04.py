"""Exercises of 第 4 章 市場影響. Expected answers are computed from the course's data and models."""

from dataclasses import replace

import pandas as pd

from helpers import bonds, housing, inequality, market_series, valuation
from helpers.data import load
from helpers.marking import mis, percent_slip, sign_slip

# ------------------------------------------------------------------------------------------ data and models
_y10 = load("market_yields").set_index("date")["ust10y_pct"]
_tt = market_series.taper_tantrum()  # the course's one definition (daily DGS10)
_tt_start, _tt_peak, _tt_shock = _tt["start_pct"], _tt["peak_pct"], _tt["rise_pp"]
_tt_exact = float(bonds.price_change_pct(_tt_start, _tt_start, 30, _tt_shock))  # 4.1: a 30-year par bond
_tt_duration = float(bonds.price_change_pct(_tt_start, _tt_start, 30, _tt_shock, method="duration"))
_tt_ten = float(bonds.price_change_pct(_tt_start, _tt_start, 10, _tt_shock))  # printed in the chapter
_tt_old_shock = float(_y10["2013-09-05"] - _y10["2013-05-02"])  # from the May 2 low
_tt_old = float(bonds.price_change_pct(_tt_start, _tt_start, 30, _tt_old_shock))

# 4.13 — QE1 window on daily yields; 4.14 — a zero-coupon bond function; 4.15 — dollar debt
_windows = market_series.window_changes().set_index("window")
_qe1_change = float(_windows.loc["QE1", "DGS10"])
_qe1_letter = "A" if _qe1_change > 0.2 else "C" if _qe1_change < -0.2 else "B"
_ZERO_CASES = [(2.0, 1.0, 10), (4.0, 1.0, 30), (3.0, -0.5, 5), (1.0, 2.0, 20)]


def _zero_change(y0, dy, years, how="exact"):
    if how == "duration":
        return -years / (1 + y0 / 100) * dy
    if how == "sign":
        return -_zero_change(y0, dy, years)
    return ((1 + y0 / 100) ** years / (1 + (y0 + dy) / 100) ** years - 1) * 100


_zero_expected = [_zero_change(*c) for c in _ZERO_CASES]
_zero_duration = [_zero_change(*c, how="duration") for c in _ZERO_CASES]
_zero_sign = [_zero_change(*c, how="sign") for c in _ZERO_CASES]

_LAB_CODES = {"A": "2 年期公債", "B": "10 年期公債", "C": "30 年期公債", "D": "價值股", "E": "成長股"}
_lab = valuation.lab_changes(3.0, 1.0)
_order = sorted(_LAB_CODES, key=lambda code: -_lab[_LAB_CODES[code]])  # smallest loss first

_mort = load("market_mortgage_rates").set_index("date")["mortgage30_pct"]
_r2022, _rlow, _rhigh = float(_mort["2022-10-27"]), float(_mort["2021-01-07"]), float(_mort["2023-10-26"])
_pay = housing.payment_for_price(400_000, _r2022)
_pay_no_down = housing.monthly_payment(400_000, _r2022)
_pay_monthly_rate = 320_000 * (_r2022 / 100) / (1 - (1 + _r2022 / 100) ** -360)  # the year's rate used per month
_pay_interest_only = 320_000 * _r2022 / 1200
_pti_low = housing.payment_to_income(400_000, _rlow, 100_000)
_pti_high = housing.payment_to_income(400_000, _rhigh, 100_000)
_pay_growth = (housing.payment_for_price(400_000, _rhigh) / housing.payment_for_price(400_000, _rlow) - 1) * 100

_annual = load("market_annual").set_index("year")
_cpi_avg = float(_annual.loc[2009:2019, "cpi_avg_pct"].mean())
_m2_avg = float(_annual.loc[2009:2019, "m2_growth_pct"].mean())
_cpi_avg_2008 = float(_annual.loc[2008:2019, "cpi_avg_pct"].mean())

_cpi = load("market_cpi").set_index("date")["cpi_yoy_pct"]
_peak_month = _cpi.idxmax()
_release_month = _peak_month + pd.DateOffset(months=1)


def _direction(before, after):
    return "上升" if after > before else "下降" if after < before else "不變"


_dir = {
    "10年期公債殖利率": _direction(_y10["2021-12-31"], _y10["2022-12-30"]),
    "長天期公債價格": _direction(
        0.0, bonds.price_change_pct(_y10["2021-12-31"], _y10["2021-12-31"], 30, _y10["2022-12-30"] - _y10["2021-12-31"])
    ),
    "30年期房貸利率": _direction(_mort["2021-01-07"], _mort["2022-10-27"]),
    "M2貨幣供給": _direction(0.0, _annual.loc[2022, "m2_growth_pct"]),
}
_flip = {"上升": "下降", "下降": "上升", "不變": "不變"}

_sim = inequality.simulate()
_k_real = inequality.value(_sim, "資產族", 2021, "real_wealth_index")
_k_nominal = inequality.value(_sim, "資產族", 2021, "nominal_wealth_index")
_k_wage = inequality.value(_sim, "薪資族", 2021, "real_wealth_index")

_growth = valuation.growth_firm()
_dur_growth = _growth.duration(valuation.BASE_RATE_PCT)
_dur_value = valuation.value_firm().duration(valuation.BASE_RATE_PCT)
_dur_growth_6 = _growth.duration(6.0)
_dur_value_6 = valuation.value_firm().duration(6.0)

_k_zero = inequality.value(
    inequality.simulate(replace(inequality.Assumptions(), asset_return_pct=(0, 0, 0, 0))),
    "資產族",
    2021,
    "real_wealth_index",
)
_k_zero_letter = "A" if _k_zero > 120 else "C" if _k_zero < 100 else "B"

EXERCISES = [
    {
        "id": "4.1",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _tt_exact,
        "tol": 0.3,
        "hints": [
            "本章的縮減恐慌定義：market_series.taper_tantrum() 給出起點殖利率 start_pct 與上升幅度 rise_pp。"
            "本章算的是 10 年期；這題換成 30 年期。",
            "平價債券的票面利率等於起始殖利率。用 bonds.price_change_pct(起始殖利率, 票面利率, 30, 上升幅度)，"
            "上升幅度的單位是百分點。",
        ],
        "solution": f"殖利率從 {_tt_start:.2f}% 升到 {_tt_peak:.2f}%，上升 {_tt_shock:.2f} 個百分點。"
        f"30 年期平價債券（票面利率 {_tt_start:.2f}%）重新定價後下跌約 {-_tt_exact:.1f}%，"
        f"是 10 年期（約 {-_tt_ten:.1f}%）的兩倍多：存續期間越長，跌得越多。"
        '程式：tt = market_series.taper_tantrum(); bonds.price_change_pct(tt["start_pct"], tt["start_pct"], 30, tt["rise_pp"])',
        "misconceptions": [
            sign_slip(_tt_exact, "大小對了，但方向反了：殖利率上升時，既有債券的價格會下跌。"),
            percent_slip(_tt_exact),
            mis(
                _tt_duration,
                "這是只用存續期間的估計（−修正存續期間 × 殖利率變動）。30 年期債券在變動這麼大時，"
                '價格曲線的彎曲（凸性）不能忽略：請用 method="exact" 重新定價。',
                "duration_only",
            ),
            mis(_tt_ten, "這是 10 年期的跌幅（本章算過的）；題目換成 30 年期。", "ten_year"),
            mis(
                _tt_old,
                "你從 5 月 2 日的年內低點算起。本課程的定義是從柏南克作證前一天（2013-05-21）算起。",
                "other_definition",
            ),
        ],
        "praise": "這就是「縮減恐慌」讓長債持有人吃到的損失：央行還沒少買一張債，光是預期改變就夠了。",
    },
    {
        "id": "4.2",
        "role": "predict",
        "kind": "order",
        "expected": _order,
        "hints": [
            "先預測、用 check 交出排序，再用存續期間實驗室（markets.duration_lab()）或 valuation.lab_changes(3.0, 1.0) 驗證。",
            "跌幅由存續期間決定：現金流平均越晚拿到，對折現率越敏感。",
        ],
        "solution": "由跌最少到跌最多："
        + "、".join(f"{c} {_LAB_CODES[c]}（{_lab[_LAB_CODES[c]]:+.1f}%）" for c in _order)
        + "。價值股的存續期間約 15 年，介於 10 年與 30 年公債之間；成長股的現金流大多在 10 年以後，"
        "存續期間最長，跌得最多。",
        "misconceptions": [
            mis(list(reversed(_order)), "順序整個反了：題目要由「跌最少」排到「跌最多」。", "reversed"),
            mis(
                ["A", "B", "C", "D", "E"],
                "不是所有股票都比債券敏感：這家價值股的現金流來得早，"
                "存續期間（約 15 年）比 30 年期公債短，跌幅也比較小。",
                "stocks_after_bonds",
            ),
        ],
    },
    {
        "id": "4.3",
        "role": "apply",
        "kind": "number",
        "unit": "usd",
        "expected": _pay,
        "rtol": 0.003,
        "hints": [
            '先算貸款金額：房價減掉兩成頭期款。利率用 load("market_mortgage_rates") 查 2022-10-27 那一週。',
            "用 housing.payment_for_price(400_000, 利率)；預設就是 30 年、頭期款 20%。",
        ],
        "solution": f"貸款 32 萬美元，年利率 {_r2022:.2f}%（月利率 {_r2022 / 12:.4f}%），30 年 360 期，"
        f"每月還款約 {_pay:,.0f} 美元。",
        "misconceptions": [
            mis(_pay_no_down, "你把整間房子的價格都當成貸款了：先扣掉 20% 頭期款。", "no_down_payment"),
            mis(_pay_monthly_rate, "你把年利率當成月利率用了：每月的利率是年利率除以 12。", "annual_as_monthly"),
            mis(_pay_interest_only, "這只是第一個月的利息，還沒有攤還本金：房貸是本息平均攤還。", "interest_only"),
        ],
    },
    {
        "id": "4.4",
        "role": "apply",
        "kind": "number",
        "unit": "pct",
        "expected": _pti_high - _pti_low,
        "tol": 0.2,
        "hints": [
            f"在模擬器把房價設 400（千美元）、年收入 100（千美元）、頭期款 20%，利率先設 {_rlow:.2f}%，"
            f"再設 {_rhigh:.2f}%，各讀一次「占月收入」的比例。",
            "答案是兩個比例相減，單位是百分點；也可以用 housing.payment_to_income(400_000, 利率, 100_000) 計算。",
        ],
        "solution": f"利率 {_rlow:.2f}% 時月付額占收入約 {_pti_low:.1f}%，{_rhigh:.2f}% 時約 {_pti_high:.1f}%，"
        f"增加約 {_pti_high - _pti_low:.1f} 個百分點：同一間房子，從遠低於 28% 的經驗法則，變成"
        f"{'超過' if _pti_high > 28 else '逼近（但還沒超過）'}這條線。",
        "misconceptions": [
            mis(
                _pay_growth,
                "你算的是月付額增加了百分之多少。這題問的是「占收入的比例」相差幾個百分點。",
                "percent_change_not_points",
            ),
            mis(_pti_high, "這是利率 7.79% 時的比例本身；題目問的是比低點時增加多少。", "level_not_change"),
        ],
    },
    {
        "id": "4.5",
        "role": "lookup",
        "kind": "number",
        "unit": "pct",
        "expected": _cpi_avg,
        "tol": 0.05,
        "hints": [
            '用 load("market_annual")，以 year 為索引，取 2009 到 2019 年的 cpi_avg_pct。',
            '對這 11 年取平均：df.set_index("year").loc[2009:2019, "cpi_avg_pct"].mean()。',
        ],
        "solution": f"2009–2019 年 CPI 年平均漲幅約 {_cpi_avg:.2f}%，低於 2%（聯準會的 2% 目標以 PCE 衡量，這裡用 CPI 近似）。"
        "同一期間聯準會資產從約 0.9 兆擴大到約 4.5 兆美元：QE 沒有帶來高通膨。",
        "misconceptions": [
            percent_slip(_cpi_avg),
            mis(_m2_avg, "你算的是 M2 成長率的平均，不是通膨率：這題要 cpi_avg_pct 欄。", "m2_not_cpi"),
            mis(_cpi_avg_2008, "年份多算了 2008 年：題目是 2009 到 2019 年。", "off_by_one_year"),
        ],
    },
    {
        "id": "4.6",
        "role": "lookup",
        "kind": "date",
        "granularity": "month",
        "expected": _peak_month.strftime("%Y-%m"),
        "hints": [
            '用 load("market_cpi")，找 cpi_yoy_pct 最大的那一列。',
            "date 欄是「資料所屬的月份」，不是勞工統計局發布的日子。",
        ],
        "solution": f"{_peak_month.year} 年 {_peak_month.month} 月，CPI 年增率 {_cpi.max():.1f}%，是 1981 年 11 月以來最大的 "
        "12 個月漲幅（勞工統計局 2022-07-13 發布）。",
        "misconceptions": [
            mis(
                _release_month.strftime("%Y-%m"),
                "這是數字「發布」的月份。題目問的是物價漲最兇的那個月份本身。",
                "release_month",
            ),
            mis("2021-12", "2021 年 12 月是 7.0%，還在往上：高點在半年後。", "too_early"),
        ],
    },
    {
        "id": "4.7",
        "role": "mechanism",
        "kind": "multi",
        "options": {
            "A": "財政紓困：現金支票與加發的失業給付從財政部帳戶轉進家庭的銀行存款",
            "B": "QE 向非銀行（退休基金、保險公司等）買債，賣方的銀行存款增加",
            "C": "企業動用信用額度、銀行承作紓困貸款（PPP）：銀行放款時創造存款",
            "D": "利率降到零，持有存款的機會成本幾乎消失，大家把更多錢留在存款",
            "E": "銀行把 2009 年以來累積的準備金「借給」家庭，準備金變成了 M2",
            "F": "聯準會把新印的鈔票直接發到每個家庭的帳戶",
        },
        "expected": ["A", "B", "C", "D"],
        "hints": [
            "回想第 1 章的 T 帳戶：聯準會向「非銀行」買債時，誰的存款增加？向銀行買呢？",
            "M2 是家庭與企業的存款與現金。哪些事件會讓這些存款變多？準備金能不能離開銀行與聯準會之間？",
        ],
        "solution": "A、B、C、D。2020 年 M2 增加約四分之一，至少四股力量同時作用：財政移轉把錢送進家庭存款；"
        "QE 向非銀行買債直接增加存款；銀行放款（信用額度、PPP）創造存款；零利率讓大家願意持有存款。"
        "E 不對：準備金只在銀行與聯準會之間移動，不會「借出去」變成 M2。F 不對：紓困支票是財政部發的，不是聯準會。",
        "misconceptions": [
            mis(
                ["B"],
                "只講了「QE 印鈔」一個故事。QE 向非銀行買債確實增加存款，但 2020 年同時還有財政移轉、"
                "銀行放款與零利率，一個原因解釋不了四分之一的增幅。",
                "qe_only",
            ),
            mis(
                ["A"],
                "只講了紓困支票一個故事。財政移轉很重要，但 QE 向非銀行買債與銀行放款也創造了存款，"
                "零利率則讓大家願意持有它。",
                "fiscal_only",
            ),
            mis(
                ["A", "B", "C", "D", "E"],
                "E 是常見的「貨幣乘數」說法：準備金只在銀行與聯準會之間移動，"
                "銀行放款創造的是新的存款，不是把準備金交給家庭。",
                "money_multiplier",
            ),
            mis(
                ["A", "D", "F"],
                "紓困支票是財政部發的（經由財政部在聯準會的帳戶），聯準會沒有把錢直接發給家庭；"
                "聯準會的角色是買債，向非銀行買時才會增加存款。",
                "fed_helicopter",
            ),
        ],
    },
    {
        "id": "4.8",
        "role": "mechanism",
        "kind": "direction",
        "expected": _dir,
        "hints": [
            "2022 年聯準會升息並開始 QT。查 market_yields 在 2021-12-31 與 2022-12-30 的 10 年期殖利率。",
            "殖利率上升時，既有長債的價格怎麼變？M2 的變動在 market_annual 的 2022 年那一列。",
        ],
        "solution": "殖利率上升、長債價格下降、房貸利率上升、M2 下降（2022 年 12 月比前一年少 1.0%）："
        "這是 QE 時期的反方向。",
        "misconceptions": [
            mis(
                {k: _flip[v] for k, v in _dir.items()},
                "全部反了：這是 QE 時期的方向。2022 年是升息加縮表。",
                "qe_qt_swap",
            ),
        ],
    },
    {
        "id": "4.9",
        "role": "claim",
        "kind": "truth",
        "expected": False,
        "hints": [
            "「一起跌」是相關（correlation），「縮表讓它跌」是因果機制（mechanism）。",
            "2022 年同時發生了什麼？升息、縮表、通膨、加密貨幣業者倒閉……只有兩次 QT 的樣本，能分得開嗎？",
        ],
        "solution": "否。國際貨幣基金（IMF）發現，比特幣與 S&P 500 每日報酬的相關係數從 2017–2019 年的 0.01 "
        "升到 2020–2021 年的 0.36：兩者越來越常一起漲跌。但相關不等於機制：2022 年升息、縮表、"
        "高通膨與產業內的倒閉同時發生，這些資料無法證明是縮表造成下跌。",
        "misconceptions": [
            mis(
                True,
                "一起跌只說明兩者相關。要說「縮表造成下跌」，需要排除同時發生的升息、通膨與產業事件，"
                "目前的資料做不到：相關不等於因果。",
                "correlation_is_mechanism",
            ),
        ],
    },
    {
        "id": "4.10",
        "role": "predict",
        "kind": "choice",
        "options": {"A": "仍高於 120", "B": "介於 100 與 120 之間", "C": "低於 100：資產族變窮了"},
        "expected": _k_zero_letter,
        "hints": [
            "先預測、用 check 交出答案，再執行：a = replace(inequality.Assumptions(), asset_return_pct=(0, 0, 0, 0))，"
            '然後 inequality.value(inequality.simulate(a), "資產族", 2021, "real_wealth_index")。',
            "資產報酬為零時，資產族的財富還會因為什麼增加？又會因為什麼減少（扣除物價）？",
        ],
        "solution": f"{_k_zero_letter}：約 {_k_zero:.1f}（原本的假設下約 {_k_real:.1f}）。拿掉資產報酬，資產族只剩薪水的儲蓄，"
        "扣掉通膨後幾乎沒有成長：模型裡的 K 字，主要來自對資產報酬的假設。",
        "misconceptions": [
            mis(
                "A",
                "資產報酬是資產族財富成長的主要來源：把它設為 0，只剩薪水儲蓄，指數會掉很多。",
                "ignores_assumption",
            ),
            mis("C", "還有薪水的儲蓄（每年 15%）在累積，扣除物價之後仍略高於 100。", "forgets_saving"),
        ],
    },
    {
        "id": "4.11",
        "role": "claim",
        "kind": "choice",
        "options": {
            "A": "聯準會在 2013 年 5 月開始賣出公債，殖利率因此大漲。",
            "B": "10 年期殖利率從柏南克作證前一天（2013-05-21）到 9 月初上升約 1 個百分點，當時聯準會每月的購債金額還沒減少。",
            "C": "殖利率是在 2014 年 1 月真正開始縮減購債之後才大漲的。",
            "D": "10 年期公債殖利率在縮減恐慌中升破 5%。",
        },
        "expected": "B",
        "hints": [
            '用 market_series.taper_tantrum() 查縮減恐慌的起點與高點；再用 market_series.yields("2013-12-01", "2014-12-31") 看 2014 年。',
            "縮減購債是哪一天宣布、何時開始？查 fed_programs 的「2014 taper」。",
        ],
        "solution": f"B。10 年期殖利率從 {_tt_start:.2f}% 升到 {_tt_peak:.2f}%；觸發點是 2013-05-22 柏南克在國會暗示"
        "「可能放慢購債」。真正的縮減在 2013-12-18 宣布、2014 年 1 月開始，而 2014 年一整年殖利率反而從"
        "約 3.0% 降到約 2.2%。",
        "misconceptions": [
            mis("A", "聯準會在 2013 年沒有賣債，連購債都還沒減少：只是暗示未來可能放慢。", "sold_bonds"),
            mis(
                "C",
                "剛好相反：真正縮減的 2014 年，10 年期殖利率從約 3.0% 降到約 2.2%。市場在「預期」改變時就先反應了。",
                "after_taper",
            ),
            mis("D", "沒有那麼高：這一段的高點約 3.0%（2013-09-05 為 2.98%）。", "too_high"),
        ],
    },
    {
        "id": "4.12",
        "role": "apply",
        "kind": "number",
        "expected": _dur_growth_6,
        "tol": 0.2,
        "hints": [
            "本章算的是 8% 折現率下的存續期間；這題把折現率改成 6%（其他不變）。",
            "g = valuation.growth_firm()，再用 g.duration(6.0)：現值加權的平均收款時間（麥考利存續期間），單位是年。",
        ],
        "solution": f"約 {_dur_growth_6:.1f} 年，比 8% 時的約 {_dur_growth:.1f} 年更長：折現率越低，遠方的現金流權重越大，"
        "存續期間越長，對利率也越敏感。這就是低利率時期成長股對利率特別敏感的原因。",
        "misconceptions": [
            mis(_dur_growth, "這是本章在 8% 折現率下的數字；題目把折現率改成 6%。", "chapter_value"),
            mis(_dur_value_6, "這是價值股的存續期間。題目問的是成長股。", "wrong_firm"),
            mis(
                _dur_growth_6 / 1.06,
                "你算的是修正存續期間（再除以 1 + r）。這題要的是麥考利存續期間。",
                "modified_not_macaulay",
            ),
        ],
    },
    {
        "id": "4.13",
        "role": "predict",
        "kind": "choice",
        "options": {
            "A": "上升超過 0.2 個百分點",
            "B": "大致不變（±0.2 個百分點以內）",
            "C": "下降超過 0.2 個百分點：QE 把殖利率壓下來了",
        },
        "expected": _qe1_letter,
        "hints": [
            "先預測、用 check 交出答案，再執行 market_series.window_changes()，看 QE1 那一列的 DGS10。",
            "同一列的實質殖利率（DFII10）與損益兩平通膨率（T10YIE）各怎麼變？市場在 2008 年底預期的是什麼？",
        ],
        "solution": f"{_qe1_letter}。2008-11-24 到 2010-03-31，10 年期殖利率變動 {_qe1_change:+.2f} 個百分點。"
        f"宣布當天殖利率都下跌（2009-03-18 約 −0.5），但整段期間實質殖利率下跌 {_windows.loc['QE1', 'DFII10']:+.2f}、"
        f"損益兩平通膨率上升 {_windows.loc['QE1', 'T10YIE']:+.2f}：市場不再預期通縮，復甦與通膨預期回來了。",
        "misconceptions": [
            mis(
                "C",
                "宣布「當天」確實下跌，但整段期間的水準還受經濟前景與通膨預期影響：損益兩平通膨率從接近 0 升到 2% 以上，"
                "把名目殖利率推高。宣布效果和整段期間的變動要分開看。",
                "announcement_is_level",
            ),
            mis(
                "B",
                "看實質殖利率與損益兩平通膨率：兩者各動了一個百分點以上，只是方向相反，名目殖利率淨上升。",
                "no_change",
            ),
        ],
    },
    {
        "id": "4.14",
        "role": "code",
        "kind": "function",
        "cases": [{"args": list(c), "expected": v} for c, v in zip(_ZERO_CASES, _zero_expected)],
        "expected": _zero_expected,
        "tol": 0.02,
        "hints": [
            "零息債券只在到期時付 100 元：價格 = 100 / (1 + y/100) ** 年數，y 是殖利率（%）。",
            "價格變動（%）=（新價格 ÷ 舊價格 − 1）× 100；新價格用 y0 + dy 計算。",
        ],
        "solution": "def answer_4_14(y0, dy, years):\n"
        "    old = 100 / (1 + y0 / 100) ** years\n"
        "    new = 100 / (1 + (y0 + dy) / 100) ** years\n"
        "    return (new / old - 1) * 100\n"
        "殖利率上升時價格下跌；年數越長，跌得越多（零息債的存續期間就是年數）。",
        "misconceptions": [
            mis(
                _zero_duration,
                "你用的是存續期間的直線近似（−年數 ÷ (1 + y) × dy）。題目要精確重新定價："
                "變動大、年數長時，兩者差很多（凸性）。",
                "duration_only",
            ),
            mis(_zero_sign, "正負號反了：殖利率上升（dy > 0）時，債券價格下跌。", "sign"),
        ],
    },
    {
        "id": "4.15",
        "role": "mechanism",
        "kind": "direction",
        "expected": {"以本國貨幣計的美元債務": "下降", "借款人的償債負擔": "下降"},
        "hints": [
            "一家印尼公司欠 100 萬美元，收入是印尼盾。美元走弱、印尼盾走強時，還這筆債要準備多少印尼盾？",
            "國際清算銀行（BIS Bulletin 第 114 期）說明：美元貶值會強化新興市場借款人的資產負債表。",
        ],
        "solution": "都下降。債務以美元計、收入以本國貨幣計；美元走弱時，同一筆美元債換算成本國貨幣變少，償債負擔減輕。"
        "文章說美元走弱「加重」負擔是說反了：2022 年美元走強時，負擔才加重。",
        "misconceptions": [
            mis(
                {"以本國貨幣計的美元債務": "上升", "借款人的償債負擔": "上升"},
                "這是文章的說法，但方向反了：美元走弱時，一美元能換到的本國貨幣變少，美元債換算成本國貨幣就變小。",
                "seed_direction",
            ),
            mis(
                {"以本國貨幣計的美元債務": "不變", "借款人的償債負擔": "不變"},
                "以美元計的金額確實不變，但借款人是用本國貨幣賺錢還債：換算成本國貨幣後，債務變小了。",
                "dollar_terms_only",
            ),
        ],
    },
]
