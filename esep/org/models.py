"""Territories, branches, collegial bodies, people and party membership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from esep.lib.crypto import (
    DigestField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedTextField,
    digest,
)
from esep.lib.folding import folded_contains
from esep.lib.i18n import TrilingualName
from esep.lib.iin import InvalidIIN, parse_iin
from esep.lib.phone import InvalidPhone, format_phone, normalize_phone
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def subtree_q(paths: list[str], field: str = "path") -> Q:
    """Q matching nodes whose materialised path lies under any of `paths`.
    An empty list matches nothing."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


# --- Territory -----------------------------------------------------------------------------


class Territory(TrilingualName, MP_Node):
    """An administrative-territorial unit with its official KATO code."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        OBLAST = "oblast", _("oblast")
        CITY = "city", _("city of republican significance")
        DISTRICT = "district", _("district")
        TOWN = "town", _("town of oblast significance")
        RURAL_DISTRICT = "rural_district", _("rural district")
        SETTLEMENT = "settlement", _("settlement")

    kato = models.CharField(_("KATO code"), max_length=9, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Almaty")
    # The administrative centre, roughly: where Open311 reports given by coordinates go.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    node_order_by = ["kato"]
    objects: MP_NodeManager = MP_NodeManager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def clean(self) -> None:
        if not (len(self.kato) == 9 and self.kato.isdigit()):
            raise ValidationError({"kato": _("A KATO code is nine digits.")})


# --- Branch --------------------------------------------------------------------------------


def in_branches_q(
    paths: list[str],
    field: str = "branch",
    *,
    everything: bool = False,
    ids: list[int] | None = None,
) -> Q:
    """Records whose `field` (a branch) lies under any of `paths`, without joining the
    records' table to the branches: no condition at all where the paths hold every tree
    (`everything`, or the superuser's ""), else the branches' ids (`ids` where the caller
    has read them: written into the query as values, the planner weighs each branch's
    share of the records by its own statistics — a district's few thousand appeals are read
    by the branch index, a region's along the list's order). An empty list matches
    nothing."""
    if not paths:
        return Q(pk__in=[])
    if everything or "" in paths:
        return Q()
    if ids is None:
        ids = branch_ids(paths)
    return Q(**{f"{field}__in": ids})


def branch_ids(paths: list[str]) -> list[int]:
    """The ids of the branches under `paths`, from the branches' own index."""
    return list(Branch.objects.filter(subtree_q(paths)).order_by().values_list("pk", flat=True))


def hold_every_tree(paths: list[str]) -> bool:
    """Whether `paths` hold every branch there is: the central office's scope."""
    if "" in paths:
        return True
    return bool(paths) and not Branch.objects.filter(depth=1).exclude(subtree_q(paths)).exists()


class BranchQuerySet(MP_NodeQuerySet):
    def visible_to(self, user: User) -> BranchQuerySet:
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_ORG)))


class BranchManager(MP_NodeManager):
    def get_queryset(self) -> BranchQuerySet:
        return BranchQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user: User) -> BranchQuerySet:
        return self.get_queryset().visible_to(user)

    def and_above(self, branch: Branch) -> BranchQuerySet:
        """The branch and every branch above it: whose roles reach it."""
        step = self.model.steplen
        paths = [branch.path[:end] for end in range(step, len(branch.path) + 1, step)]
        return self.get_queryset().filter(path__in=paths)


class Branch(TrilingualName, MP_Node):
    """A unit of the party: the central office, a regional, city or district branch, or a
    primary organisation. Access is granted on a branch and covers its whole subtree."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("central office")
        REGIONAL = "regional", _("regional branch")
        CITY = "city", _("city branch")
        DISTRICT = "district", _("district branch")
        PRIMARY = "primary", _("primary party organisation")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="branches"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    node_order_by = ["code"]
    objects = BranchManager()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")


# --- People --------------------------------------------------------------------------------


def branch_for(territory: Territory) -> Branch | None:
    """The branch that serves a territory: the non-primary branch of the territory itself
    or of the nearest territory above it that has one."""
    paths = [territory.path[:i] for i in range(len(territory.path), 0, -Territory.steplen)]
    found = (
        Branch.objects.filter(territory__path__in=paths)
        .exclude(kind=Branch.Kind.PRIMARY)
        .select_related("territory")
    )
    return max(found, key=lambda b: (len(b.territory.path), -len(b.path)), default=None)


class PersonQuerySet(models.QuerySet["Person"]):
    def in_branches(self, paths: list[str]) -> PersonQuerySet:
        """People tied to a branch subtree: its members and the holders of its bodies' posts,
        read from the memberships and posts (a party's few hundred thousand), never by going
        through every person on record (the country's applicants are millions)."""
        if not paths:
            return self.none()
        ids = None if "" in paths else branch_ids(paths)  # read once for both
        members = Membership.objects.filter(in_branches_q(paths, ids=ids))
        holders = Post.objects.filter(in_branches_q(paths, "body__branch", ids=ids))
        return self.filter(
            pk__in=members.order_by()
            .values_list("person_id")
            .union(holders.order_by().values_list("person_id"))
        )

    def visible_to(self, user: User) -> PersonQuerySet:
        return self.in_branches(user.scope_paths(Capability.VIEW_PEOPLE))

    def matching(self, text: str, *, user: User) -> PersonQuerySet:
        """People with every word of `text` in their names, or whose IIN `text` is. Looking
        someone up by IIN is itself use of personal data: a user whose role never shows
        personal data finds nobody by it."""
        digits = "".join(text.split())
        if digits.isdigit() and len(digits) == 12:
            if not user.can(Capability.VIEW_PERSONAL_DATA):
                return self.none()
            return self.with_iin(digits)
        found = self
        for word in text.split():  # in any case, ё as е (esep.lib.folding)
            found = found.filter(
                folded_contains("surname", word)
                | folded_contains("given_name", word)
                | folded_contains("patronymic", word)
            )
        return found

    def with_iin(self, iin: str) -> PersonQuerySet:
        """The person with this IIN (spaces ignored), found by its digest."""
        iin = "".join(iin.split())
        return self.filter(iin_digest=digest("iin", iin)) if iin else self.none()

    def with_iins(self, iins: Iterable[str]) -> PersonQuerySet:
        return self.filter(iin_digest__in=[digest("iin", iin) for iin in iins])

    def with_phone(self, phone: str) -> PersonQuerySet:
        """People with this phone, in any written form; none when it is not a phone."""
        try:
            normalized = normalize_phone(phone)
        except InvalidPhone:
            return self.none()
        return self.filter(phone_digest=digest("phone", normalized))

    def office_holders(self, paths: list[str]) -> PersonQuerySet:
        """Who acts for a branch subtree in public: holders of a current post in its bodies
        (deputies, council members) and its staff with an esep account. They receive
        citizens, head control posts, sit in meetings and execute instructions."""
        if not paths:
            return self.none()
        holder = subtree_q(paths, "posts__body__branch__path") & Q(posts__in=Post.objects.current())
        staff = subtree_q(paths, "user__grants__branch__path")
        ids = self.filter(holder | staff).values("pk")
        return self.filter(pk__in=ids).order_by("surname", "given_name", "pk")


class Person(models.Model):
    """One record per human being, reused as citizen, member, deputy, delegate, candidate.

    IIN, phone, e-mail, address and birth date are personal data: pages show them only
    through esep.org.privacy, which masks them or logs that they were seen."""

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    PERSONAL_FIELDS = ("iin", "phone", "email", "address", "birth_date")

    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    # Personal data is encrypted at rest (esep.lib.crypto); a person is found by IIN or phone
    # through their keyed digests (`with_iin`, `with_phone`).
    iin = EncryptedTextField(_("IIN"), max_length=12, null=True, blank=True)
    iin_digest = DigestField(source="iin", unique=True)
    birth_date = EncryptedDateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=16, blank=True)
    phone_digest = DigestField(source="phone", db_index=True)
    email = EncryptedEmailField(_("e-mail"), max_length=254, blank=True)
    address = EncryptedTextField(_("address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["surname", "given_name", "patronymic", "pk"]
        indexes = [models.Index(fields=["surname", "given_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) if self.phone else ""

    def clean(self) -> None:
        """Normalise the phone, verify the IIN's checksum and cross-check it with the
        birth date and sex (filling them in when empty)."""
        errors: dict[str, ValidationError] = {}
        if self.iin:
            try:
                parsed = parse_iin(self.iin)
            except InvalidIIN as exc:
                errors["iin"] = ValidationError(IIN_ERRORS[exc.reason], code=exc.reason)
            else:
                self.iin = parsed.value
                if self.birth_date is None:
                    self.birth_date = parsed.birth_date
                elif self.birth_date != parsed.birth_date:
                    errors["birth_date"] = ValidationError(
                        _("The birth date does not match the IIN (%(date)s)."),
                        params={"date": parsed.birth_date.strftime("%d.%m.%Y")},
                        code="iin_mismatch",
                    )
                if not self.sex:
                    self.sex = parsed.sex
                elif self.sex != parsed.sex:
                    errors["sex"] = ValidationError(
                        _("The sex does not match the IIN."), code="iin_mismatch"
                    )
        else:
            self.iin = None
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except InvalidPhone:
                errors["phone"] = ValidationError(
                    _("Enter a Kazakhstan phone number, for example +7 701 123 45 67."),
                    code="invalid_phone",
                )
        if errors:
            raise ValidationError(errors)


IIN_ERRORS = {
    InvalidIIN.LENGTH: _("An IIN is exactly 12 digits."),
    InvalidIIN.CHECKSUM: _("This IIN has a wrong check digit; please check it for typos."),
    InvalidIIN.CENTURY: _("The seventh digit of an IIN must be from 1 to 6."),
    InvalidIIN.DATE: _("The first six digits of an IIN must be a real birth date (YYMMDD)."),
}


# --- Collegial bodies and posts ------------------------------------------------------------


class BodyQuerySet(models.QuerySet["Body"]):
    def visible_to(self, user: User) -> BodyQuerySet:
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_ORG), "branch__path"))


class Body(models.Model):
    """A collegial body of a branch, with a fixed number of seats."""

    class Kind(models.TextChoices):
        POLITICAL_COUNCIL = "political_council", _("political council")
        BUREAU = "bureau", _("bureau")
        AUDIT_COMMISSION = "audit_commission", _("audit commission")
        MASLIKHAT_FACTION = "maslikhat_faction", _("maslikhat faction")
        MAZHILIS_FACTION = "mazhilis_faction", _("Mazhilis faction")
        PUBLIC_COUNCIL = "public_council", _("public council")
        CIVIC_COMMITTEE = "civic_committee", _("civic committee")
        ETHICS_COMMISSION = "ethics_commission", _("ethics commission")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "kind"], name="one_body_of_a_kind_per_branch"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="body_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.branch}"


class PostQuerySet(models.QuerySet["Post"]):
    def current(self, on: dt.date | None = None) -> PostQuerySet:
        day = on or dt.date.today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class Post(models.Model):
    """A seat in a body held by a person for a term."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="posts"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="posts"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    started_on = models.DateField(_("term start"))
    ended_on = models.DateField(_("term end"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["body", "position", "person__surname"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="post_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}, {self.body}"


# --- Party membership ----------------------------------------------------------------------


class Membership(models.Model):
    """A person's membership of the party, held in one branch at a time.
    Every change of status or branch is a MembershipChange row."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        LEFT = "left", _("left")
        EXPELLED = "expelled", _("expelled")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="membership"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="memberships"
    )
    admitted_on = models.DateField(_("admitted on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    card_number = models.CharField(_("party card number"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("party membership")
        verbose_name_plural = _("party memberships")
        indexes = [models.Index(fields=["branch", "status"], name="membership_branch_status")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class MembershipChange(models.Model):
    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("admitted")
        TRANSFERRED = "transferred", _("transferred")
        SUSPENDED = "suspended", _("suspended")
        REINSTATED = "reinstated", _("reinstated")
        LEFT = "left", _("left the party")
        EXPELLED = "expelled", _("expelled")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="changes", verbose_name=_("membership")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    from_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from branch"),
    )
    to_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("branch"),
    )
    status = models.CharField(_("status after"), max_length=12, choices=Membership.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d.%m.%Y}"


# --- Permission-checked fetches: outside the user's scope is a 404, never a 403 -------------


def get_branch_for_user(user: User, code: str) -> Branch:
    return get_object_or_404(Branch.objects.visible_to(user).select_related("territory"), code=code)


def get_body_for_user(user: User, pk: int) -> Body:
    return get_object_or_404(Body.objects.visible_to(user).select_related("branch"), pk=pk)


def get_person_for_user(user: User, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(user), pk=pk)
