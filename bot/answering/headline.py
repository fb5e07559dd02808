"""The one line read in three seconds: true for the part asked, and true with the exceptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.knowledge import Condition, Owner, Ruling

if TYPE_CHECKING:
    from bot.answering.answer import Aspect

WHO: dict[Owner, str] = {"aws": "AWS", "customer": "You", "shared": "AWS and you"}
WHOSE: dict[Owner, str] = {"aws": "AWS's", "customer": "Yours", "shared": "Shared"}
_OTHER_SIDE: dict[Owner, tuple[Owner, str]] = {"aws": ("customer", "yours"), "customer": ("aws", "AWS's")}


def lower_first(text: str) -> str:
    """"The control plane" -> "the control plane", but "EKS Auto Mode" stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def exceptions(ruling: Ruling) -> int:
    """Conditions that hand the job to the other side: they make a one-sided verdict conditional."""
    if ruling.owner not in _OTHER_SIDE:
        return 0
    other, _ = _OTHER_SIDE[ruling.owner]
    return sum(c.owner == other for c in ruling.conditions)


def headline(
    ruling: Ruling,
    service_name: str,
    topic_name: str,
    *,
    aspect: Aspect | None = None,
    depends: tuple[Condition, ...] = (),
    tally: dict[Owner, int] | None = None,
) -> str:
    """`tally` counts a service's topics by owner, for an overview."""
    where = f" ({service_name})" if service_name else ""
    if depends:
        cases = "; ".join(f"{lower_first(c.when)}: {WHOSE[c.owner or 'shared'].lower()}" for c in depends)
        return f"It depends{where} — {cases}"
    if aspect is not None:
        return f"{WHOSE[aspect.owner]}: {lower_first(aspect.name)}{where}"
    if ruling.headline:
        return ruling.headline
    if tally is not None:
        counts = ", ".join(f"{WHOSE[o].lower() if o != 'aws' else 'AWS'} {tally[o]}"
                           for o in ("customer", "shared", "aws") if tally.get(o))
        return f"{service_name}: {counts} of {sum(tally.values())} topics"
    what = lower_first(topic_name) if topic_name else "security"
    on = f" on {service_name}" if service_name else ""
    verb = "own" if ruling.owner in ("customer", "shared") else "owns"
    line = f"{WHO[ruling.owner]} {verb} {what}{on}"
    if ruling.owner == "shared":
        line = f"Shared: AWS and you both act on {what}{on}"
    n = exceptions(ruling)
    if n:
        _, side = _OTHER_SIDE[ruling.owner]
        line += f" — {n} exception{'s are' if n > 1 else ' is'} {side}"
    return line
