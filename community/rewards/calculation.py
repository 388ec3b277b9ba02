"""The reward calculation: one pure function, no database, no settings.

    calculate(pool, metrics_by_stream, policy, preferences, balances) -> Allocation

1. The pool is split between streams by the policy's weights. A stream where no one
   reaches the minimum metric is either spread over the other streams or returned
   to reserves, as the policy says.
2. Within a stream, money goes pro rata to each qualifying contributor's metric.
3. No contributor may get more than the cap (a share of the pool) across streams.
   A capped contributor's excess is re-spread over every uncapped contributor in
   every stream, in proportion to what each earned in steps 1-2, until no one is
   over; only when everyone is capped does money go to reserves. A capped total is
   split between the contributor's streams in proportion to what they earned in each.
4. All of this is exact (fractions). Each contributor's total is then rounded down
   to whole minor units (so more metric never means less money, even by a cent); the
   cents left go to reserves. A total is split between streams by largest remainders.
5. What is due to a contributor (this period's allocation plus any balance carried
   forward earlier) follows their preference: volunteers' money returns to
   reserves, give-backs become a donation to the next period's pool, and cash
   below the minimum payout is carried forward to their balance. A negative balance
   is a clawback still owed: the allocation covers it first, and while it is not
   covered nothing is paid, given or volunteered and the rest stays owed.

Invariant: paid + given back + to reserves + (balances after - balances before) == pool.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

CASH = "cash"
VOLUNTEER = "volunteer"
GIVE_BACK = "give_back"
PREFERENCES = (CASH, VOLUNTEER, GIVE_BACK)

SPREAD = "spread"
RESERVES = "reserves"


@dataclass(frozen=True)
class PolicyTerms:
    """The numbers of a RewardPolicy version that the calculation needs."""

    weights: Mapping[str, int]
    minimums: Mapping[str, Fraction] = field(default_factory=dict)
    cap_share: Fraction = Fraction(1)
    minimum_payout: int = 0
    empty_stream: str = SPREAD

    def __post_init__(self):
        if any(weight < 0 for weight in self.weights.values()):
            raise ValueError("Stream weights cannot be negative.")
        if not 0 <= self.cap_share <= 1:
            raise ValueError("The cap is a share of the pool, between 0 and 1.")
        if self.minimum_payout < 0:
            raise ValueError("The minimum payout cannot be negative.")
        if self.empty_stream not in (SPREAD, RESERVES):
            raise ValueError(f"Unknown rule for empty streams: {self.empty_stream!r}")

    def minimum(self, stream):
        return Fraction(self.minimums.get(stream, 0))


@dataclass(frozen=True)
class StreamLine:
    """One contributor in one stream."""

    stream: str
    metric: Fraction
    qualified: bool
    share: Fraction  # of the stream's qualifying metric, exact
    amount: int  # minor units from this stream


@dataclass(frozen=True)
class ContributorAllocation:
    contributor_id: int
    lines: tuple[StreamLine, ...]
    allocated: int  # from this period's pool
    capped: bool
    preference: str
    balance_before: int
    paid: int
    given_back: int
    volunteered: int
    balance_after: int
    topped_up: bool = False  # got a share of what capped contributors could not take

    @property
    def due(self):
        return self.allocated + self.balance_before

    @property
    def carried_forward(self):
        """Net change of the contributor's balance (negative when a balance is paid out)."""
        return self.balance_after - self.balance_before

    @property
    def recovered(self):
        """The part of this period's allocation that covers a clawback still owed."""
        return clawback_recovery(self.allocated, self.balance_before)

    def line(self, stream):
        return next((line for line in self.lines if line.stream == stream), None)


@dataclass(frozen=True)
class StreamSummary:
    name: str
    weight: int
    minimum: Fraction
    budget: int  # the stream's share of the pool by weight
    allocated: int  # to contributors, before their payout preferences; the cap can move
    # money between streams, so this may be more or less than the budget
    unclaimed: int  # to reserves: no one qualified, or everyone was capped
    measured: int  # contributors with a metric
    qualified: int  # contributors at or above the minimum


@dataclass(frozen=True)
class Allocation:
    pool: int
    cap: int
    streams: tuple[StreamSummary, ...]
    contributors: tuple[ContributorAllocation, ...]
    unassigned: int  # to reserves because no stream could take any of the pool
    rounding: int = 0  # to reserves: the cents left by rounding every amount down

    @property
    def allocated(self):
        return sum(c.allocated for c in self.contributors)

    @property
    def unallocated(self):
        return self.unassigned + sum(s.unclaimed for s in self.streams) + self.rounding

    @property
    def paid(self):
        return sum(c.paid for c in self.contributors)

    @property
    def given_back(self):
        return sum(c.given_back for c in self.contributors)

    @property
    def volunteered(self):
        return sum(c.volunteered for c in self.contributors)

    @property
    def to_reserves(self):
        return self.unallocated + self.volunteered

    @property
    def balances_before(self):
        return sum(c.balance_before for c in self.contributors)

    @property
    def balances_after(self):
        return sum(c.balance_after for c in self.contributors)

    @property
    def carried_forward(self):
        return self.balances_after - self.balances_before

    @property
    def recovered(self):
        return sum(c.recovered for c in self.contributors)

    @property
    def rewarded(self):
        """Contributors who were allocated money this period."""
        return sum(1 for c in self.contributors if c.allocated > 0)

    def for_contributor(self, contributor_id):
        return next((c for c in self.contributors if c.contributor_id == contributor_id), None)

    def stream(self, name):
        return next((s for s in self.streams if s.name == name), None)


def largest_remainder(total, shares):
    """Split the integer `total` among exact `shares` ({key: Fraction}, summing to total).

    Each key gets the floor of its share; the units left over go one each to the
    largest remainders, ties to the smaller key. A share that is already whole never
    gains a unit, so rounding never lifts anyone above an exact cap."""
    exact_sum = sum(shares.values(), Fraction(0))
    if exact_sum != total:
        raise ValueError(f"Shares add up to {exact_sum}, not {total}.")
    rounded = {key: floor(share) for key, share in shares.items()}
    left = total - sum(rounded.values())
    by_remainder = sorted(shares, key=lambda key: (-(shares[key] - rounded[key]), key))
    for key in by_remainder[:left]:
        rounded[key] += 1
    return rounded


def scale_to(total, parts):
    """Exact `parts` rescaled so that they add up to the integer `total`, then rounded."""
    exact = sum(parts.values(), Fraction(0))
    if not exact:
        return dict.fromkeys(parts, 0)
    return largest_remainder(total, {key: part * total / exact for key, part in parts.items()})


def _exact_shares(pool, weights, qualified, policy):
    """Exact stream budgets, exact amounts {contributor: {stream: amount}}, exact unclaimed
    money per stream and what no stream could take, the cap, the capped contributors and
    those under the cap who got a share of the capped ones' excess.

    Each contributor's base is their pro-rata share of every stream they qualify in. The
    cap then works on totals across streams, like water poured to one level: everyone
    under the cap gets their base times one common factor, chosen so that the shareable
    money is all given out, and anyone whom that would lift over the cap gets the cap.
    Raising one metric only raises that contributor's base and lowers others', so their
    amount never falls. A capped total is split between the contributor's streams in
    proportion to their base in each."""
    weighted = [name for name, weight in weights.items() if weight > 0]
    with_takers = [name for name in weighted if qualified[name]]
    budgets = dict.fromkeys(weights, Fraction(0))
    unclaimed = dict.fromkeys(weights, Fraction(0))
    unassigned = Fraction(0)

    funded = with_takers if policy.empty_stream == SPREAD else weighted
    weight_base = sum(weights[name] for name in funded)
    if not weight_base:
        unassigned = Fraction(pool)
    else:
        for name in funded:
            budgets[name] = Fraction(pool * weights[name], weight_base)
            if not qualified[name]:
                unclaimed[name] = budgets[name]

    base = {}
    for name in with_takers:
        total_metric = sum(qualified[name].values(), Fraction(0))
        for contributor, metric in qualified[name].items():
            base.setdefault(contributor, {})[name] = budgets[name] * metric / total_metric
    totals = {contributor: sum(by_stream.values(), Fraction(0)) for contributor, by_stream in base.items()}
    shareable = sum((budgets[name] for name in with_takers), Fraction(0))

    cap = floor(pool * policy.cap_share)
    capped, level = set(), None
    while True:
        uncapped_base = sum((total for c, total in totals.items() if c not in capped), Fraction(0))
        if not uncapped_base:
            level = None
            break
        level = (shareable - cap * len(capped)) / uncapped_base
        over = {c for c, total in totals.items() if c not in capped and total * level > cap}
        if not over:
            break
        # Capping someone frees money and raises the level, so all who are over stay over.
        capped |= over

    amounts = {}
    for contributor, by_stream in base.items():
        total = totals[contributor]
        if not total:  # an empty pool
            amounts[contributor] = dict.fromkeys(by_stream, Fraction(0))
            continue
        final = cap if contributor in capped else total * level
        amounts[contributor] = {name: final * part / total for name, part in by_stream.items()}
    # Only when everyone is capped is money left that no one can take; it goes to the
    # reserves, counted against the streams by their budgets.
    left = shareable - sum(
        (sum(by_stream.values(), Fraction(0)) for by_stream in amounts.values()), Fraction(0)
    )
    if left:
        for name in with_takers:
            unclaimed[name] += left * budgets[name] / shareable
    topped_up = {c for c, total in totals.items() if c not in capped and total and level > 1}
    return budgets, amounts, unclaimed, unassigned, cap, capped, topped_up


def clawback_recovery(allocated, balance_before):
    """How much of `allocated` goes to cover a negative balance (a clawback owed)."""
    return min(allocated, -balance_before) if balance_before < 0 else 0


def _settle(allocated, balance_before, preference, minimum_payout):
    """(paid, given back, volunteered, balance after) for what is due to one contributor."""
    due = allocated + balance_before
    if due <= 0:
        return 0, 0, 0, due
    if preference == VOLUNTEER:
        return 0, 0, due, 0
    if preference == GIVE_BACK:
        return 0, due, 0, 0
    if due >= minimum_payout and due > 0:
        return due, 0, 0, 0
    return 0, 0, 0, due


def calculate(pool, metrics_by_stream, policy, preferences=None, balances=None):
    """Share `pool` (minor units) among contributors.

    metrics_by_stream: {stream name: {contributor id: metric (number)}}
    policy: PolicyTerms
    preferences: {contributor id: CASH | VOLUNTEER | GIVE_BACK}; missing means cash
    balances: {contributor id: minor units carried forward from earlier periods;
        negative for a clawback still owed}
    """
    if pool < 0:
        raise ValueError("The pool cannot be negative.")
    preferences = preferences or {}
    balances = {c: b for c, b in (balances or {}).items() if b}

    metrics = {}
    for name, values in metrics_by_stream.items():
        metrics[name] = {}
        for contributor, value in values.items():
            metric = Fraction(value)
            if metric < 0:
                raise ValueError(f"Negative metric for contributor {contributor} in {name}.")
            if metric > 0:
                metrics[name][contributor] = metric
    stream_names = sorted(set(metrics) | set(policy.weights), key=lambda n: (-policy.weights.get(n, 0), n))
    weights = {name: policy.weights.get(name, 0) for name in stream_names}
    qualified = {
        name: {
            c: m for c, m in metrics.get(name, {}).items() if weights[name] > 0 and m >= policy.minimum(name)
        }
        for name in stream_names
    }

    budgets, amounts, unclaimed, unassigned, cap, capped, topped_up = _exact_shares(
        pool, weights, qualified, policy
    )

    contributor_ids = sorted(
        {c for values in metrics.values() for c in values} | set(balances) | set(amounts)
    )
    # Rounding down is monotone, so it keeps "more never means less" to the cent; the
    # cents it leaves (fewer than one per contributor) go to the reserves.
    allocated_totals = {c: floor(sum(amounts.get(c, {}).values(), Fraction(0))) for c in contributor_ids}
    reserves_by_part = {("stream", name): floor(unclaimed[name]) for name in stream_names}
    reserves_by_part["unassigned", ""] = floor(unassigned)
    rounding = pool - sum(allocated_totals.values()) - sum(reserves_by_part.values())
    qualified_metric = {name: sum(values.values(), Fraction(0)) for name, values in qualified.items()}

    allocated_by_stream = dict.fromkeys(stream_names, 0)
    contributors = []
    for contributor in contributor_ids:
        allocated = allocated_totals[contributor]
        by_stream = amounts.get(contributor, {})
        parts = {index: by_stream.get(name, Fraction(0)) for index, name in enumerate(stream_names)}
        per_stream = scale_to(allocated, parts)
        lines = []
        for index, name in enumerate(stream_names):
            metric = metrics.get(name, {}).get(contributor)
            if metric is None:
                continue
            is_qualified = contributor in qualified[name]
            lines.append(
                StreamLine(
                    stream=name,
                    metric=metric,
                    qualified=is_qualified,
                    share=metric / qualified_metric[name] if is_qualified else Fraction(0),
                    amount=per_stream[index],
                )
            )
            allocated_by_stream[name] += per_stream[index]
        preference = preferences.get(contributor, CASH)
        if preference not in PREFERENCES:
            raise ValueError(f"Unknown payout preference {preference!r}.")
        balance_before = balances.get(contributor, 0)
        paid, given_back, volunteered, balance_after = _settle(
            allocated, balance_before, preference, policy.minimum_payout
        )
        contributors.append(
            ContributorAllocation(
                contributor_id=contributor,
                lines=tuple(lines),
                allocated=allocated,
                capped=contributor in capped,
                topped_up=contributor in topped_up,
                preference=preference,
                balance_before=balance_before,
                paid=paid,
                given_back=given_back,
                volunteered=volunteered,
                balance_after=balance_after,
            )
        )

    budget_parts = {name: budgets[name] for name in stream_names} | {"": unassigned}
    rounded_budgets = largest_remainder(pool, budget_parts)
    streams = tuple(
        StreamSummary(
            name=name,
            weight=weights[name],
            minimum=policy.minimum(name),
            budget=rounded_budgets[name],
            allocated=allocated_by_stream[name],
            unclaimed=reserves_by_part["stream", name],
            measured=len(metrics.get(name, {})),
            qualified=len(qualified[name]),
        )
        for name in stream_names
    )
    return Allocation(
        pool=pool,
        cap=cap,
        streams=streams,
        contributors=tuple(contributors),
        unassigned=reserves_by_part["unassigned", ""],
        rounding=rounding,
    )
