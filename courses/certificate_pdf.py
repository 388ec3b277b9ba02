"""The certificate as a PDF: learner, course, date, instructors, and a QR code of the
public verification link, so a printed copy can be checked with a phone."""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats
from fpdf import FPDF

from .certificates import display_code, verification_url

# DejaVu covers the names people have (Latin, Greek, Cyrillic and more); the PDF's
# built-in fonts only cover Latin-1.
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def font_dir():
    return Path(getattr(settings, "COURSES_CERTIFICATE_FONT_DIR", DEFAULT_FONT_DIR))


def qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    buffer.seek(0)
    return buffer


def join_names(names):
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def certificate_pdf(enrolment, instructors, site_name):
    """The PDF's bytes for a completed enrolment."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Certificate of completion: {enrolment.course.title}")
    pdf.set_author(site_name)
    fonts = font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = pdf.w - 40
    pdf.set_draw_color(11, 93, 87)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    def line(text, size, style="", gap=4):
        pdf.set_font("DejaVu", style, size)
        pdf.set_x(20)
        pdf.multi_cell(width, size * 0.5, text, align="C")
        pdf.ln(gap)

    learner = enrolment.user.get_full_name() or enrolment.user.email
    completed = formats.date_format(enrolment.completed_at, "j F Y")
    pdf.set_y(24)
    pdf.set_text_color(11, 93, 87)
    line(site_name, 14, "B", 6)
    pdf.set_text_color(20, 20, 20)
    line("Certificate of completion", 30, "B", 8)
    line("This certifies that", 13)
    line(learner, 26, "B", 6)
    line("has completed every lesson of the course", 13)
    line(enrolment.course.title, 20, "B", 6)
    taught = f", taught by {join_names(instructors)}" if instructors else ""
    line(f"on {completed}{taught}.", 13, "", 4)

    url = verification_url(enrolment)
    size = 40
    pdf.image(qr_png(url), x=pdf.w - 20 - size, y=pdf.h - 20 - size, w=size, h=size)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(20, pdf.h - 42)
    pdf.multi_cell(pdf.w - 70 - size, 5, f"Verification code {display_code(enrolment.certificate_code)}")
    pdf.set_x(20)
    pdf.multi_cell(pdf.w - 70 - size, 5, f"Check it at {url}")
    return bytes(pdf.output())
