"""License keys: mine, checking and activating them, and the team's and administrators' lists."""
