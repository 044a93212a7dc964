"""Referral codes: 8 to 12 characters of an alphabet with no look-alikes (no 0/O, 1/I/L),
drawn with ``secrets``; matched case-insensitively."""

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
MIN_LENGTH, MAX_LENGTH = 8, 12
SHAPE = re.compile(rf"^[{ALPHABET}]{{{MIN_LENGTH},{MAX_LENGTH}}}$")


def new_code(length: int = LENGTH) -> str:
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"A referral code has {MIN_LENGTH} to {MAX_LENGTH} characters.")
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(raw: str | None) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when it cannot be one."""
    code = (raw or "").strip().upper().replace("-", "").replace(" ", "")
    return code if SHAPE.match(code) else None
