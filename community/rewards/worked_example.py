"""A worked example of the formula, computed by the real calculation from the current
policy, so the explanation can never drift from what is paid."""

from dataclasses import dataclass
from fractions import Fraction

from portal.money import format_money

from .calculation import CASH, GIVE_BACK, VOLUNTEER, calculate
from .models import RewardPolicy
from .periods import as_decimal, format_metric
from .registry import get_stream

EXAMPLE_POOL = 100_000  # 1,000.00 in a two-decimal currency

# Six imaginary contributors; metrics are multiples of each stream's minimum. With the
# default policy Ana is capped (her excess re-spread over everyone under the cap), Chloé is below the blogging minimum and volunteers, Dev
# is below the minimum payout and Eli gives back.
PEOPLE = [
    ("Ana", CASH, {"blogging": 60, "courses": 10}),
    ("Ben", CASH, {"blogging": 15, "promotion": 4}),
    ("Chloé", VOLUNTEER, {"blogging": Fraction(1, 2), "courses": 6}),
    ("Dev", CASH, {"blogging": 1}),
    ("Eli", GIVE_BACK, {"blogging": 12, "courses": 3, "promotion": 1}),
    ("Fay", CASH, {"blogging": 8, "courses": 2, "promotion": 3}),
]
PREFERENCE_LABELS = {CASH: "paid", VOLUNTEER: "volunteers", GIVE_BACK: "gives back"}


@dataclass
class ExampleLine:
    stream: str
    metric: str
    units: str
    qualified: bool
    share: str
    amount: str


@dataclass
class ExamplePerson:
    name: str
    preference: str
    lines: list
    allocated: str
    capped: bool
    outcome: str


@dataclass
class ExampleStream:
    label: str
    weight: int
    weight_percent: str
    minimum: str
    units: str
    budget: str
    unclaimed: str
    description: str = ""


@dataclass
class WorkedExample:
    policy: RewardPolicy
    pool: str
    cap: str
    cap_percent: str
    minimum_payout: str
    streams: list
    people: list
    paid: str
    given_back: str
    to_reserves: str
    carried_forward: str
    total_weight: int

    @property
    def headcount(self):
        return len(self.people)


def _label(name):
    stream = get_stream(name)
    return (str(stream.label), stream) if stream else (name, None)


def build_worked_example(policy=None):
    policy = policy or RewardPolicy.current()
    terms = policy.terms()
    metrics = {}
    ids = {}
    for index, (name, _preference, multiples) in enumerate(PEOPLE, start=1):
        ids[index] = name
        for stream_name, multiple in multiples.items():
            base = terms.minimum(stream_name) or Fraction(1)
            metrics.setdefault(stream_name, {})[index] = Fraction(multiple) * base
    preferences = {index: preference for index, (_n, preference, _m) in enumerate(PEOPLE, start=1)}
    allocation = calculate(EXAMPLE_POOL, metrics, terms, preferences)

    total_weight = sum(weight for weight in terms.weights.values() if weight > 0)
    streams = []
    for summary in allocation.streams:
        if not summary.weight:
            continue
        label, stream = _label(summary.name)
        streams.append(
            ExampleStream(
                label=label,
                weight=summary.weight,
                weight_percent=f"{as_decimal(Fraction(summary.weight * 100, total_weight), 1)}",
                minimum=format_metric(as_decimal(summary.minimum)),
                units=str(stream.unit_for(summary.minimum)) if stream else "",
                budget=format_money(summary.budget),
                unclaimed=format_money(summary.unclaimed),
                description=str(stream.description) if stream else "",
            )
        )

    people = []
    for result in allocation.contributors:
        lines = []
        for line in result.lines:
            label, stream = _label(line.stream)
            lines.append(
                ExampleLine(
                    stream=label,
                    metric=format_metric(as_decimal(line.metric)),
                    units=str(stream.unit_for(line.metric)) if stream else "",
                    qualified=line.qualified,
                    share=f"{as_decimal(line.share * 100, 1)}%",
                    amount=format_money(line.amount),
                )
            )
        if result.preference == VOLUNTEER:
            outcome = f"volunteers: {format_money(result.volunteered)} returns to reserves"
        elif result.preference == GIVE_BACK:
            outcome = f"gives back: {format_money(result.given_back)} goes to next month's pool"
        elif result.paid:
            outcome = f"is paid {format_money(result.paid)}"
        elif result.balance_after > 0:
            outcome = (
                f"{format_money(result.balance_after)} is below the {format_money(terms.minimum_payout)} "
                "minimum payout and is carried forward"
            )
        else:
            outcome = "gets nothing this month"
        people.append(
            ExamplePerson(
                name=ids[result.contributor_id],
                preference=PREFERENCE_LABELS[result.preference],
                lines=lines,
                allocated=format_money(result.allocated),
                capped=result.capped,
                outcome=outcome,
            )
        )
    return WorkedExample(
        policy=policy,
        pool=format_money(EXAMPLE_POOL),
        cap=format_money(allocation.cap),
        cap_percent=f"{policy.cap_percent.normalize():f}",
        minimum_payout=format_money(terms.minimum_payout),
        streams=streams,
        people=people,
        paid=format_money(allocation.paid),
        given_back=format_money(allocation.given_back),
        to_reserves=format_money(allocation.to_reserves),
        carried_forward=format_money(allocation.carried_forward),
        total_weight=total_weight,
    )
