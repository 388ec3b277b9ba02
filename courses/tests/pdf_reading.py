"""Reading a PDF the way a phone reads a printed page: render it, find the QR codes."""

import pypdfium2
import zxingcpp


def qr_codes_in_pdf(content, scale=3):
    """The text of every QR code on the PDF's pages, rendered at 72 × scale dpi."""
    found = []
    for page in pypdfium2.PdfDocument(content):
        image = page.render(scale=scale).to_pil()
        found += [
            code.text
            for code in zxingcpp.read_barcodes(image)
            if code.format == zxingcpp.BarcodeFormat.QRCode
        ]
    return found
