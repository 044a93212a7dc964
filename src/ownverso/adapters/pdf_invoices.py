"""The platform's invoices to authors as PDF, drawn with fpdf2 (Latin-1 core fonts, like the
receipts: other characters print as ``?``; amounts as decimals with the ISO code)."""

from datetime import timedelta

from fpdf import FPDF

from ownverso.domain.money import money_text
from ownverso.services.ports.invoices import InvoiceDocument, InvoiceRenderer


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


class PdfInvoices(InvoiceRenderer):
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, invoice: InvoiceDocument) -> bytes:
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(f"Invoice {invoice.number}"))
        pdf.set_creator(_latin1(invoice.seller))
        pdf.add_page()
        pdf.set_font("helvetica", "B", 18)
        pdf.cell(0, 12, _latin1(f"Invoice {invoice.number}"), new_x="LMARGIN", new_y="NEXT")
        last_day = invoice.period_end - timedelta(days=1)
        rows = [
            ("From", invoice.seller),
            ("To", f"{invoice.buyer} <{invoice.buyer_email}>"),
            ("Issued", f"{invoice.issued_at:%Y-%m-%d}"),
            ("Period", f"{invoice.period_start:%Y-%m-%d} to {last_day:%Y-%m-%d}"),
            ("Due", f"{invoice.due_date:%Y-%m-%d}"),
            ("Status", invoice.status.lower() + (
                f" on {invoice.paid_at:%Y-%m-%d}" if invoice.paid_at else "")),
            ("Revenue", money_text(invoice.gross_revenue, invoice.currency)),
        ]
        pdf.ln(2)
        for label, value in rows:
            pdf.set_font("helvetica", "B", 11)
            pdf.cell(40, 8, label)
            pdf.set_font("helvetica", "", 11)
            pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for line in invoice.lines:
            pdf.cell(130, 8, _latin1(line.description), border="B")
            pdf.cell(0, 8, money_text(line.amount, invoice.currency), border="B", align="R",
                     new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(130, 9, "Total")
        pdf.cell(0, 9, money_text(invoice.total_amount, invoice.currency), align="R",
                 new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
