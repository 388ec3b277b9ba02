"""What people do with wish lists and offers, each in one transaction: a failure part
way leaves nothing half-done. Views check who may act; these functions check again
what the current rows allow, after locking them."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.users.models import UserProfile

from . import notifications
from .models import Offer, WishItem, WishListPage
from .moderation import moderation_workflow_for


class ActionRefused(Exception):
    """The action is not possible now; the message says why, for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _quiet_admin_notifications(user):
    # People without admin access get the site's own emails about their wish list
    # (with the moderator's reason), not Wagtail's admin emails that link into the admin.
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def build_wish_list(*, slug, title, organisation, problem, desired_outcomes, owner, items):
    """A draft wish list with its items, not saved yet: what a business submits, and
    what the demo builds as if one had.

    items: dicts of WishItem fields plus "topics" and "skills" (lists of names)."""
    page = WishListPage(
        title=title,
        slug=slug,
        organisation=organisation,
        problem=problem,
        desired_outcomes=desired_outcomes,
        owner=owner,
        live=False,
    )
    for position, fields in enumerate(items):
        fields = dict(fields)
        topics, skills = fields.pop("topics"), fields.pop("skills", [])
        item = WishItem(sort_order=position, **fields)
        item.topics.set(topics)
        item.skills.set(skills)
        page.items.add(item)
    return page


@transaction.atomic
def submit_wish_list(*, index, owner, title, organisation, problem, desired_outcomes, items):
    """Create the wish list as a draft under the index and start its moderation.

    items: dicts of WishItem fields plus "topics" and "skills" (lists of names)."""
    workflow = moderation_workflow_for(index)
    if workflow is None:
        raise ActionRefused(_("Wish lists cannot be submitted just now. Please try again later."))
    base_slug = slugify(title, allow_unicode=True)[:80].strip("-") or "wish-list"
    page = build_wish_list(
        slug=find_available_slug(index, base_slug),
        title=title,
        organisation=organisation,
        problem=problem,
        desired_outcomes=desired_outcomes,
        owner=owner,
        items=items,
    )
    index.add_child(instance=page)
    page.save_revision(user=owner, log_action=True)
    workflow.start(page, owner)
    _quiet_admin_notifications(owner)
    notifications.wish_list_received(page)
    return page


def make_offer(*, item, contributor, what, how, message):
    if item.wish_list.owner_id and item.wish_list.owner_id == contributor.user_id:
        raise ActionRefused(_("You cannot offer to help with your own wish list."))
    try:
        with transaction.atomic():
            item = WishItem.objects.select_for_update().select_related("wish_list").get(pk=item.pk)
            check_item_open(item)
            if (
                Offer.objects.filter(item=item, contributor=contributor)
                .exclude(status=Offer.Status.WITHDRAWN)
                .exists()
            ):
                raise ActionRefused(_("You have already offered to help with this item."))
            offer = Offer.objects.create(
                item=item, contributor=contributor, what=what, how=how, message=message
            )
            notifications.offer_made(offer)
    except IntegrityError:
        # Two submissions of the same offer at once: the database kept the first.
        raise ActionRefused(_("You have already offered to help with this item."))
    return offer


def check_item_open(item):
    wish_list = item.wish_list
    if not wish_list.live or wish_list.status == WishListPage.Status.CLOSED:
        raise ActionRefused(_("This wish list is closed."))
    if Offer.objects.filter(item=item, status=Offer.Status.ACCEPTED).exists():
        raise ActionRefused(_("This item has already been matched with a professional."))


def accept_offer(*, offer, user):
    """The owner accepts one offer for an item: the item is matched, the other pending
    offers on it are declined, and both sides are emailed."""
    try:
        with transaction.atomic():
            # Locking the item serialises accepts for it; the unique constraint backs this up.
            item = WishItem.objects.select_for_update().select_related("wish_list").get(pk=offer.item_id)
            offer = Offer.objects.select_related("contributor__user").get(pk=offer.pk)
            wish_list = item.wish_list
            if wish_list.owner_id != user.pk:
                raise ActionRefused(_("Only the wish list's owner can accept an offer."))
            if offer.contributor.user_id == user.pk:
                raise ActionRefused(_("You cannot accept your own offer."))
            if offer.hidden or offer.status != Offer.Status.PENDING:
                raise ActionRefused(_("This offer can no longer be accepted."))
            check_item_open(item)
            now = timezone.now()
            offer.status = Offer.Status.ACCEPTED
            offer.decided_at = now
            offer.save(update_fields=["status", "decided_at"])
            declined = list(
                Offer.objects.filter(item=item, status=Offer.Status.PENDING)
                .exclude(pk=offer.pk)
                .select_related("contributor__user")
            )
            Offer.objects.filter(pk__in=[o.pk for o in declined]).update(
                status=Offer.Status.DECLINED, decided_at=now
            )
            wish_list.refresh_status()
            offer.item = item
            notifications.offer_accepted(offer, [o for o in declined if not o.hidden])
    except IntegrityError:
        raise ActionRefused(_("This item has already been matched with a professional."))
    return offer


@transaction.atomic
def withdraw_offer(*, offer, user):
    offer = Offer.objects.select_for_update().select_related("contributor").get(pk=offer.pk)
    if offer.contributor.user_id != user.pk:
        raise ActionRefused(_("Only the contributor who made an offer can withdraw it."))
    if offer.status != Offer.Status.PENDING:
        raise ActionRefused(_("Only an offer that is still waiting can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    return offer


@transaction.atomic
def set_offer_hidden(*, offer, moderator, hidden, reason=""):
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if hidden and offer.status == Offer.Status.ACCEPTED:
        raise ActionRefused(_("An accepted offer cannot be hidden."))
    offer.hidden = hidden
    offer.hidden_reason = reason if hidden else ""
    offer.hidden_by = moderator if hidden else None
    offer.hidden_at = timezone.now() if hidden else None
    offer.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return offer


@transaction.atomic
def close_wish_list(*, wish_list):
    """No more offers; the ones still waiting are not accepted."""
    wish_list = WishListPage.objects.select_for_update().get(pk=wish_list.pk)
    wish_list.close()
    Offer.objects.filter(item__wish_list=wish_list, status=Offer.Status.PENDING).update(
        status=Offer.Status.DECLINED, decided_at=timezone.now()
    )
    return wish_list
