"""Transactional emails: rendered here, sent by a job once the transaction has committed."""

from dataclasses import dataclass
from urllib.parse import urlencode

from ownverso.services.ports import JobQueue, UnitOfWork

SEND_EMAIL_JOB = "ownverso.entrypoints.workers.jobs.email.send_email"

TEMPLATES = {
    "verify_email": (
        "Confirm your email address",
        "Hi {name},\n\nWelcome to Ownverso. Confirm your email address by opening this link:\n"
        "{link}\n\nOr paste this code: {token}\n\nThe link expires in 48 hours.",
    ),
    "reset_password": (
        "Reset your password",
        "Hi {name},\n\nSomeone asked to reset your Ownverso password. If it was you, open:\n"
        "{link}\n\nOr use this code: {token}\n\nThe link expires in 1 hour. If it was not you, "
        "ignore this email: your password stays as it is.",
    ),
    "password_changed": (
        "Your password was changed",
        "Hi {name},\n\nYour Ownverso password was just changed and your other sessions were "
        "signed out. If this was not you, reset your password now.",
    ),
    "confirm_email_change": (
        "Confirm your new email address",
        "Hi {name},\n\nConfirm that {new_email} is your new Ownverso email address:\n{link}\n\n"
        "Or use this code: {token}\n\nThe link expires in 24 hours.",
    ),
    "email_change_requested": (
        "Your email address is being changed",
        "Hi {name},\n\nSomeone asked to change your Ownverso email address to {new_email}. "
        "If this was not you, change your password now.",
    ),
    "mfa_changed": (
        "Two-factor authentication {state}",
        "Hi {name},\n\nTwo-factor authentication was {state} on your Ownverso account. If this "
        "was not you, reset your password now.",
    ),
    "collaborator_invite": (
        "{inviter} invited you to {site} on Ownverso",
        "Hi,\n\n{inviter} invited you to join the team of {site} on Ownverso as {role}.\n\n"
        "Accept or decline the invitation here:\n{link}\n\nOr use this code: {token}\n\n"
        "Sign in (or create your account) with {email} to answer. The invitation expires in "
        "7 days.",
    ),
    # memberships
    "subscription_payment_failed": (
        "Your payment for {site} did not go through",
        "Hi {name},\n\nWe could not charge the renewal of your {tier} subscription to {site}. "
        "You keep access until {grace_ends}; update your payment method before then to keep "
        "reading.",
    ),
    "subscription_renewal_reminder": (
        "Your {tier} subscription to {site} renews on {date}",
        "Hi {name},\n\nYour annual {tier} subscription to {site} renews on {date} for "
        "{amount}. Nothing to do if you want to keep it; cancel from your subscriptions page "
        "before then if not.",
    ),
    "subscription_expiry_reminder": (
        "Your access to {site} ends on {date}",
        "Hi {name},\n\nYou cancelled your {tier} subscription to {site}; your access ends on "
        "{date}. Resume it from your subscriptions page before then to keep reading.",
    ),
    "subscription_expired": (
        "Your subscription to {site} has ended",
        "Hi {name},\n\nYour {tier} subscription to {site} has ended. Subscribe again any "
        "time to pick up where you left off.",
    ),
    "gift_received": (
        "{giver} sent you {months} of {tier} on {site}",
        "Hi {recipient},\n\n{giver} gave you {months} of the {tier} membership of {site} on "
        "Ownverso.\n\n{message}Sign in (or create your account) with {email} and claim it "
        "here:\n{link}\n\nOr enter this code: {code}\n\nClaim it by {expires}.",
    ),
    "tip_received": (
        "{tipper} sent you a tip of {amount}",
        "Hi {name},\n\n{tipper} sent you a tip of {amount}{on} on Ownverso.\n\n{message}"
        "You can see all your tips on your author dashboard.",
    ),
    "gift_claimed": (
        "Your gift to {recipient} was claimed",
        "Hi {name},\n\n{recipient} claimed the {months} of {tier} on {site} you gave them. "
        "Thank you for supporting {site}.",
    ),
    # commerce: product downloads
    "download_reset_approved": (
        "Your downloads of {product} were restarted",
        "Hi {name},\n\n{site} approved your request: your downloads of {product} start "
        "again, with a fresh count and window.\n\n{note}Download it from your purchases page.",
    ),
    "download_reset_rejected": (
        "Your download request for {product} was declined",
        "Hi {name},\n\n{site} declined your request to restart the downloads of {product}."
        "\n\n{note}Reply to the site's author if you need help.",
    ),
    # billing: the platform's usage-fee invoices to FREE-tier authors
    "platform_invoice_issued": (
        "Ownverso invoice {number} for {period}",
        "Hi {name},\n\nYour Ownverso usage-fee invoice {number} for {period} is ready: "
        "{amount}, due on {due}. Download it from your billing page.",
    ),
    "platform_invoice_due_soon": (
        "Ownverso invoice {number} is due on {due}",
        "Hi {name},\n\nA reminder: invoice {number} for {period} ({amount}) is due on {due}.",
    ),
    "platform_invoice_overdue": (
        "Ownverso invoice {number} is overdue",
        "Hi {name},\n\nInvoice {number} for {period} ({amount}) was due on {due} and is "
        "still unpaid. Please pay it as soon as you can.",
    ),
}


@dataclass
class EmailSender:
    jobs: JobQueue
    public_url: str

    def link(self, path: str, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/{path.lstrip('/')}?{urlencode({'token': token})}"

    def send_after_commit(self, uow: UnitOfWork, *, to: str, template: str, **context: str) -> None:
        subject, body = TEMPLATES[template]
        message = {"to": to, "subject": subject.format(**context), "text": body.format(**context),
                   "headers": {"X-Ownverso-Template": template}}
        uow.after_commit(lambda: self.jobs.enqueue(SEND_EMAIL_JOB, **message))
