"""The public pages (join, donate, supporters), a payment's own page and receipt, the
member's membership page, and Stripe's webhook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.people.models import Membership
from portal.ids import id_from_text

from . import plan_changes
from .forms import ChangePlanForm, DonationForm, JoinForm
from .models import MembershipPlan, Payment, Provider, Purpose, Subscription
from .providers import ProviderError, get_provider
from .transparency import latest_figures


def safe_return_path(request, value):
    """A path on this site to come back to after paying, or ""."""
    value = (value or "").strip()
    if len(value) > 200 or not value.startswith("/") or "\x00" in value:
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}) else ""


def start_payment(request, payment, recurring):
    """Hand the new payment to its provider; a provider that fails leaves nothing behind."""
    provider = get_provider(payment.provider)
    try:
        with transaction.atomic():
            if recurring:
                payment.subscription = Subscription.objects.create(
                    user=payment.user,
                    purpose=payment.purpose,
                    provider=payment.provider,
                    plan=payment.plan,
                    amount=payment.amount,
                )
            payment.save()
            return provider.start(request, payment, recurring)
    except ProviderError as error:
        messages.error(request, str(error))
        return None


def join(request):
    return_path = safe_return_path(request, request.POST.get("next") or request.GET.get("next"))
    chosen = plan_changes.next_plan_of(request.user) if request.user.is_authenticated else None
    initial_plan = id_from_text(request.GET.get("plan")) or (chosen.plan_id if chosen else None)
    form = JoinForm(request.POST or None, initial={"plan": initial_plan})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            plan = form.cleaned_data["plan"]
            payment = Payment(
                purpose=Purpose.MEMBERSHIP,
                provider=form.cleaned_data["provider"],
                amount=plan.price,
                user=request.user,
                plan=plan,
                return_url=return_path,
            )
            response = start_payment(request, payment, form.cleaned_data.get("renew_automatically", False))
            if response is not None:
                return response
    current = None
    if request.user.is_authenticated:
        current = Membership.objects.filter(user=request.user).order_by("-paid_until").first()
    context = {
        "form": form,
        "plans": MembershipPlan.objects.offered(),
        "figures": latest_figures(),
        "next": return_path,
        "current": current,
        "today": timezone.localdate(),
    }
    return render(request, "payments/join.html", context, status=400 if form.errors else 200)


def donate(request):
    form = DonationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        payment = Payment(
            purpose=Purpose.DONATION,
            provider=data["provider"],
            amount=data["amount"],
            user=user,
            donor_name="" if user else data.get("donor_name", ""),
            donor_email="" if user else data.get("donor_email", ""),
            public_name=data["public_name"].strip(),
        )
        response = start_payment(request, payment, data["frequency"] == DonationForm.MONTHLY)
        if response is not None:
            return response
    context = {"form": form, "figures": latest_figures(), "supporters": supporters()[:12]}
    return render(request, "payments/donate.html", context, status=400 if form.errors else 200)


def supporters():
    """Names people chose to show, once each, most recent first."""
    names = (
        Payment.objects.filter(status=Payment.Status.CONFIRMED)
        .exclude(public_name="")
        .order_by("-confirmed_at")
        .values_list("public_name", flat=True)
    )
    return list(dict.fromkeys(names))


def supporter_list(request):
    return render(request, "payments/supporters.html", {"supporters": supporters()})


def payment_for(request, payment_token):
    """A payment is reached by its unguessable token; one made by a signed-in person is
    theirs alone."""
    payment = get_object_or_404(
        Payment.objects.select_related("plan", "user", "membership"), access_token=payment_token
    )
    if payment.user_id and payment.user_id != request.user.pk:
        raise Http404
    return payment


def payment_detail(request, payment_token):
    payment = payment_for(request, payment_token)
    from django.conf import settings

    context = {"payment": payment, "bank": settings.PAYMENTS_BANK_DETAILS}
    return render(request, "payments/payment.html", context)


def receipt(request, payment_token):
    from .receipts import receipt_pdf

    payment = payment_for(request, payment_token)
    if payment.status not in (Payment.Status.CONFIRMED, Payment.Status.REFUNDED):
        raise Http404
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.reference}.pdf"'
    return response


@login_required
def my_membership(request):
    user = request.user
    memberships = Membership.objects.filter(user=user).order_by("-paid_until")
    current = memberships.filter(paid_until__gte=timezone.localdate()).first()
    subscriptions = list(
        Subscription.objects.filter(user=user, status=Subscription.Status.ACTIVE).select_related("plan")
    )
    context = {
        "latest": memberships.first(),
        "current": current,
        "payments": Payment.objects.filter(user=user).select_related("plan")[:50],
        "subscriptions": subscriptions,
        "renews_by_card": any(
            s.purpose == Purpose.MEMBERSHIP and s.provider == Provider.STRIPE for s in subscriptions
        ),
        "change_plan_form": ChangePlanForm(),
        "next_plan": plan_changes.next_plan_of(user),
        "today": timezone.localdate(),
    }
    return render(request, "payments/my_membership.html", context)


def stop_recurring(request, subscriptions):
    """Stop each recurring payment at its provider, then here; False (and a message) if
    a provider refused."""
    for subscription in subscriptions:
        try:
            get_provider(subscription.provider).cancel_subscription(subscription)
        except ProviderError as error:
            messages.error(request, str(error))
            return False
        subscription.status = Subscription.Status.CANCELLED
        subscription.cancelled_at = timezone.now()
        subscription.save(update_fields=["status", "cancelled_at"])
    return True


@login_required
@require_POST
def cancel_recurring(request, subscription_id):
    subscription = get_object_or_404(
        Subscription, pk=subscription_id, user=request.user, status=Subscription.Status.ACTIVE
    )
    if stop_recurring(request, [subscription]):
        messages.success(request, _("The recurring payment is cancelled. What you paid for runs to its end."))
    return redirect("payments:my_membership")


@login_required
@require_POST
def change_plan(request):
    """Change the member's own plan in place (see plan_changes); someone who has never
    been a member chooses their plan on /join/ instead."""
    form = ChangePlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["plan"]))
        return redirect("payments:my_membership")
    plan = form.cleaned_data["plan"]
    try:
        change = plan_changes.change_plan(request.user, plan)
    except plan_changes.PlanChangeError:
        return redirect(f"{reverse('payments:join')}?plan={plan.pk}")
    except ProviderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, change.message)
    return redirect("payments:my_membership")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    from .stripe_events import BadEvent, handle_webhook

    try:
        try:
            payload = request.body
        except RawPostDataException:  # a form post, already parsed: Stripe sends JSON
            raise BadEvent("The payload is not a Stripe event; nothing was done.")
        outcome = handle_webhook(payload, request.headers.get("Stripe-Signature", ""))
    except BadEvent as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return HttpResponse(outcome, content_type="text/plain; charset=utf-8")
