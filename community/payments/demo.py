"""Demo payments: the plans on /join/, a few members and donors who paid by bank
transfer (confirmed by Finance), and one transfer still waiting for Finance. Safe to
run twice: plans by name, payments by their references."""

from django.utils import timezone

from community.people import roles
from portal.demo import DEMO_PASSWORD, demo_user

from .models import MembershipPlan, Payment, Provider, Purpose
from .records import confirm_payment

PLANS = [
    {
        "name": "Individual",
        "kind": "individual",
        "price": 6_000,
        "interval": "year",
        "sort_order": 10,
        "includes": "Every members-only course\nA vote at the annual meeting\nHalf your fee funds the reward pool",
    },
    {
        "name": "Student or retired",
        "kind": "concession",
        "price": 3_000,
        "interval": "year",
        "sort_order": 20,
        "includes": "Everything in Individual, at half the price",
    },
    {
        "name": "Monthly",
        "kind": "individual",
        "price": 600,
        "interval": "month",
        "sort_order": 30,
        "includes": "Everything in Individual, paid month by month",
    },
    {
        "name": "Organisation",
        "kind": "organisation",
        "price": 40_000,
        "interval": "year",
        "sort_order": 40,
        "includes": "Up to ten colleagues on every members-only course\nAn invoice for your accounts department",
    },
]
# (reference, email, first, last, plan name or None for a donation, amount, public name, confirmed?)
PAYMENTS = [
    ("KMP-DEMO-0001", "hanna.berg@kmp.example", "Hanna", "Berg", "Individual", 6_000, "Hanna Berg", True),
    ("KMP-DEMO-0002", "ivan.petrov@kmp.example", "Ivan", "Petrov", "Student or retired", 3_000, "", True),
    (
        "KMP-DEMO-0003",
        "acme.km@kmp.example",
        "Acme",
        "Knowledge Team",
        "Organisation",
        40_000,
        "Acme Knowledge Team",
        True,
    ),
    ("KMP-DEMO-0004", "hanna.berg@kmp.example", "Hanna", "Berg", None, 2_500, "Hanna Berg", True),
    ("KMP-DEMO-0005", None, "Jorge Alvarez", "", None, 10_000, "Jorge Alvarez", True),
    ("KMP-DEMO-0006", "kofi.mensah@kmp.example", "Kofi", "Mensah", "Individual", 6_000, "", False),
]


def seed_payments(command):
    plans = {}
    for spec in PLANS:
        plan, _ = MembershipPlan.objects.get_or_create(name=spec["name"], defaults=spec)
        plans[plan.name] = plan
    finance = demo_user("finance@kmp.example", "Fiona", "Finance", roles=[roles.FINANCE])
    today = timezone.localdate()
    for reference, email, first, last, plan_name, amount, public_name, confirmed in command.progress(
        PAYMENTS, "payments"
    ):
        if Payment.objects.filter(reference=reference).exists():
            continue
        user = demo_user(email, first, last) if email else None
        payment = Payment.objects.create(
            reference=reference,
            purpose=Purpose.MEMBERSHIP if plan_name else Purpose.DONATION,
            provider=Provider.BANK_TRANSFER,
            amount=amount,
            user=user,
            plan=plans.get(plan_name),
            donor_name="" if user else first,
            public_name=public_name,
        )
        if confirmed:
            confirm_payment(payment, received_on=today, recorded_by=finance)
    command.note(
        f"Payments: /join/ and /donate/; KMP-DEMO-0006 waits for Finance to confirm it "
        f"(kofi.mensah@kmp.example / {DEMO_PASSWORD})"
    )
