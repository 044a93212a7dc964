"""Amounts are integers in the currency's smallest unit; this is how they read as text."""

# ISO 4217 minor units where they are not 2
MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                     "UGX", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def money_text(amount: int, currency: str) -> str:
    """12345 INR -> "123.45 INR"; 500 JPY -> "500 JPY"; 12345 KWD -> "12.345 KWD"."""
    places = minor_units(currency)
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10 ** places)
    return f"{sign}{whole:,}.{part:0{places}d} {currency}" if places \
        else f"{sign}{whole:,} {currency}"
