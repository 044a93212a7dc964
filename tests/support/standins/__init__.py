"""Local stand-ins of the payment providers' HTTP APIs: the adapters' tests never reach the
network, they point the providers' SDKs at these servers instead."""
