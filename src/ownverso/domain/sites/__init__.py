"""Sites: an author's site, its collaborators and who may do what on it."""
