"""Values of the memberships module."""

from enum import StrEnum


class BillingCycle(StrEnum):
    MONTHLY = "MONTHLY"
    ANNUAL = "ANNUAL"
