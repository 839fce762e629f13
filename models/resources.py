"""Pinned professional help: crisis lines, counselling, support groups, information."""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Max

from models import clock, text
from models.accounts import current
from models.actor import Actor
from models.audit import record
from models.changes import Change, Kind, writing
from models.entities import Board, Resource, ResourceKind
from models.errors import Conflict, NotFound, ValidationError
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
    async with writing() as batch:
        batch.add(Change(Kind.RESOURCES))
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
    """Change any of title, description, contact, kind; the log names the fields changed."""
    actor = await current(actor)
    require(actor, Action.EDIT_RESOURCE, Context(), clock.now())
    unknown = set(changes) - {*LIMITS, "kind"}
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "cannot be changed here")
    values: dict[str, object] = {
        f: (_kind(v) if f == "kind" else _clean(f, v)) for f, v in changes.items()
    }
    async with writing() as batch:
        batch.add(Change(Kind.RESOURCES))
        stored = await Resource.get_or_none(id=resource_id)
        if stored is None:
            raise NotFound("That resource does not exist.")
        changed = {f: v for f, v in values.items() if getattr(stored, f) != v}
        if changed:  # saving the form untouched is not an edit
            await Resource.filter(id=resource_id).update(**changed)
            await record(
                actor, "edit resource", "resource", resource_id, ", ".join(sorted(changed))
            )
    return await get_resource(resource_id)


async def unpin_resource(actor: Actor, resource_id: int, reason: str = "") -> None:
    actor = await current(actor)
    require(actor, Action.UNPIN_RESOURCE, Context(), clock.now())
    async with writing() as batch:
        batch.add(Change(Kind.RESOURCES))
        resource = await Resource.get_or_none(id=resource_id)
        if resource is None:
            raise NotFound("That resource does not exist.")
        await resource.delete()
        await record(
            actor, "unpin resource", "resource", resource_id, f"{resource.title}. {reason}".strip()
        )


def help_first(items: list[ResourceView]) -> list[ResourceView]:
    """The order people see: crisis lines first, then the rest, each in pinned order."""
    return sorted(items, key=lambda r: (not r.is_crisis_line, r.position, r.id))


async def move_resource(
    actor: Actor, resource_id: int, step: int, board_id: int | None = None
) -> None:
    """Move a resource one place up (``step`` -1) or down (+1) among those shown with it
    (the global ones and, given a board, that board's own).

    Crisis lines always come first, so a resource moves only within its group: a move
    that would cross the line between crisis lines and the rest is refused, and nothing
    is written.
    """
    actor = await current(actor)
    require(actor, Action.REORDER_RESOURCES, Context(), clock.now())
    if step not in (-1, 1):
        raise ValidationError("step", "must be -1 (up) or 1 (down)")
    async with writing() as batch:
        batch.add(Change(Kind.RESOURCES))
        shown = help_first(await list_resources(board_id))
        moved = next((r for r in shown if r.id == resource_id), None)
        if moved is None:
            raise NotFound("That resource does not exist.")
        group = [r for r in shown if r.is_crisis_line == moved.is_crisis_line]
        there = group.index(moved) + step
        if not 0 <= there < len(group):
            crossing = 0 <= shown.index(moved) + step < len(shown)
            raise Conflict(_cannot_move(moved) if crossing else _at_the_end(step))
        other = group[there]
        first, second = (moved, other) if step < 0 else (other, moved)
        # Swap places; tied positions (two pins at once) are split so the swap shows.
        high, low = max(first.position, second.position), min(first.position, second.position)
        await Resource.filter(id=first.id).update(position=low)
        await Resource.filter(id=second.id).update(position=high if high > low else low + 1)
        where = "above" if step < 0 else "below"
        note = f"{moved.title}, now {where} {other.title}"
        await record(actor, "move resource", "resource", moved.id, note)


def _cannot_move(resource: ResourceView) -> str:
    """Why a resource may not cross from its group into the other."""
    if resource.is_crisis_line:
        return "Crisis lines always come first: this is already the last of them."
    return "Crisis lines always come first: this is already the first of the others."


def _at_the_end(step: int) -> str:
    return "It is already at the top." if step < 0 else "It is already at the bottom."
