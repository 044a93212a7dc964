"""Site use cases: the site itself, its collaborators, pages, themes and domain."""
