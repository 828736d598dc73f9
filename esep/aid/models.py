"""Aid campaigns: beneficiary households, deliveries, partners' contributions and the
campaign's money.

- A `Campaign` is run by a branch, with the branches taking part (its whole subtree when
  none is named), a period and the kinds of aid it gives.
- A `Household` is a beneficiary family in one campaign: its head (an `org.Person`, found by
  IIN), members, category, address (encrypted) and the keyed digest of the address's
  normalised form (`addresses.normalise_address`). The same family is helped once per
  campaign — the same head or the same address twice is refused by the DATABASE (two partial
  unique constraints on rows without a `repeat_reason`) — unless a reason is recorded.
- A `Delivery` is what a household received: day, kind, value in tenge, who delivered it and
  its confirmation. A `Contribution` is a partner's money for a campaign. A campaign's
  balance is its contributions less its deliveries' value, and never goes below zero
  (`actions.record_delivery` refuses).

Amounts are whole tenge (integers: sums are exact on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from esep.aid.addresses import normalise_address
from esep.lib import jobs
from esep.lib.crypto import DigestField, EncryptedTextField
from esep.lib.i18n import TrilingualName
from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class Kind(models.TextChoices):
    """The kinds of aid a campaign gives and a delivery is."""

    FOOD = "food", _("food parcel")
    MONEY = "money", _("money")
    MEDICINES = "medicines", _("medicines")
    SERVICES = "services", _("services")


class Category(models.TextChoices):
    """Why a family is helped: the social category the office records (one per household,
    the one that brought it into the campaign)."""

    LARGE_FAMILY = "large_family", _("large family")
    DISABLED = "disabled", _("disabled person in the family")
    PENSIONER = "pensioner", _("pensioner")
    LOST_INCOME = "lost_income", _("lost income")
    LOW_INCOME = "low_income", _("low income")
    SINGLE_PARENT = "single_parent", _("single parent")
    OTHER = "other", _("other")


def validate_kinds(value: object) -> None:
    """A campaign's kinds of aid: a non-empty list of `Kind` codes, each once."""
    if (
        not isinstance(value, list)
        or not value
        or len(set(value)) != len(value)
        or not set(value) <= set(Kind.values)
    ):
        raise ValidationError(_("Choose the kinds of aid the campaign gives."), code="kinds")


# ---------------------------------------------------------------- campaigns


def ancestors_of(paths: list[str], steplen: int = 4) -> list[str]:
    """Every materialised path above (and at) `paths`."""
    return sorted({p[:end] for p in paths for end in range(steplen, len(p) + 1, steplen)})


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: User) -> CampaignQuerySet:
        """The campaigns of the user's VIEW_AID scope: those its branches run, those they take
        part in, and those run above them that name no branches (a whole subtree takes
        part)."""
        paths = user.scope_paths(Capability.VIEW_AID)
        if not paths:
            return self.none()
        taking_part = Campaign.branches.through.objects.filter(
            subtree_q(paths, "branch__path")
        ).values("campaign_id")
        whole_subtree = Q(branch__path__in=ancestors_of(paths)) & ~Q(
            pk__in=Campaign.branches.through.objects.values("campaign_id")
        )
        return self.filter(subtree_q(paths, "branch__path") | Q(pk__in=taking_part) | whole_subtree)


class Campaign(TrilingualName):
    """An aid campaign of a branch: its period, the branches taking part and the kinds of
    aid it gives."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch running it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # None named: the running branch's whole subtree takes part.
    branches = models.ManyToManyField(
        "org.Branch", verbose_name=_("branches taking part"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    kinds = models.JSONField(_("kinds of aid"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("aid campaign")
        verbose_name_plural = _("aid campaigns")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="aid_campaign_ends_after_start",
            ),
        ]

    def clean(self) -> None:
        validate_kinds(self.kinds)

    def kinds_display(self) -> list[str]:
        return [str(Kind(k).label) for k in self.kinds if k in Kind.values]

    def received(self) -> int:
        return int(self.contributions.aggregate(s=Sum("amount"))["s"] or 0)

    def delivered(self) -> int:
        return int(self.deliveries.aggregate(s=Sum("amount"))["s"] or 0)

    def balance(self) -> int:
        return self.received() - self.delivered()

    @cached_property
    def named_paths(self) -> list[str]:
        """The paths of the branches named as taking part (read once per instance)."""
        return [b.path for b in self.branches.all()]

    def takes_part(self, branch_path: str) -> bool:
        """Whether the branch with this path may register households in the campaign."""
        named = self.named_paths
        if not named:
            return branch_path.startswith(self.branch.path)
        return any(branch_path.startswith(path) for path in named)


# ---------------------------------------------------------------- partners and money


class Partner(models.Model):
    """A donor: a company, a foundation, an individual or a public body."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        FOUNDATION = "foundation", _("foundation")
        INDIVIDUAL = "individual", _("individual")
        PUBLIC_BODY = "public_body", _("public body")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """Money a partner gave a campaign."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contributions"
    )
    received_on = models.DateField(_("received on"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aid_contribution_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.amount}"


# ---------------------------------------------------------------- households


class HouseholdQuerySet(models.QuerySet["Household"]):
    def visible_to(self, user: User) -> HouseholdQuerySet:
        """The households helped by the branches of the user's VIEW_AID scope."""
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_AID), "branch__path"))


class Household(models.Model):
    """A beneficiary family in one campaign, numbered within it.

    Personal data: the head's (their `Person`: IIN, phone — shown only through
    `org.privacy`) and the address, encrypted at rest; the duplicate check reads the
    address's digest. The IIN is never shown on a list or an export."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.PositiveIntegerField(_("number"))
    head = models.ForeignKey(
        "org.Person",
        verbose_name=_("head of the family"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.PositiveSmallIntegerField(_("members"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    address = EncryptedTextField(_("address"), max_length=255)
    # The keyed digest of the normalised address (`addresses.normalise_address`).
    address_digest = DigestField(source="normalised_address")
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch helping"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty unless the same family (head or address) is deliberately helped again.
    repeat_reason = models.CharField(_("reason to help again"), max_length=500, blank=True)
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="aid_household_number_in_campaign"
            ),
            # The same family is helped once in a campaign, unless a reason is recorded.
            models.UniqueConstraint(
                fields=["campaign", "head"],
                condition=Q(repeat_reason=""),
                name="aid_household_head_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "address_digest"],
                condition=Q(repeat_reason=""),
                name="aid_household_address_once",
            ),
            models.CheckConstraint(condition=Q(members__gte=1), name="aid_household_members"),
        ]
        indexes = [
            models.Index(fields=["campaign", "address_digest"], name="aid_household_address_idx"),
            models.Index(fields=["campaign", "head"], name="aid_household_head_idx"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"

    @property
    def normalised_address(self) -> str:
        return normalise_address(self.address or "")


class Delivery(models.Model):
    """Aid a household received: its day, kind, value in tenge (money given, or the goods'
    and services' worth), who delivered it and how the family confirmed it."""

    class Confirmation(models.TextChoices):
        SIGNATURE = "signature", _("signature")
        PHOTO = "photo", _("photo")
        SMS = "sms", _("SMS code")
        NONE = "none", _("none")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="deliveries"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    delivered_on = models.DateField(_("delivered on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("value, tenge"))
    volunteer = models.ForeignKey(
        "org.Person",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delivered_by = models.CharField(_("delivered by"), max_length=255, blank=True)
    confirmation = models.CharField(
        _("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.NONE
    )
    reference = models.CharField(_("confirmation's reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["delivered_on"], name="aid_delivery_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household} — {self.delivered_on:%d.%m.%Y}"

    @property
    def deliverer(self) -> str:
        return self.volunteer.full_name if self.volunteer else self.delivered_by


# ---------------------------------------------------------------- imports


class ImportJob(jobs.ImportJob):
    """An uploaded spreadsheet of a campaign's beneficiaries or deliveries, imported by the
    background worker, all rows or none."""

    class What(models.TextChoices):
        HOUSEHOLDS = "households", _("beneficiaries")
        DELIVERIES = "deliveries", _("deliveries")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    what = models.CharField(_("what"), max_length=12, choices=What.choices)
    # The branch the beneficiaries' households are helped by.
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    # What the import wrote: {"households": 120, "people": 80}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("aid import")
        verbose_name_plural = _("aid imports")
