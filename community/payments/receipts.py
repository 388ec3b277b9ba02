"""A receipt a person can keep: one PDF page with the amount, the references and KMP's
details, drawn with fpdf2."""

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Purpose


def _latin(text):
    # The core PDF fonts are Latin-1; anything else is shown as "?" rather than failing.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def receipt_pdf(payment):
    """The receipt of a confirmed payment, as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin(_("Receipt %(reference)s") % {"reference": payment.reference}))
    pdf.set_author(_latin(settings.PAYMENTS_ORGANISATION))
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 12, _latin(_("Receipt")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    pdf.cell(0, 6, _latin(settings.PAYMENTS_ORGANISATION), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin(settings.PAYMENTS_ORGANISATION_ADDRESS), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    if payment.purpose == Purpose.MEMBERSHIP:
        what = _("Membership: %(plan)s") % {"plan": payment.plan.name}
        if payment.membership_id:
            what += _(", paid until %(date)s") % {"date": payment.membership.paid_until.isoformat()}
    else:
        what = _("Donation")
    rows = [
        (_("Received from"), payment.payer_name),
        (_("For"), what),
        (_("Amount"), payment.amount_display),
        (_("Received on"), payment.received_on.isoformat() if payment.received_on else ""),
        (_("Our reference"), payment.reference),
        (_("Paid by"), payment.get_provider_display()),
        (_("Provider's reference"), payment.provider_reference),
    ]
    for label, value in rows:
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(50, 8, _latin(label))
        pdf.set_font("helvetica", "", 11)
        pdf.cell(0, 8, _latin(value), new_x="LMARGIN", new_y="NEXT")
    if payment.status == payment.Status.REFUNDED:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(0, 8, _latin(_("This payment was refunded.")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("helvetica", "", 9)
    pdf.multi_cell(0, 5, _latin(_("Thank you. Keep this receipt for your records.")))
    return bytes(pdf.output())
