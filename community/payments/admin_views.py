"""Finance's two actions on a payment: confirm that a bank transfer arrived (one step:
the date, then the ledger entry, the membership and the receipt) and refund all or part
of one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.modeladmin import modeladmin_url
from portal.money import format_money

from .forms import ConfirmReceiptForm, RefundForm
from .models import Payment, Provider
from .records import PaymentError, confirm_payment, refund_payment

CONFIRM_PAYMENT = "payments.confirm_payment"


def payments_index_url():
    return modeladmin_url(Payment)


def _finance_only(request):
    if not request.user.has_perm(CONFIRM_PAYMENT):
        raise PermissionDenied


def _render(request, form, payment, title, submit, intro):
    context = {
        "form": form,
        "payment": payment,
        "title": title,
        "submit": submit,
        "intro": intro,
        "cancel_url": payments_index_url(),
    }
    return TemplateResponse(
        request, "components/admin_form.html", context, status=400 if form.errors else 200
    )


def confirm(request, pk):
    _finance_only(request)
    payment = get_object_or_404(Payment, pk=pk, provider=Provider.BANK_TRANSFER)
    form = ConfirmReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_payment(payment, received_on=form.cleaned_data["received_on"], recorded_by=request.user)
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(reference)s confirmed: %(amount)s is in the ledger and the receipt is on its way.")
                % {"reference": payment.reference, "amount": payment.amount_display},
            )
            return redirect(payments_index_url())
    intro = _(
        "%(payer)s, %(amount)s for %(purpose)s. Confirm once the money with reference %(reference)s is in the bank."
    ) % {
        "payer": payment.payer_name,
        "amount": payment.amount_display,
        "purpose": payment.get_purpose_display().lower(),
        "reference": payment.reference,
    }
    return _render(
        request,
        form,
        payment,
        _("Confirm receipt of %(reference)s") % {"reference": payment.reference},
        _("Confirm receipt"),
        intro,
    )


def refund(request, pk):
    _finance_only(request)
    payment = get_object_or_404(Payment, pk=pk, provider=Provider.BANK_TRANSFER)
    form = RefundForm(request.POST or None, payment=payment)
    if request.method == "POST" and form.is_valid():
        try:
            done = refund_payment(
                payment,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                recorded_by=request.user,
            )
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            if done:
                messages.success(request, refunded_message(payment, done))
            else:
                messages.info(
                    request, _("%(reference)s was already refunded.") % {"reference": payment.reference}
                )
            return redirect(payments_index_url())
    intro = _(
        "%(payer)s paid %(amount)s (%(refunded)s refunded so far). Pay the money back yourself; "
        "this records it and reverses that much of the ledger entry."
    ) % {
        "amount": payment.amount_display,
        "refunded": format_money(payment.amount_refunded, payment.currency),
        "payer": payment.payer_name,
    }
    return _render(
        request,
        form,
        payment,
        _("Refund %(reference)s") % {"reference": payment.reference},
        _("Record the refund"),
        intro,
    )


def refunded_message(payment, refund):
    payment.refresh_from_db(fields=["status", "amount_refunded"])
    if payment.status == Payment.Status.REFUNDED:
        return _("%(reference)s refunded; its ledger entry is reversed.") % {"reference": payment.reference}
    return _("%(amount)s of %(reference)s refunded; that part of its ledger entry is reversed.") % {
        "amount": format_money(refund.amount, payment.currency),
        "reference": payment.reference,
    }
