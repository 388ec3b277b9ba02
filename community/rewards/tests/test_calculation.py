"""The pure reward calculation: a worked example by hand, then its properties."""

import random
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from community.rewards.calculation import (
    CASH,
    GIVE_BACK,
    RESERVES,
    SPREAD,
    VOLUNTEER,
    PolicyTerms,
    calculate,
    largest_remainder,
)

STREAMS = ("blogging", "courses", "promotion")
DEFAULT_MINIMUMS = {"blogging": 20, "courses": 3, "promotion": 1}
AMARA, SOFIA, LI = 1, 2, 3


def example_policy(**changes):
    terms = {
        "weights": {"blogging": 50, "courses": 35, "promotion": 15},
        "minimums": DEFAULT_MINIMUMS,
        "cap_share": Fraction(40, 100),
        "minimum_payout": 1000,
        "empty_stream": SPREAD,
    }
    return PolicyTerms(**(terms | changes))


def test_worked_example_by_hand():
    """Pool 1,000.00; weights 50/35/15; cap 40% (400.00); minimum payout 10.00.

    blogging  (500.00): Amara 1500 readers, Sofia 980, Li 20   -> 300.00, 196.00, 4.00
    courses   (350.00): Amara 8 points; Li 2 is below the 3-point minimum -> Amara 350.00
    promotion (150.00): Amara 4 referrals -> Amara 150.00
    Amara's 800.00 is over the 400.00 cap. Her 400.00 excess is re-spread over everyone
    under the cap in every stream, in proportion to what they earned (Sofia 196.00, Li
    4.00): times 3, Sofia would have 588.00, over the cap too. Both capped, the 200.00
    left goes to Li, the only one under the cap: 4.00 times 50.
    Amara's 400.00 is split between her streams as her 800.00 was: blogging 150.00,
    courses 175.00, promotion 75.00; Sofia's and Li's come from blogging alone.
    Sofia volunteers: her 400.00 goes to reserves. Amara and Li are paid.
    """
    metrics = {
        "blogging": {AMARA: 1500, SOFIA: 980, LI: 20},
        "courses": {AMARA: 8, LI: 2},
        "promotion": {AMARA: 4},
    }
    result = calculate(100_000, metrics, example_policy(), {SOFIA: VOLUNTEER, LI: CASH})

    assert result.cap == 40_000
    amara, sofia, li = (result.for_contributor(c) for c in (AMARA, SOFIA, LI))

    assert amara.capped is True
    assert [(line.stream, line.amount) for line in amara.lines] == [
        ("blogging", 15_000),
        ("courses", 17_500),
        ("promotion", 7_500),
    ]
    assert amara.line("blogging").share == Fraction(3, 5)  # 1500 of the 2500 readers
    assert (amara.allocated, amara.paid, amara.balance_after) == (40_000, 40_000, 0)

    assert sofia.capped is True
    assert [(line.stream, line.amount) for line in sofia.lines] == [("blogging", 40_000)]
    assert sofia.line("blogging").share == Fraction(980, 2500)
    assert (sofia.allocated, sofia.paid, sofia.volunteered, sofia.balance_after) == (40_000, 0, 40_000, 0)

    assert li.capped is False
    assert [(line.stream, line.qualified, line.amount) for line in li.lines] == [
        ("blogging", True, 20_000),
        ("courses", False, 0),
    ]
    assert (li.allocated, li.paid, li.balance_before, li.balance_after) == (20_000, 20_000, 0, 0)

    blogging, courses, promotion = result.streams
    # The cap moved money from courses and promotion to blogging's contributors.
    assert (blogging.name, blogging.budget, blogging.allocated, blogging.unclaimed) == (
        "blogging",
        50_000,
        75_000,
        0,
    )
    assert (blogging.measured, blogging.qualified) == (3, 3)
    assert (courses.budget, courses.allocated, courses.unclaimed) == (35_000, 17_500, 0)
    assert (courses.measured, courses.qualified) == (2, 1)
    assert (promotion.budget, promotion.allocated, promotion.unclaimed) == (15_000, 7_500, 0)

    assert result.allocated == 100_000
    assert result.unallocated == 0
    assert result.paid == 60_000
    assert result.volunteered == 40_000
    assert result.to_reserves == 40_000
    assert result.carried_forward == 0
    assert result.given_back == 0
    assert result.rewarded == 3
    assert result.paid + result.to_reserves + result.carried_forward == 100_000


def default_policy():
    """The policy in force: weights 50/35/15, launch minimums, a 25% cap."""
    return example_policy(cap_share=Fraction(1, 4))


@pytest.mark.parametrize("fewer, more", [(20, 125), (20, 21), (100, 2_000)])
def test_more_readers_never_pay_less_when_a_capped_excess_has_no_taker_in_its_stream(fewer, more):
    """Issue 14's case: contributor 3 is capped in courses, where no one else qualifies.
    Their excess used to go to reserves, and contributor 2 got 149.73 with 20 readers
    but 147.26 with 125. Now it is re-spread over everyone under the cap."""

    def allocation(readers):
        metrics = {"blogging": {1: 338, 2: readers, 4: 90}, "courses": {3: 42}, "promotion": {4: 1}}
        return calculate(100_000, metrics, default_policy())

    assert allocation(more).for_contributor(2).allocated >= allocation(fewer).for_contributor(2).allocated
    assert allocation(20).for_contributor(2).allocated == 25_000
    assert allocation(20).unallocated == allocation(125).unallocated == 0


def test_a_balance_brought_forward_is_paid_once_over_the_minimum():
    metrics = {"blogging": {LI: 20, SOFIA: 980}}
    result = calculate(
        50_000,
        metrics,
        example_policy(cap_share=Fraction(1)),
        balances={LI: 700},
        preferences={SOFIA: GIVE_BACK},
    )
    li, sofia = result.for_contributor(LI), result.for_contributor(SOFIA)
    # Blogging alone has weight: Li gets 20/1000 of 500.00 = 10.00, plus 7.00 brought forward.
    assert (li.allocated, li.balance_before, li.paid, li.balance_after) == (1_000, 700, 1_700, 0)
    assert (sofia.allocated, sofia.given_back, sofia.paid) == (49_000, 49_000, 0)
    assert result.carried_forward == -700
    assert result.paid + result.given_back + result.to_reserves + result.carried_forward == 50_000


def test_a_clawback_owed_is_covered_by_the_reward_before_anything_is_paid():
    metrics = {"blogging": {LI: 500, SOFIA: 500}}
    policy = example_policy(cap_share=Fraction(1))
    # Each is allocated 250.00; Li owes 300.00, Sofia (giving back) owes 100.00.
    result = calculate(50_000, metrics, policy, {SOFIA: GIVE_BACK}, {LI: -30_000, SOFIA: -10_000})
    li, sofia = result.for_contributor(LI), result.for_contributor(SOFIA)
    assert (li.allocated, li.recovered, li.paid, li.balance_after) == (25_000, 25_000, 0, -5_000)
    assert (sofia.recovered, sofia.given_back, sofia.balance_after) == (10_000, 15_000, 0)
    assert result.paid + result.given_back + result.to_reserves + result.carried_forward == 50_000


def test_an_empty_stream_is_spread_or_returned_to_reserves_as_the_policy_says():
    metrics = {"blogging": {AMARA: 100, SOFIA: 100}, "courses": {}, "promotion": {}}
    spread = calculate(10_000, metrics, example_policy(cap_share=Fraction(1)))
    assert [c.allocated for c in spread.contributors] == [5_000, 5_000]
    assert spread.unallocated == 0

    to_reserves = calculate(10_000, metrics, example_policy(cap_share=Fraction(1), empty_stream=RESERVES))
    assert [c.allocated for c in to_reserves.contributors] == [2_500, 2_500]
    assert to_reserves.stream("courses").unclaimed == 3_500
    assert to_reserves.stream("promotion").unclaimed == 1_500


def test_amounts_are_rounded_down_and_the_cents_left_go_to_reserves():
    # 100 shared three ways: 33.33... each; the one cent left goes to the reserves.
    result = calculate(
        100, {"blogging": {7: 1, 5: 1, 9: 1}}, example_policy(cap_share=Fraction(1), minimums={})
    )
    assert [(c.contributor_id, c.allocated) for c in result.contributors] == [(5, 33), (7, 33), (9, 33)]
    assert (result.rounding, result.unallocated) == (1, 1)
    assert largest_remainder(10, {"a": Fraction(10, 3), "b": Fraction(20, 3)}) == {"a": 3, "b": 7}


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        calculate(-1, {}, example_policy())
    with pytest.raises(ValueError):
        calculate(100, {"blogging": {1: -3}}, example_policy())
    with pytest.raises(ValueError):
        PolicyTerms(weights={"blogging": -1})


# Properties -----------------------------------------------------------------------

contributor_ids = st.integers(min_value=1, max_value=40)
metric_values = st.one_of(
    st.integers(min_value=0, max_value=5_000),
    st.fractions(min_value=0, max_value=500, max_denominator=6),
)
metrics_strategy = st.fixed_dictionaries(
    {name: st.dictionaries(contributor_ids, metric_values, max_size=15) for name in STREAMS}
)
policy_strategy = st.builds(
    PolicyTerms,
    weights=st.fixed_dictionaries({name: st.integers(min_value=0, max_value=100) for name in STREAMS}),
    minimums=st.fixed_dictionaries({name: st.integers(min_value=0, max_value=60) for name in STREAMS}),
    cap_share=st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100),
    minimum_payout=st.integers(min_value=0, max_value=5_000),
    empty_stream=st.sampled_from([SPREAD, RESERVES]),
)
preferences_strategy = st.dictionaries(contributor_ids, st.sampled_from([CASH, VOLUNTEER, GIVE_BACK]))
# Below zero: a clawback still owed.
balances_strategy = st.dictionaries(
    contributor_ids, st.integers(min_value=-50_000, max_value=3_000), max_size=5
)
pools = st.integers(min_value=0, max_value=10_000_000)


@settings(max_examples=300, deadline=None)
@given(pools, metrics_strategy, policy_strategy, preferences_strategy, balances_strategy)
def test_every_cent_is_accounted_for(pool, metrics, policy, preferences, balances):
    result = calculate(pool, metrics, policy, preferences, balances)
    assert result.allocated + result.unallocated == pool
    assert sum(s.budget for s in result.streams) + result.unassigned == pool
    assert (
        result.paid + result.given_back + result.to_reserves + result.balances_after
        == pool + result.balances_before
    )
    for contributor in result.contributors:
        assert contributor.allocated == sum(line.amount for line in contributor.lines)
        assert min(contributor.paid, contributor.given_back, contributor.volunteered) >= 0
        if contributor.balance_after < 0:
            # Still owing: the whole allocation covered the debt, nothing else happened.
            assert contributor.recovered == contributor.allocated
            assert contributor.paid == contributor.given_back == contributor.volunteered == 0
            assert contributor.balance_after == contributor.balance_before + contributor.allocated
        elif contributor.balance_before < 0:
            assert contributor.recovered == -contributor.balance_before
        if contributor.paid:
            assert contributor.paid >= policy.minimum_payout
        if contributor.balance_after > 0:
            assert contributor.preference == CASH
            assert contributor.balance_after < policy.minimum_payout


@settings(max_examples=300, deadline=None)
@given(pools, metrics_strategy, policy_strategy)
def test_the_total_paid_plus_reserves_plus_carried_forward_is_the_pool(pool, metrics, policy):
    result = calculate(pool, metrics, policy)
    assert result.paid + result.given_back + result.to_reserves + result.carried_forward == pool


@settings(max_examples=300, deadline=None)
@given(pools, metrics_strategy, policy_strategy)
def test_no_one_exceeds_the_cap_and_capped_excess_goes_to_reserves_only_when_all_are_capped(
    pool, metrics, policy
):
    result = calculate(pool, metrics, policy)
    assert all(c.allocated <= result.cap for c in result.contributors)
    qualifying = [c for c in result.contributors if any(line.qualified for line in c.lines)]
    kept_for_the_cap = sum(s.unclaimed for s in result.streams if s.qualified)
    if kept_for_the_cap and qualifying:
        # In any stream, across streams: while anyone is under the cap, it takes the excess.
        assert all(c.capped for c in qualifying)
    assert result.rounding < max(len(result.contributors), 1) + len(result.streams) + 1


@settings(max_examples=300, deadline=None)
@given(
    pools,
    st.dictionaries(contributor_ids, metric_values, min_size=2, max_size=20),
    st.integers(min_value=0, max_value=60),
    st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100),
)
def test_more_metric_never_means_less_money_within_a_stream(pool, readers, minimum, cap_share):
    policy = PolicyTerms(weights={"blogging": 1}, minimums={"blogging": minimum}, cap_share=cap_share)
    result = calculate(pool, {"blogging": readers}, policy)
    allocated = {c.contributor_id: c.allocated for c in result.contributors}
    for a, metric_a in readers.items():
        for b, metric_b in readers.items():
            if metric_a > metric_b > 0:
                assert allocated[a] >= allocated[b], (a, b)


@settings(max_examples=300, deadline=None)
@given(
    pools,
    metrics_strategy,
    policy_strategy,
    st.sampled_from(STREAMS),
    st.integers(min_value=1, max_value=1_000),
)
def test_a_twin_with_more_metric_in_one_stream_never_gets_less(pool, metrics, policy, stream, extra):
    """Across streams: a contributor identical to another except for more of a
    qualifying metric in one stream gets at least as much."""
    original = next(iter(sorted(metrics[stream])), None)
    assume(original is not None and policy.weights[stream] > 0)
    assume(metrics[stream][original] >= policy.minimum(stream))
    twin = 1_000
    for name, values in metrics.items():
        if original in values:
            values[twin] = values[original] + (extra if name == stream else 0)
    result = calculate(pool, metrics, policy)
    original_allocation = result.for_contributor(original)
    assert result.for_contributor(twin).allocated >= (
        original_allocation.allocated if original_allocation else 0
    )


@settings(max_examples=400, deadline=None)
@given(
    pools,
    metrics_strategy,
    policy_strategy,
    st.sampled_from(STREAMS),
    contributor_ids,
    st.one_of(
        st.integers(min_value=1, max_value=1_000), st.fractions(min_value=0, max_value=50, max_denominator=6)
    ),
)
def test_more_of_any_metric_never_pays_less_across_streams(pool, metrics, policy, stream, contributor, extra):
    """Several streams at once: one contributor has more of one metric, everything else
    equal. They never get less, to the minor unit; totals never exceed the pool."""
    more = {name: dict(values) for name, values in metrics.items()}
    more[stream][contributor] = more[stream].get(contributor, 0) + extra

    def allocated(result):
        found = result.for_contributor(contributor)
        return found.allocated if found else 0

    before, after = calculate(pool, metrics, policy), calculate(pool, more, policy)
    assert allocated(after) >= allocated(before)
    for result in (before, after):
        assert result.allocated + result.unallocated == pool
        assert sum(c.allocated for c in result.contributors) <= pool
        for c in result.contributors:
            assert type(c.allocated) is int and 0 <= c.allocated <= result.cap
            assert all(type(line.amount) is int and line.amount >= 0 for line in c.lines)


@settings(max_examples=200, deadline=None)
@given(pools, metrics_strategy, policy_strategy, preferences_strategy, balances_strategy, st.randoms())
def test_the_result_does_not_depend_on_input_order(pool, metrics, policy, preferences, balances, rnd):
    def shuffled(mapping):
        items = list(mapping.items())
        rnd.shuffle(items)
        return dict(items)

    reordered = shuffled({name: shuffled(values) for name, values in metrics.items()})
    reordered_policy = PolicyTerms(
        weights=shuffled(policy.weights),
        minimums=shuffled(policy.minimums),
        cap_share=policy.cap_share,
        minimum_payout=policy.minimum_payout,
        empty_stream=policy.empty_stream,
    )
    assert calculate(pool, metrics, policy, preferences, balances) == calculate(
        pool, reordered, reordered_policy, shuffled(preferences), shuffled(balances)
    )


@settings(max_examples=100, deadline=None)
@given(pools, policy_strategy)
def test_an_empty_period_pays_nothing_and_returns_the_pool_to_reserves(pool, policy):
    result = calculate(pool, {name: {} for name in STREAMS}, policy)
    assert result.contributors == ()
    assert result.paid == result.given_back == result.carried_forward == 0
    assert result.to_reserves == pool


def test_two_thousand_contributors_are_calculated_quickly():
    rnd = random.Random(7)
    metrics = {name: {c: rnd.randint(0, 5_000) for c in range(2_000)} for name in STREAMS}
    policy = example_policy(cap_share=Fraction(1, 4))
    result = calculate(10_000_000, metrics, policy)
    assert result.allocated + result.unallocated == 10_000_000
