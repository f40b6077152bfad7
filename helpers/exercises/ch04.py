"""Exercises of 第 4 章 市場影響. Expected answers are computed from the course's data and models."""
import pandas as pd

from helpers import bonds, housing, inequality, valuation
from helpers.marking import mis, percent_slip, sign_slip
from helpers.data import load

# ------------------------------------------------------------------------------------------ data and models
_y10 = load("market_yields").set_index("date")["ust10y_pct"]
_tt_start, _tt_peak = float(_y10["2013-05-02"]), float(_y10["2013-09-05"])
_tt_shock = _tt_peak - _tt_start
_tt_exact = float(bonds.price_change_pct(_tt_start, _tt_start, 10, _tt_shock))
_tt_duration = float(bonds.price_change_pct(_tt_start, _tt_start, 10, _tt_shock, method="duration"))

_LAB_CODES = {"A": "2 年期公債", "B": "10 年期公債", "C": "30 年期公債", "D": "價值股", "E": "成長股"}
_lab = valuation.lab_changes(3.0, 1.0)
_order = sorted(_LAB_CODES, key=lambda code: -_lab[_LAB_CODES[code]])          # smallest loss first

_mort = load("market_mortgage_rates").set_index("date")["mortgage30_pct"]
_r2022, _rlow, _rhigh = float(_mort["2022-10-27"]), float(_mort["2021-01-07"]), float(_mort["2023-10-26"])
_pay = housing.payment_for_price(400_000, _r2022)
_pay_no_down = housing.monthly_payment(400_000, _r2022)
_pay_monthly_rate = 320_000 * (_r2022 / 100) / (1 - (1 + _r2022 / 100) ** -360)   # the year's rate used per month
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
    "長天期公債價格": _direction(0.0, bonds.price_change_pct(_y10["2021-12-31"], _y10["2021-12-31"], 30,
                                                           _y10["2022-12-30"] - _y10["2021-12-31"])),
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

EXERCISES = [
    {
        "id": "4.1",
        "kind": "number",
        "unit": "pct",
        "expected": _tt_exact,
        "tol": 0.15,
        "hints": [
            "先用 load(\"market_yields\") 查 2013-05-02 與 2013-09-05 的 10 年期殖利率（ust10y_pct）。",
            "平價債券的票面利率等於起始殖利率。用 bonds.price_change_pct(起始殖利率, 票面利率, 10, 殖利率變動)，"
            "殖利率變動的單位是百分點。",
        ],
        "solution": f"殖利率從 {_tt_start:.2f}% 升到 {_tt_peak:.2f}%，上升 {_tt_shock:.2f} 個百分點。"
                    f"10 年期平價債券（票面利率 {_tt_start:.2f}%）的價格重新計算後下跌約 {-_tt_exact:.1f}%。"
                    "程式：bonds.price_change_pct(y0, y0, 10, y1 - y0)。",
        "misconceptions": [
            sign_slip(_tt_exact, "大小對了，但方向反了：殖利率上升時，既有債券的價格會下跌。"),
            percent_slip(_tt_exact),
            mis(_tt_duration, "這是只用存續期間的估計（−存續期間 × 殖利率變動）。殖利率變動這麼大時，"
                              "價格曲線的彎曲（凸性）不能忽略：請用 method=\"exact\" 重新定價。", "duration_only"),
        ],
        "praise": "這就是「縮減恐慌」讓債券持有人吃到的損失：央行還沒少買一張債，光是預期改變就夠了。",
    },
    {
        "id": "4.2",
        "kind": "order",
        "expected": _order,
        "hints": [
            "跌幅由存續期間決定：現金流平均越晚拿到，對折現率越敏感。",
            "用 valuation.lab_changes(3.0, 1.0) 算出五項資產的價格變動，再由跌最少排到跌最多。",
        ],
        "solution": "由跌最少到跌最多：" + "、".join(f"{c} {_LAB_CODES[c]}（{_lab[_LAB_CODES[c]]:+.1f}%）"
                                                  for c in _order)
                    + "。價值股的存續期間約 15 年，介於 10 年與 30 年公債之間；成長股的現金流大多在 10 年以後，"
                      "存續期間最長，跌得最多。",
        "misconceptions": [
            mis(list(reversed(_order)), "順序整個反了：題目要由「跌最少」排到「跌最多」。", "reversed"),
            mis(["A", "B", "C", "D", "E"], "不是所有股票都比債券敏感：這家價值股的現金流來得早，"
                                           "存續期間（約 15 年）比 30 年期公債短，跌幅也比較小。", "stocks_after_bonds"),
        ],
    },
    {
        "id": "4.3",
        "kind": "number",
        "unit": "usd",
        "expected": _pay,
        "rtol": 0.003,
        "hints": [
            "先算貸款金額：房價減掉兩成頭期款。利率用 load(\"market_mortgage_rates\") 查 2022-10-27 那一週。",
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
                    f"增加約 {_pti_high - _pti_low:.1f} 個百分點：同一間房子，從舒適變成超過 28% 的經驗法則。",
        "misconceptions": [
            mis(_pay_growth, "你算的是月付額增加了百分之多少。這題問的是「占收入的比例」相差幾個百分點。",
                "percent_change_not_points"),
            mis(_pti_high, "這是利率 7.79% 時的比例本身；題目問的是比低點時增加多少。", "level_not_change"),
        ],
    },
    {
        "id": "4.5",
        "kind": "number",
        "unit": "pct",
        "expected": _cpi_avg,
        "tol": 0.05,
        "hints": [
            "用 load(\"market_annual\")，以 year 為索引，取 2009 到 2019 年的 cpi_avg_pct。",
            "對這 11 年取平均：df.set_index(\"year\").loc[2009:2019, \"cpi_avg_pct\"].mean()。",
        ],
        "solution": f"2009–2019 年 CPI 年平均漲幅約 {_cpi_avg:.2f}%，低於聯準會 2% 的目標。"
                    "同一期間聯準會資產從約 0.9 兆擴大到約 4.5 兆美元：QE 沒有帶來高通膨。",
        "misconceptions": [
            percent_slip(_cpi_avg),
            mis(_m2_avg, "你算的是 M2 成長率的平均，不是通膨率：這題要 cpi_avg_pct 欄。", "m2_not_cpi"),
            mis(_cpi_avg_2008, "年份多算了 2008 年：題目是 2009 到 2019 年。", "off_by_one_year"),
        ],
    },
    {
        "id": "4.6",
        "kind": "date",
        "granularity": "month",
        "expected": _peak_month.strftime("%Y-%m"),
        "hints": [
            "用 load(\"market_cpi\")，找 cpi_yoy_pct 最大的那一列。",
            "date 欄是「資料所屬的月份」，不是勞工統計局發布的日子。",
        ],
        "solution": f"{_peak_month.year} 年 {_peak_month.month} 月，CPI 年增率 {_cpi.max():.1f}%，是 1981 年 11 月以來最大的 "
                    "12 個月漲幅（勞工統計局 2022-07-13 發布）。",
        "misconceptions": [
            mis(_release_month.strftime("%Y-%m"), "這是數字「發布」的月份。題目問的是物價漲最兇的那個月份本身。",
                "release_month"),
            mis("2021-12", "2021 年 12 月是 7.0%，還在往上：高點在半年後。", "too_early"),
        ],
    },
    {
        "id": "4.7",
        "kind": "multi",
        "options": {
            "A": "能源與供應鏈的衝擊（2021 年塞港、2022 年俄烏戰爭推高能源價格）",
            "B": "政府把錢直接發到家庭帳戶（紓困支票、加發失業給付），M2 一年增加約四分之一",
            "C": "銀行把 2009 年以來累積的準備金，一口氣全部貸放出去",
            "D": "經濟重新開放，疫情期間存下的錢被拿出來花，貨幣流通速度從低點回升",
            "E": "聯準會在 2021 年開始賣出公債",
        },
        "expected": ["A", "B", "D"],
        "hints": [
            "比較兩個時期：2009–2019 年 M2 每年成長多少？2020 年呢？資料在 market_annual。",
            "QT2 何時開始、怎麼做？查 fed_programs。準備金只能存在央行，銀行不能把它「借給」家庭。",
        ],
        "solution": "A、B、D。2020–21 年的新錢大多透過財政紓困直接進到家庭存款（M2 在 2020 年增加 24.5%），"
                    "重新開放後需求回來、供給又受衝擊。C 不對：準備金是銀行在聯準會的存款，不會被「貸出去」而消失；"
                    "E 不對：2021 年聯準會還在買債，QT2 在 2022-06 才開始，而且是到期不續買，不是賣出。",
        "misconceptions": [
            mis(["A", "B", "C", "D"], "C 是常見的說法，但準備金只能在銀行與聯準會之間移動，"
                                     "2009 年以來的準備金並沒有「一口氣貸放」出去；M2 在 2009–2019 年每年只成長約 6%。",
                "money_multiplier"),
            mis(["A", "B", "D", "E"], "E 不對：2021 年聯準會仍在每月購債，2022 年 6 月才開始縮表，"
                                     "而且是讓債券到期不續買，不是賣出。", "qe_qt_swap"),
        ],
    },
    {
        "id": "4.8",
        "kind": "direction",
        "expected": _dir,
        "hints": [
            "2022 年聯準會升息並開始 QT。查 market_yields 在 2021-12-31 與 2022-12-30 的 10 年期殖利率。",
            "殖利率上升時，既有長債的價格怎麼變？M2 的變動在 market_annual 的 2022 年那一列。",
        ],
        "solution": "殖利率上升、長債價格下降、房貸利率上升、M2 下降（2022 年 12 月比前一年少 1.0%）："
                    "這是 QE 時期的反方向。",
        "misconceptions": [
            mis({k: _flip[v] for k, v in _dir.items()}, "全部反了：這是 QE 時期的方向。2022 年是升息加縮表。",
                "qe_qt_swap"),
        ],
    },
    {
        "id": "4.9",
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
            mis(True, "一起跌只說明兩者相關。要說「縮表造成下跌」，需要排除同時發生的升息、通膨與產業事件，"
                      "目前的資料做不到：相關不等於因果。", "correlation_is_mechanism"),
        ],
    },
    {
        "id": "4.10",
        "kind": "number",
        "expected": _k_real,
        "tol": 0.1,
        "hints": [
            "df = inequality.simulate() 用預設假設與亂數種子，結果每次都一樣。",
            "用 inequality.value(df, \"資產族\", 2021, \"real_wealth_index\")：要的是扣除物價上漲後的「實質」指數。",
        ],
        "solution": f"資產族在 2021 年的實質財富指數中位數約 {_k_real:.1f}（2019 = 100）。"
                    f"沒扣物價時是 {_k_nominal:.1f}：差距就是通膨吃掉的部分。這是模型在假設下的結果，不是實際統計。",
        "misconceptions": [
            mis(_k_nominal, "這是名目（nominal）指數：還沒扣掉物價上漲。請用 real_wealth_index。", "nominal_not_real"),
            mis(_k_wage, "這是薪資族的指數。題目問的是資產族。", "wrong_group"),
        ],
    },
    {
        "id": "4.11",
        "kind": "choice",
        "options": {
            "A": "聯準會在 2013 年 5 月開始賣出公債，殖利率因此大漲。",
            "B": "10 年期殖利率從 2013 年 5 月初到 9 月初上升約 1.3 個百分點，當時聯準會每月的購債金額還沒減少。",
            "C": "殖利率是在 2014 年 1 月真正開始縮減購債之後才大漲的。",
            "D": "10 年期公債殖利率在縮減恐慌中升破 5%。",
        },
        "expected": "B",
        "hints": [
            "查 market_yields 在 2013-05-02、2013-09-05、2013-12-31 和 2014-12-31 的殖利率。",
            "縮減購債是哪一天宣布、何時開始？查 fed_programs 的「2014 taper」。",
        ],
        "solution": f"B。10 年期殖利率從 {_tt_start:.2f}% 升到 {_tt_peak:.2f}%；觸發點是 2013-05-22 柏南克在國會暗示"
                    "「可能放慢購債」。真正的縮減在 2013-12-18 宣布、2014 年 1 月開始，而 2014 年一整年殖利率反而從"
                    "約 3.0% 降到約 2.2%。",
        "misconceptions": [
            mis("A", "聯準會在 2013 年沒有賣債，連購債都還沒減少：只是暗示未來可能放慢。", "sold_bonds"),
            mis("C", "剛好相反：真正縮減的 2014 年，10 年期殖利率從約 3.0% 降到約 2.2%。市場在「預期」改變時就先反應了。",
                "after_taper"),
            mis("D", "沒有那麼高：這一段的高點約 3.0%（2013-09-05 為 2.98%）。", "too_high"),
        ],
    },
    {
        "id": "4.12",
        "kind": "number",
        "expected": _dur_growth,
        "tol": 0.1,
        "hints": [
            "g = valuation.growth_firm() 是課程假設的成長股，在 8% 折現率下值 100。",
            "用 g.duration(8.0)：這是現值加權的平均收款時間（麥考利存續期間），單位是年。",
        ],
        "solution": f"約 {_dur_growth:.1f} 年，比價值股的約 {_dur_value:.1f} 年長得多，也比 30 年期平價公債"
                    "（約 20 年）長：成長股的價值大多來自十年以後的現金流。",
        "misconceptions": [
            mis(_dur_value, "這是價值股的存續期間。題目問的是成長股。", "wrong_firm"),
            mis(_dur_growth / (1 + valuation.BASE_RATE_PCT / 100), "你算的是修正存續期間（再除以 1 + r）。"
                                                                   "這題要的是麥考利存續期間。", "modified_not_macaulay"),
        ],
    },
]
