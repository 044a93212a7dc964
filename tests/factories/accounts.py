"""factory-boy factories for the accounts module's domain objects (plain, no persistence).

``AuthorProfileFactory(user_id=user.id)`` builds the author profile of a stored user; nothing
is saved: add it to a unit of work yourself.
"""

import factory

from ownverso.domain.accounts.author_profile import AuthorProfile
from tests.factories.identity import BASE_TIME


class AuthorProfileFactory(factory.Factory):
    class Meta:
        model = AuthorProfile

    id = factory.Sequence(lambda n: f"aut_{n:06d}")
    user_id = factory.Sequence(lambda n: f"usr_{n:06d}")
    created_at = BASE_TIME
    updated_at = factory.SelfAttribute("created_at")
    pen_name = factory.Sequence(lambda n: f"Pen Name {n}")
    tagline = "Stories about lighthouses"
    genres = factory.LazyFunction(lambda: ["fantasy"])
    primary_genre = "fantasy"

    class Params:
        commissions = factory.Trait(accepting_commissions=True, commission_min_price=50_000,
                                    commission_max_price=200_000)
