"""The in-memory suite: every port without a database, Redis or network.

It is a product of its own: developers build ``create_app`` on it for fast tests, drive time
with ``FixedClock``, read ``InMemoryMailer.sent`` and complete ``SandboxPaymentGateway``
checkouts. Its state is inspectable on purpose.
"""
