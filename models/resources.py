"""Pinned professional help: crisis lines, counselling, support groups, information."""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from models import clock, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.entities import Board, Resource, ResourceKind
from models.errors import NotFound, ValidationError
from models.policy import Action, Context, require
from models.views import ResourceView

RESOURCE_FIELDS = (
    "id",
    "title",
    "description",
    "contact",
    "kind",
    "board_id",
    "position",
    "verified_at",
)
LIMITS = {"title": 120, "description": 500, "contact": 300}


async def list_resources(board_id: int | None = None) -> list[ResourceView]:
    """The global resources and, given a board, that board's own, in position order."""
    scope = (
        Q(board_id__isnull=True)
        if board_id is None
        else Q(board_id__isnull=True) | Q(board_id=board_id)
    )
    query = Resource.filter(scope)
    rows = await query.order_by("position", "id").values(*RESOURCE_FIELDS)
    return [ResourceView(**row) for row in rows]


async def crisis_resources() -> list[ResourceView]:
    """Every crisis line on any board: what the get-help screen shows."""
    rows = (
        await Resource.filter(kind=ResourceKind.CRISIS_LINE)
        .order_by("position", "id")
        .values(*RESOURCE_FIELDS)
    )
    return [ResourceView(**row) for row in rows]


def _kind(kind: ResourceKind | str) -> ResourceKind:
    try:
        return ResourceKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in ResourceKind)
        raise ValidationError("kind", f"must be one of {choices}") from None


def _clean(field: str, value: str) -> str:
    cleaned = text.clean_line(value)
    if not cleaned:
        raise ValidationError(field, "must not be empty")
    if len(cleaned) > LIMITS[field]:
        raise ValidationError(field, f"must be at most {LIMITS[field]} characters")
    return cleaned


async def pin_resource(
    actor: Actor,
    title: str,
    description: str,
    contact: str,
    kind: ResourceKind | str,
    board_id: int | None = None,
) -> ResourceView:
    actor = await current(actor)
    require(actor, Action.PIN_RESOURCE, Context(), clock.now())
    values = {
        "title": _clean("title", title),
        "description": _clean("description", description),
        "contact": _clean("contact", contact),
        "kind": _kind(kind),
    }
    if board_id is not None and not await Board.exists(id=board_id):
        raise NotFound("That board does not exist.")
    async with in_transaction():
        top = await Resource.all().annotate(m=Max("position")).first().values_list("m", flat=True)
        resource = await Resource.create(
            **values,
            board_id=board_id,
            position=(top or 0) + 1,
            pinned_by_id=actor.id,
            pinned_at=clock.now(),
            verified_at=clock.now().date(),
            verified_by_id=actor.id,
        )
        await record(actor, "pin resource", "resource", resource.id, values["title"])
    return await get_resource(resource.id)


async def get_resource(resource_id: int) -> ResourceView:
    row = await Resource.filter(id=resource_id).first().values(*RESOURCE_FIELDS)
    if row is None:
        raise NotFound("That resource does not exist.")
    return ResourceView(**row)


async def edit_resource(actor: Actor, resource_id: int, **changes: str) -> ResourceView:
    """Change any of title, description, contact, kind."""
    actor = await current(actor)
    require(actor, Action.EDIT_RESOURCE, Context(), clock.now())
    unknown = set(changes) - {*LIMITS, "kind"}
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "cannot be changed here")
    values: dict[str, object] = {
        f: (_kind(v) if f == "kind" else _clean(f, v)) for f, v in changes.items()
    }
    async with in_transaction():
        if not await Resource.filter(id=resource_id).update(**values):
            raise NotFound("That resource does not exist.")
        await record(actor, "edit resource", "resource", resource_id, ", ".join(sorted(values)))
    return await get_resource(resource_id)


async def unpin_resource(actor: Actor, resource_id: int, reason: str = "") -> None:
    actor = await current(actor)
    require(actor, Action.UNPIN_RESOURCE, Context(), clock.now())
    async with in_transaction():
        resource = await Resource.get_or_none(id=resource_id)
        if resource is None:
            raise NotFound("That resource does not exist.")
        await resource.delete()
        await record(
            actor, "unpin resource", "resource", resource_id, f"{resource.title}. {reason}".strip()
        )


async def reorder_resources(actor: Actor, ordered_ids: list[int]) -> None:
    """Give the listed resources positions in the order given (others keep theirs)."""
    actor = await current(actor)
    require(actor, Action.REORDER_RESOURCES, Context(), clock.now())
    if len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError("order", "lists a resource twice")
    async with in_transaction():
        found = (
            await Resource.filter(id__in=ordered_ids)
            .order_by("position")
            .values_list("position", flat=True)
        )
        if len(found) != len(ordered_ids):
            raise NotFound("One of those resources does not exist.")
        for position, resource_id in zip(sorted(found), ordered_ids, strict=True):
            await Resource.filter(id=resource_id).update(position=position)
        await record(actor, "reorder resources", "resource", ordered_ids[0] if ordered_ids else 0)
