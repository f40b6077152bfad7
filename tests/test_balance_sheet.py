"""T-accounts (helpers.balance_sheet): each operation's postings, clear errors, and the balance-sheet identity
after any sequence of operations (property-tested with hypothesis)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import balance_sheet as bs
from helpers import marking, vocab
from helpers.data import load
from helpers.style import ITEM_COLORS


@pytest.fixture
def start():
    return bs.simple_system()


def test_simple_system_is_consistent(start):
    assert start.problems() == []
    for acc in start.accounts().values():
        assert acc.total_assets > 0 and acc.is_balanced()


def test_item_names_match_the_course_vocabulary():
    """Every item of the Fed and the banks has a course colour or a checker label, so taccount exercises work."""
    for cls in (bs.CentralBank, bs.Bank, bs.Public):
        for item in cls.ASSET_ITEMS + cls.LIABILITY_ITEMS:
            assert item in vocab.ITEM_LABELS, item
    for item in bs.CentralBank.ASSET_ITEMS + bs.CentralBank.LIABILITY_ITEMS:
        assert item in ITEM_COLORS, item


def test_purchase_from_bank_creates_reserves_not_currency(start):
    after = bs.purchase(start, 100, "treasuries", "bank")
    ch = after.changes(start)
    assert ch["fed"] == {"assets": {"treasuries": 100.0}, "liabilities": {"reserves": 100.0}}
    assert ch["banks"] == {"assets": {"treasuries": -100.0, "reserves": 100.0}, "liabilities": {}}
    assert ch["public"] == {"assets": {}, "liabilities": {}}
    assert after.fed.liabilities["currency"] == start.fed.liabilities["currency"]


def test_purchase_from_public_goes_through_its_bank(start):
    after = bs.purchase(start, 100, "mbs", "public")
    ch = after.changes(start)
    assert ch["fed"] == {"assets": {"mbs": 100.0}, "liabilities": {"reserves": 100.0}}
    assert ch["banks"] == {"assets": {"reserves": 100.0}, "liabilities": {"deposits": 100.0}}
    assert ch["public"] == {"assets": {"mbs": -100.0, "deposits": 100.0}, "liabilities": {}}


def test_changes_pass_the_taccount_checker(start):
    """The model's output is a valid answer to the chapter's taccount exercise (same vocabulary)."""
    after = bs.purchase(start, 100, "treasuries", "bank")
    spec = {"kind": "taccount", "expected": after.changes(start)["fed"]}
    ok, _ = marking.COMPARATORS["taccount"](after.changes(start)["fed"], spec["expected"], spec)
    assert ok


def test_sale_undoes_purchase(start):
    for seller in ("bank", "public"):
        back = bs.sale(bs.purchase(start, 250, "mbs", seller), 250, "mbs", seller)
        assert back == start


def test_runoff_treasuries_hits_tga_and_mbs_hits_reserves(start):
    t = bs.runoff(start, 50, "treasuries").changes(start)
    assert t["fed"] == {"assets": {"treasuries": -50.0}, "liabilities": {"tga": -50.0}}
    assert t["banks"] == {"assets": {}, "liabilities": {}}
    m = bs.runoff(start, 50, "mbs").changes(start)
    assert m["fed"] == {"assets": {"mbs": -50.0}, "liabilities": {"reserves": -50.0}}
    assert m["public"]["liabilities"] == {"loans": -50.0}


def test_runoff_then_refilling_the_tga_drains_reserves(start):
    """QT by runoff: once the Treasury refinances by selling new debt to the public, reserves fall."""
    after = bs.tga_change(bs.runoff(start, 60, "treasuries"), 60)
    ch = after.changes(start)["fed"]
    assert ch == {"assets": {"treasuries": -60.0}, "liabilities": {"reserves": -60.0}}


@pytest.mark.parametrize(
    "op, item", [(bs.tga_change, "tga"), (bs.rrp_change, "on_rrp"), (bs.cash_withdrawal, "currency")]
)
def test_liability_swaps_move_reserves_one_for_one(start, op, item):
    after = op(start, 40)
    ch = after.changes(start)["fed"]
    assert ch == {"assets": {}, "liabilities": {item: 40.0, "reserves": -40.0}}
    assert after.fed.total_assets == start.fed.total_assets
    assert op(after, -40) == start


def test_bank_loan_creates_deposits_and_leaves_reserves(start):
    after = bs.bank_loan(start, 70)
    assert after.banks.assets["reserves"] == start.banks.assets["reserves"]
    assert after.changes(start)["banks"] == {"assets": {"loans": 70.0}, "liabilities": {"deposits": 70.0}}


def test_operations_never_modify_their_input(start):
    copy = bs.simple_system()
    for op in bs.OPERATIONS.values():
        op(start, 10)
    assert start == copy
    with pytest.raises(TypeError):
        start.fed.assets["treasuries"] = 0  # read-only mapping


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "100", None, True])
def test_bad_amounts_give_a_chinese_message(start, bad):
    with pytest.raises(ValueError, match="金額"):
        bs.purchase(start, bad)


def test_bad_choices_and_oversized_sales_are_explained(start):
    with pytest.raises(ValueError, match="asset"):
        bs.purchase(start, 10, "stocks")
    with pytest.raises(ValueError, match="seller"):
        bs.purchase(start, 10, "treasuries", "hedge fund")
    with pytest.raises(ValueError, match="不夠"):
        bs.sale(start, 1e6, "treasuries")
    with pytest.raises(ValueError, match="沒有"):
        bs.CentralBank(assets={"gold": 1})
    with pytest.raises(ValueError, match="有限"):
        bs.tga_change(start, float("nan"))


def test_unbalanced_or_mismatched_systems_are_reported(start):
    lopsided = bs.System(start.fed.post(assets={"treasuries": 5}), start.banks, start.public)
    problems = lopsided.problems()
    assert any("聯準會不平衡" in p for p in problems)
    mismatch = bs.System(start.fed, start.banks.post(assets={"reserves": 5}, liabilities={"deposits": 5}), start.public)
    assert any("準備金" in p for p in mismatch.problems())


def test_real_fed_balance_sheet_2017_balances():
    """H.4.1 of 2017-04-26 (Logan 2017): assets 4,470 = liabilities 4,429 + capital 41."""
    fed = bs.central_bank_from_table(load("qe_fed_balance_sheet_2017"))
    assert fed.is_balanced(tol=1e-9)
    assert fed.total_assets == pytest.approx(4470)
    assert fed.total_liabilities == pytest.approx(4429)
    assert fed.liabilities["reserves"] > fed.liabilities["currency"]


def test_t_table_lays_out_both_sides(start):
    table = bs.t_table(bs.purchase(start, 100, "mbs", "public").changes(start)["public"])
    assert list(table[("資產", "項目")]) == ["存款", "MBS"]
    assert list(table[("資產", "變動（十億美元）")]) == ["+100", "-100"]


# --------------------------------------------------------------------------------- property tests
_amounts = st.floats(min_value=0, max_value=2000, allow_nan=False, allow_infinity=False)
_signed = st.floats(min_value=-500, max_value=500, allow_nan=False, allow_infinity=False)
_step = st.one_of(
    st.tuples(
        st.just("purchase"), _amounts, st.sampled_from(["treasuries", "mbs"]), st.sampled_from(["bank", "public"])
    ),
    st.tuples(st.just("sale"), _amounts, st.sampled_from(["treasuries", "mbs"]), st.sampled_from(["bank", "public"])),
    st.tuples(st.just("runoff"), _amounts, st.sampled_from(["treasuries", "mbs"])),
    st.tuples(st.just("tga_change"), _signed),
    st.tuples(st.just("rrp_change"), _signed),
    st.tuples(st.just("cash_withdrawal"), _signed),
    st.tuples(st.just("bank_loan"), _amounts),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_step, max_size=25))
def test_identity_holds_after_any_sequence_of_operations(steps):
    """assets = liabilities + capital in every account, and every cross-account claim agrees, after each
    operation; an operation that would need a negative holding is refused with ValueError and changes nothing."""
    system = bs.simple_system()
    total_reserves_created = 0.0
    for name, *args in steps:
        before = system
        try:
            system = bs.OPERATIONS[name](system, *args)
        except ValueError:
            assert system is before
            continue
        assert system.problems() == [], (name, args, system.problems())
        for acc in system.accounts().values():
            assert all(v >= -1e-6 for v in acc.assets.values())
            assert all(v >= -1e-6 for v in acc.liabilities.values())
        d = system.fed.liabilities["reserves"] - before.fed.liabilities["reserves"]
        total_reserves_created += d
    start = bs.simple_system()
    assert math.isclose(
        system.fed.liabilities["reserves"] - start.fed.liabilities["reserves"], total_reserves_created, abs_tol=1e-6
    )


@settings(max_examples=200, deadline=None)
@given(_amounts, st.sampled_from(["treasuries", "mbs"]), st.sampled_from(["bank", "public"]))
def test_qe_and_qt_are_mirror_images(amount, asset, who):
    start = bs.simple_system()
    after = bs.purchase(start, amount, asset, who)
    ch = after.changes(start)["fed"]
    assert ch["assets"].get(asset, 0.0) == pytest.approx(amount, abs=1e-6)
    assert ch["liabilities"].get("reserves", 0.0) == pytest.approx(amount, abs=1e-6)
    back = bs.sale(after, amount, asset, who)
    for name, acc in back.accounts().items():
        for side in ("assets", "liabilities"):
            for item, value in getattr(acc, side).items():
                assert value == pytest.approx(getattr(getattr(start, name), side)[item], abs=1e-6)
