from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, TypeVar

import factory
from factory.django import DjangoModelFactory

from esep.access.actions import grant_role
from esep.lib.iin import make_iin
from esep.org.models import Body, Branch, Membership, MembershipChange, Person, Post, Territory

# Calling a factory is typed as the factory itself; `.create()` is typed as its model.
T = TypeVar("T")


class TreeNodeFactory(DjangoModelFactory[T]):
    """treebeard nodes are created through add_root/add_child, which set their paths."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(model_class.objects.get(pk=parent.pk), kwargs)


class TerritoryFactory(TreeNodeFactory[Territory]):
    class Meta:
        model = Territory

    # Nine digits whatever the run's length (a test's records never reach 10,000).
    kato = factory.Sequence(lambda n: f"{990000000 + (n % 1000) * 10000 + n // 1000 % 10000:09d}")
    level = Territory.Level.OBLAST
    name_kk = factory.Sequence(lambda n: f"Аумақ {n}")
    name_ru = factory.Sequence(lambda n: f"Территория {n}")
    name_en = factory.Sequence(lambda n: f"Territory {n}")
    time_zone = "Asia/Almaty"


class BranchFactory(TreeNodeFactory[Branch]):
    class Meta:
        model = Branch

    code = factory.Sequence(lambda n: f"branch-{n}")
    kind = Branch.Kind.REGIONAL
    territory = factory.SubFactory(TerritoryFactory)
    name_kk = factory.Sequence(lambda n: f"Филиал {n}")
    name_ru = factory.Sequence(lambda n: f"Филиал {n}")
    name_en = factory.Sequence(lambda n: f"Branch {n}")


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    surname = factory.Iterator(["Омаров", "Иванова", "Сейітқалиев", "Ким"])
    given_name = factory.Iterator(["Ерлан", "Ольга", "Асқар", "Анна"])
    patronymic = ""
    birth_date = factory.Sequence(lambda n: dt.date(1980, 1, 1) + dt.timedelta(days=n))
    sex = "male"
    iin = factory.LazyAttributeSequence(lambda o, n: make_iin(o.birth_date, o.sex, serial=n))
    phone = factory.Sequence(lambda n: f"+7701{1000000 + n}")
    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    address = "Абай даңғылы, 10"


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    branch = factory.SubFactory(BranchFactory)
    admitted_on = dt.date(2020, 1, 15)
    card_number = factory.Sequence(lambda n: f"{n:010d}")

    @factory.post_generation
    def history(obj: Membership, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            MembershipChange.objects.create(
                membership=obj,
                kind="admitted",
                on=obj.admitted_on,
                to_branch=obj.branch,
                status=obj.status,
            )


class BodyFactory(DjangoModelFactory[Body]):
    class Meta:
        model = Body

    branch = factory.SubFactory(BranchFactory)
    kind = Body.Kind.POLITICAL_COUNCIL
    seats = 5


class PostFactory(DjangoModelFactory[Post]):
    class Meta:
        model = Post

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    position = Post.Position.MEMBER
    started_on = dt.date(2021, 2, 20)


def user_with_role(role: str, branch: Branch, username: str | None = None):
    user, _ = grant_role(username=username or f"{role}-{branch.code}", role=role, branch=branch)
    return user


def build_tree() -> SimpleNamespace:
    """central → atyrau → atyrau-city, and central → kostanay → kostanay-rudny, each branch
    with one member and the regional branches with a bureau."""
    country = TerritoryFactory.create(kato="000000000", level="country")
    atyrau_t = TerritoryFactory.create(parent=country, kato="230000000")
    kostanay_t = TerritoryFactory.create(
        parent=country, kato="390000000", time_zone="Asia/Qostanay"
    )
    central = BranchFactory.create(code="central", kind="central", territory=country)
    atyrau = BranchFactory.create(parent=central, code="atyrau", territory=atyrau_t)
    atyrau_city = BranchFactory.create(
        parent=atyrau,
        code="atyrau-city",
        kind="city",
        territory=TerritoryFactory.create(parent=atyrau_t, kato="231010000", level="town"),
    )
    kostanay = BranchFactory.create(parent=central, code="kostanay", territory=kostanay_t)
    rudny = BranchFactory.create(
        parent=kostanay,
        code="kostanay-rudny",
        kind="city",
        territory=TerritoryFactory.create(parent=kostanay_t, kato="392410000", level="town"),
    )
    members = {
        b.code: MembershipFactory.create(branch=b).person
        for b in (atyrau, atyrau_city, kostanay, rudny)
    }
    bureau = BodyFactory.create(branch=atyrau, kind=Body.Kind.BUREAU, seats=3)
    PostFactory.create(body=bureau, person=members["atyrau"], position=Post.Position.CHAIR)
    return SimpleNamespace(
        central=central,
        atyrau=atyrau,
        atyrau_city=atyrau_city,
        kostanay=kostanay,
        rudny=rudny,
        members=members,
        bureau=bureau,
    )
