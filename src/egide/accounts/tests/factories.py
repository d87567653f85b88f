"""factory_boy factories for accounts: users, organisations, memberships."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from egide.accounts.choices import LegalStatus, OrganisationKind
from egide.accounts.models import Membership, Organisation, OrganisationGroup, User
from egide.accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


class OrganisationGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationGroup

    name = factory.Sequence(lambda n: f"GHT Test {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    legal_name = factory.Sequence(lambda n: f"Centre hospitalier de test {n}")
    kind = OrganisationKind.HOSPITAL
    legal_status = LegalStatus.PUBLIC
    city = "Lyon"
    postal_code = "69003"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DPO
    expires_at = factory.LazyAttribute(
        lambda m: timezone.now() + timedelta(days=30) if m.role == Role.AUDITOR else None
    )
