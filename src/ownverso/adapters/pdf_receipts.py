"""Payment receipts as PDF, drawn with fpdf2.

fpdf2's core fonts are Latin-1 only; a receipt must never fail on a name in another script,
so text outside Latin-1 is replaced (``?``). Amounts are printed as decimals with the
currency's ISO code (no symbol: the rupee sign is not Latin-1)."""

from fpdf import FPDF

from ownverso.domain.money import money_text
from ownverso.services.ports.receipts import Receipt, ReceiptRenderer


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


class PdfReceipts(ReceiptRenderer):
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, receipt: Receipt) -> bytes:
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(f"Receipt {receipt.payment_id}"))
        pdf.set_creator("Ownverso")
        pdf.add_page()
        pdf.set_font("helvetica", "B", 18)
        pdf.cell(0, 12, "Receipt", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        pdf.cell(0, 7, _latin1(receipt.merchant), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        refund = money_text(receipt.refunded_amount, receipt.currency) + (
            f" on {receipt.refunded_at:%Y-%m-%d}" if receipt.refunded_at else "")
        rows = [
            ("Payment", receipt.payment_id),
            ("Date", f"{receipt.paid_at:%Y-%m-%d %H:%M} UTC"),
            ("Paid by", receipt.payer),
            ("Item", receipt.item),
            ("Amount", money_text(receipt.amount, receipt.currency)),
            ("Status", receipt.status.replace("_", " ").lower()),
            ("Paid through", f"{receipt.gateway} ({receipt.gateway_payment_id})"),
        ]
        if receipt.refunded_amount:
            rows.append(("Refunded", refund))
            rows.append(("Kept", money_text(receipt.amount - receipt.refunded_amount,
                                       receipt.currency)))
        for label, value in rows:
            pdf.set_font("helvetica", "B", 11)
            pdf.cell(40, 8, label)
            pdf.set_font("helvetica", "", 11)
            pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
