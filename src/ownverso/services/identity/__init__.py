"""Identity use cases: registration, sessions, passwords, email change, MFA and OAuth."""
