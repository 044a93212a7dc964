"""Identity: users' credentials, sessions, verification tokens, MFA and external accounts."""
