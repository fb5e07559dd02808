"""Block Kit for every message and view the bot sends: pure functions of domain values.

Answers are short by default (one phone screen, measured by `phone_lines`) with the rest
behind More; incident replies lead with containment steps from knowledge/playbooks/.

Everything here returns plain dicts and stays within Slack's limits (checked by the tests
against slack_sdk.models and the documented numbers), so listeners only pass them on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from bot.answering import Alternative, Answer
from bot.answering.answer import OptionAnswer
from bot.knowledge import Condition, KnowledgeBase, Layer, Owner, Source
from bot.knowledge.playbooks import Playbook
from bot.owners import shows_org_owner
from bot.slack import owners_blocks
from bot.slack.feedback_blocks import answer_feedback_blocks
from bot.slack.owners_blocks import OrgOwner
from bot.text import describe

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_QUESTION_ECHO = 300
MAX_CHOICES_ECHO = 1500
"""A multiple-choice question is carried whole (within a button's 2000), so a click can ask it again."""

# -- one vocabulary: the owner's word and emoji, the same on every surface ----------------------

OWNER_WORD: dict[Owner, str] = {"aws": "AWS", "customer": "You", "shared": "Shared"}
OWNER_EMOJI: dict[Owner, str] = {"aws": ":cloud:", "customer": ":bust_in_silhouette:", "shared": ":handshake:"}
OWNER_ORDER: tuple[Owner, ...] = ("customer", "shared", "aws")
"""Overviews list your part first: it is what people act on."""


def owner_tag(owner: Owner) -> str:
    """":cloud: AWS": the emoji never stands alone, the word says it to a screen reader too."""
    return f"{OWNER_EMOJI[owner]} {OWNER_WORD[owner]}"


AWS_HEALTH_URL = "https://health.aws.amazon.com/health/home"
AWS_STATUS_URL = "https://health.aws.amazon.com/health/status"
SUPPORT_URL = "https://support.console.aws.amazon.com/support/home"

SHARE_ACTION = "share_answer"
SHARE_OVERVIEW_ACTION = "share_overview"
DID_YOU_MEAN_ACTION = "did_you_mean"  # action ids did_you_mean_0..2, matched by regex
MORE_ACTION = "answer_more"
LESS_ACTION = "answer_less"
FULL_ANSWER_ACTION = "answer_full_only_you"
ASK_TOPIC_ACTION = "overview_ask_topic"
PLAYBOOK_LINK_ACTION = "playbook_link"

PHONE_WIDTH = 40
"""Characters per rendered line on a phone (Slack's mobile client, default text size)."""
PHONE_LINES = 25
"""Lines on one phone screen: the default answer must fit in it."""
MAX_YOU_DO = 3
MIN_BODY_LINES = 3
"""Lines kept for "You do" and the cases when the summary is long."""
ECHO_SHORT = 80


def escape(text: str) -> str:
    """Slack's three control characters: user text echoed this way cannot ping or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, limit)}}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def _header(text: str) -> Block:
    return {"type": "header", "text": _plain(text, MAX_HEADER)}


def _context(*texts: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(t, MAX_SECTION_TEXT)}
                                            for t in texts[:10]]}


def _button(action_id: str, text: str, label: str, *, value: str | None = None, url: str | None = None,
            style: str | None = None) -> Block:
    """Every button says what it does to a screen reader (`accessibility_label`)."""
    button: Block = {"type": "button", "action_id": action_id, "text": _plain(text, MAX_BUTTON_TEXT),
                     "accessibility_label": truncate(label, MAX_BUTTON_TEXT)}
    if value is not None:
        button["value"] = value[:MAX_BUTTON_VALUE]
    if url is not None:
        button["url"] = url
    if style is not None:
        button["style"] = style
    return button


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _fields(texts: list[str]) -> list[Block]:
    """Section blocks of two-column fields, split at Slack's ten fields per section."""
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": truncate(t, MAX_FIELD_TEXT)}
                                       for t in texts[i : i + MAX_FIELDS]]}
        for i in range(0, len(texts), MAX_FIELDS)
    ]


# -- measuring: how many lines a message takes on a phone ----------------------------------------

_LINK = re.compile(r"<[^|<>]+\|([^<>]*)>")
_BARE = re.compile(r"<[@#!][^<>]*>")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_MARKUP = re.compile(r"[*_~`]")


def visible_text(mrkdwn: str) -> str:
    """What a person sees of mrkdwn: link labels, not URLs; an emoji as two characters."""
    text = _LINK.sub(r"\1", mrkdwn)
    text = _BARE.sub("@someone", text)
    text = _EMOJI.sub("##", text)
    text = _MARKUP.sub("", text)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


@lru_cache(maxsize=32768)
def text_lines(mrkdwn: str, width: int = PHONE_WIDTH) -> int:
    """Rendered lines: each line of the text wraps every `width` characters. Cached: answers
    are built from the same knowledge-base strings again and again."""
    return sum(max(1, math.ceil(len(line) / width)) for line in visible_text(mrkdwn).split("\n"))


def phone_lines(blocks: list[Block], width: int = PHONE_WIDTH) -> int:
    """Lines a message takes on a phone screen. Headers use a larger font (¾ of the width);
    a row of buttons is two lines tall, and wraps like text."""
    total = 0
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            if "text" in block:
                total += text_lines(block["text"]["text"], width)
            total += sum(text_lines(f["text"], width) for f in block.get("fields", []))
        elif kind == "header":
            total += text_lines(block["text"]["text"], width * 3 // 4)
        elif kind == "context":
            total += text_lines("  ".join(e.get("text", "") for e in block["elements"]), width)
        elif kind == "actions":
            chars = sum(len(e.get("text", {}).get("text", "")) + 6 if e["type"] == "button" else width // 2
                        for e in block["elements"])
            total += 2 * max(1, math.ceil(chars / width))
        elif kind == "divider":
            total += 1
    return total


# -- what a button carries: enough to render the same message again, no server-side state ---------

Mode = Literal["srm", "post", "thread"]
"""Where an answer is shown: an ephemeral /srm answer (echo, Share), a message posted to a
channel (echo, "Shared by"), or a reply in a thread (no echo: the question is just above)."""


@dataclass(frozen=True)
class AnswerRef:
    """An answer as a button carries it: the entry, the question, the parts it was answered for
    (a facet's or layer's name, or several that disagree), and how it was shown."""

    entry: str
    question: str
    parts: tuple[str, ...] = ()
    mode: Mode = "srm"
    shared_by: str = ""
    corrections: tuple[tuple[str, str], ...] = ()
    """(typed, understood) pairs: "Showing results for lambda"."""
    choices: bool = False
    """A pasted multiple-choice question: a click asks `question` again, since each option has
    its own answer (the entry alone is only the stem's service)."""

    @classmethod
    def of(cls, answer: Answer, mode: Mode = "srm", *, shared_by: str = "",
           corrections: tuple[tuple[str, str], ...] = ()) -> AnswerRef:
        return cls(answer.entry or "", answer.question, answer_parts(answer), mode, shared_by, corrections,
                   choices=answer.options is not None)

    def encode(self) -> str:
        limit = MAX_CHOICES_ECHO if self.choices else MAX_QUESTION_ECHO
        data: dict[str, Any] = {"e": self.entry, "q": self.question[:limit]}
        if self.choices:
            data["k"] = 1
        if self.parts:
            data["p"] = list(self.parts)
        if self.mode != "srm":
            data["m"] = self.mode
        if self.shared_by:
            data["s"] = self.shared_by
        if self.corrections:
            data["c"] = [list(c) for c in self.corrections[:5]]
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(value) > MAX_BUTTON_VALUE:  # a value cut mid-JSON would not decode: drop the echo instead
            return replace(self, question=self.question[:40], corrections=()).encode()
        return value

    @classmethod
    def decode(cls, value: str) -> AnswerRef | None:
        """None for anything `encode` cannot have written (values come back from Slack's client)."""
        try:
            data = json.loads(value)
            parts, fixed = data.get("p", []), data.get("c", [])
            if not isinstance(parts, list) or not isinstance(fixed, list):
                return None
            mode = data.get("m", "srm")
            return cls(
                entry=str(data["e"]), question=str(data.get("q", "")),
                parts=tuple(str(p) for p in parts)[:5],
                mode=mode if mode in ("srm", "post", "thread") else "srm",
                shared_by=str(data.get("s", "")),
                corrections=tuple((str(a), str(b)) for a, b in fixed)[:5],
                choices=data.get("k") == 1,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def answer_parts(answer: Answer) -> tuple[str, ...]:
    """The names of the part(s) an answer was given for, so a click can answer them again."""
    if answer.depends:
        return tuple(c.when for c in answer.depends)
    return (answer.aspect.name,) if answer.aspect is not None else ()


def button_value(entry: str, question: str) -> str:
    """What a button carries: enough to answer again with no server-side state."""
    return AnswerRef(entry, question).encode()


def read_button_value(value: str) -> tuple[str, str]:
    ref = AnswerRef.decode(value)
    return (ref.entry, ref.question) if ref else ("", "")


def source_links(sources: Iterable[Source]) -> str:
    """Sources by title, linked: "RDS User Guide: Maintaining a DB instance", never a URL slug."""
    return ":books: " + " · ".join(f"<{s.url}|{escape(s.title)}>" for s in sources)


def _starts_with_owner(headline: str) -> bool:
    return headline.startswith(("AWS", "You", "Yours", "Shared", "It depends"))


def verdict_line(answer: Answer) -> str:
    """The verdict, first and in words: the headline, with the owner's tag when it does not
    already name the owner."""
    owner: Owner = answer.owner or "shared"
    headline = escape(answer.headline)
    if _starts_with_owner(answer.headline):
        return f"{OWNER_EMOJI[owner]} *{headline}*"
    return f"{owner_tag(owner)} · *{headline}*"


def _cell(kb: KnowledgeBase, answer: Answer) -> str:
    return escape(describe(kb, answer.service, answer.topic))


def _echo(question: str, limit: int = MAX_QUESTION_ECHO) -> str:
    return f"You asked: “{escape(truncate(' '.join(question.split()), limit))}”"


def _correction_note(corrections: tuple[tuple[str, str], ...]) -> str:
    shown = ", ".join(f"*{escape(understood)}*" for _, understood in corrections)
    typed = ", ".join(f"“{escape(typed)}”" for typed, _ in corrections)
    return f"Showing results for {shown} (you typed {typed})"


def _context_line(kb: KnowledgeBase, answer: Answer, ref: AnswerRef,
                  echo_limit: int = MAX_QUESTION_ECHO) -> str:
    parts = [_cell(kb, answer)]
    if ref.corrections:
        parts.append(_correction_note(ref.corrections))
    elif ref.mode != "thread" and answer.question.strip():
        parts.append(_echo(answer.question, echo_limit))
    if ref.shared_by:
        parts.append(f"Shared by <@{ref.shared_by}>")
    return " · ".join(parts)


def _condition_line(cond: Condition) -> str:
    who = f"{owner_tag(cond.owner)}: " if cond.owner else ""
    return f"• {who}{escape(cond.when)}"


def _condition_full(cond: Condition) -> str:
    who = f" ({owner_tag(cond.owner)})" if cond.owner else ""
    return f"• *{escape(cond.when)}*{who}: {escape(cond.then)}"


def _actions(kb: KnowledgeBase, answer: Answer, ref: AnswerRef, *, expanded: bool) -> Block:
    value = ref.encode()
    cell = describe(kb, answer.service, answer.topic)
    if expanded:
        toggle = _button(LESS_ACTION, "Less", f"Show the short answer about {cell}", value=value)
    else:
        toggle = _button(MORE_ACTION, "More", f"Show what AWS does, every case and the layers: {cell}",
                         value=value)
    elements = [toggle]
    if ref.mode == "srm" and answer.entry:
        elements.append(_button(SHARE_ACTION, "Share in channel", f"Post this answer about {cell} to the channel",
                                value=value))
    return {"type": "actions", "block_id": "answer_actions", "elements": elements}


def _aspect_line(answer: Answer) -> str | None:
    aspect = answer.aspect
    if aspect is None:
        return None
    return f"*{escape(aspect.name)}* ({owner_tag(aspect.owner)}): {escape(aspect.text)}"


def _sources_line(sources: tuple[Source, ...], budget_lines: int) -> str:
    """As many source titles as fit in `budget_lines`; the rest are counted, behind More."""
    for n in range(len(sources), 0, -1):
        rest = len(sources) - n
        line = source_links(sources[:n]) + (f" · +{rest} more" if rest else "")
        if text_lines(line) <= budget_lines:
            return line
    return source_links(sources[:1]) if sources else ""


def answer_blocks(
    kb: KnowledgeBase,
    answer: Answer,
    *,
    incident: bool = False,
    shareable: bool = False,
    shared_by: str | None = None,
    mode: Mode | None = None,
    expanded: bool = False,
    corrections: tuple[tuple[str, str], ...] = (),
    org: OrgOwner | None = None,
    feedback: bool = True,
) -> list[Block]:
    """An answer: short by default (one phone screen), everything behind More.

    `mode` says where it is shown; by default /srm when `shareable`, a channel post when
    `shared_by`, else a thread reply. `org`: who in the customer's org owns it
    (bot/slack/owners_blocks.py), with a Page button when it carries an incident thread;
    `feedback`: the 👍 / 👎 and the ⋯ menu (bot/slack/feedback_blocks.py)."""
    if not answer.matched or answer.owner is None:
        return refusal_blocks(kb, answer, feedback=feedback)
    if incident:
        return incident_blocks(kb, answer, None, org=org)
    if mode is None:
        mode = "srm" if shareable else "post" if shared_by else "thread"
    ref = AnswerRef.of(answer, mode, shared_by=shared_by or "", corrections=corrections)
    return render_answer(kb, answer, ref, expanded=expanded, org=org, feedback=feedback)


def render_answer(kb: KnowledgeBase, answer: Answer, ref: AnswerRef, *, expanded: bool = False,
                  org: OrgOwner | None = None, feedback: bool = True) -> list[Block]:
    """The answer as `ref` says it was shown, collapsed or expanded (More / Less)."""
    tail = answer_feedback_blocks(answer.entry, answer.question) if feedback and answer.entry else []
    # 👍 / 👎 and the ⋯ menu sit just above More / Share, which stays the message's last row.
    if expanded:
        full = _expanded(kb, answer, ref, org)  # its last block is the Less / Share row
        return [*full[:-1], *tail, full[-1]][:MAX_BLOCKS]
    if answer.options is not None:
        return _collapsed_choices(kb, answer, ref, org, tail)
    return _collapsed(kb, answer, ref, org, tail)


def _collapsed(kb: KnowledgeBase, answer: Answer, ref: AnswerRef, org: OrgOwner | None = None,
               feedback: list[Block] | None = None) -> list[Block]:
    """Verdict, summary, at most three "You do", one line per case, sources: ≤ PHONE_LINES.

    Filled greedily in order of importance; what does not fit is counted and left to More. The
    verdict and the part asked about always show; the summary is shortened before they are."""
    verdict = _mrkdwn(verdict_line(answer))
    context = _context(_context_line(kb, answer, ref, echo_limit=ECHO_SHORT))
    actions = _actions(kb, answer, ref, expanded=False)
    in_org = owners_blocks.org_blocks(answer, org)
    feedback = feedback or []
    sources = _sources_line(answer.sources, 2) if answer.sources else ""
    fixed = phone_lines([verdict, context, *in_org, actions, *feedback]) + (text_lines(sources) if sources else 0)
    aspect = _aspect_line(answer) or ""
    summary = escape(answer.summary)
    room = PHONE_LINES - fixed - MIN_BODY_LINES
    if aspect and text_lines(aspect) > room:
        aspect = _fit(aspect, room)
    if summary and text_lines(summary) + (text_lines(aspect) if aspect else 0) > room:
        summary = _fit(summary, room - (text_lines(aspect) if aspect else 0)) if not aspect else ""
    head = [verdict, context, *([_mrkdwn(aspect)] if aspect else []), *([_mrkdwn(summary)] if summary else [])]
    used = fixed + sum(text_lines(b["text"]["text"]) for b in head[2:])
    body: list[Block] = []
    todo: list[str] = []
    budget = PHONE_LINES - used - 1  # the "You do" title line
    for item in answer.customer[:MAX_YOU_DO]:
        bullet = f"• {escape(item)}"
        if text_lines(bullet) > budget:
            break
        todo.append(bullet)
        budget -= text_lines(bullet)
    if todo:
        body.append(_mrkdwn("*You do*\n" + "\n".join(todo)))
        used = PHONE_LINES - budget
    cases: list[str] = []
    # The exceptions to the verdict first: they are what the headline counts ("2 are yours").
    named = answer.aspect.name if answer.aspect is not None and answer.aspect.kind == "facet" else None
    # The case asked about already leads the answer (the aspect line): not listed twice.
    conditions = sorted((c for c in answer.conditions if c.when != named),
                        key=lambda c: c.owner in (None, answer.owner))
    budget = PHONE_LINES - used
    for index, cond in enumerate(conditions):
        line = _condition_line(cond)
        needed = text_lines(line) + (1 if index < len(conditions) - 1 else 0)  # room for "+N more"
        if needed > budget:
            break
        cases.append(line)
        budget -= text_lines(line)
    hidden = len(conditions) - len(cases)
    if cases or (hidden and budget >= 1):
        body.append(_mrkdwn("\n".join([*cases, *([f"+{hidden} more cases under More"] if hidden else [])])))
    tail = [_context(sources)] if sources else []
    return [*head[:2], *in_org, *head[2:], *body, *tail, *feedback, actions]


def _option_line(option: OptionAnswer) -> str:
    who = owner_tag(option.owner) if option.owner else ":grey_question: Not sure"
    return f"• {who}: *{escape(option.label)}.* {escape(option.text)}"


def _collapsed_choices(kb: KnowledgeBase, answer: Answer, ref: AnswerRef,
                       org: OrgOwner | None = None, feedback: list[Block] | None = None) -> list[Block]:
    """A pasted multiple-choice question: the verdict, then one line per option with its owner
    (each cut to fit, so every option shows on one phone screen); why each is so is behind More."""
    verdict = _mrkdwn(verdict_line(answer))
    context = _context(_context_line(kb, answer, ref, echo_limit=ECHO_SHORT))
    actions = _actions(kb, answer, ref, expanded=False)
    in_org = owners_blocks.org_blocks(answer, org)
    options = answer.options or ()
    feedback = feedback or []
    sources = _sources_line(answer.sources, 2) if answer.sources else ""
    used = phone_lines([verdict, context, *in_org, actions, *feedback]) + (text_lines(sources) if sources else 0)
    room = PHONE_LINES - used - 1  # the title line
    each = max(1, room // max(1, len(options)))
    lines = [line if text_lines(line) <= each else _fit(line, each) for line in map(_option_line, options)]
    body = [_mrkdwn("*Each option*\n" + "\n".join(lines))] if lines else []
    tail = [_context(sources)] if sources else []
    return [verdict, context, *in_org, *body, *tail, *feedback, actions]


def _fit(mrkdwn: str, lines: int) -> str:
    """Cut text to `lines` phone lines, on a word, with an ellipsis (the rest is behind More)."""
    if lines < 1:
        return ""
    words = mrkdwn.split(" ")
    while len(words) > 1 and text_lines(" ".join(words) + "…") > lines:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


def _expanded(kb: KnowledgeBase, answer: Answer, ref: AnswerRef, org: OrgOwner | None = None) -> list[Block]:
    """Everything: both sides in full, every case with its outcome, the layer stack, sources."""
    blocks = [_mrkdwn(verdict_line(answer)), _context(_context_line(kb, answer, ref)),
              *owners_blocks.org_blocks(answer, org)]
    aspect = _aspect_line(answer)
    if aspect:
        blocks.append(_mrkdwn(aspect))
    if answer.summary:
        blocks.append(_mrkdwn(escape(answer.summary)))
    if answer.aws:
        blocks.append(_mrkdwn(f"*What AWS does* ({owner_tag('aws')})\n" + _bullets(escape(a) for a in answer.aws)))
    if answer.customer:
        blocks.append(_mrkdwn(f"*What you do* ({owner_tag('customer')})\n"
                              + _bullets(escape(c) for c in answer.customer)))
    if answer.conditions:
        lines = [_condition_full(c) for c in answer.conditions]
        blocks += _chunked("*Each option*" if answer.options is not None else "*Every case*", lines)
    layers = answer.layers
    if layers is None and answer.service in kb.services:
        layers = kb.services[answer.service].layers
    if layers:
        blocks.append(_mrkdwn("*Who owns each layer* (top to bottom)\n" + _layer_lines(layers)))
    notes = [source_links(answer.sources)] if answer.sources else []
    notes.append(_model_note(kb, answer) + (f" · checked against its sources on {answer.verified}"
                                            if answer.verified else ""))
    blocks.append(_context(*notes))
    blocks.append(_actions(kb, answer, ref, expanded=True))
    return blocks[:MAX_BLOCKS]


def _chunked(title: str, lines: list[str]) -> list[Block]:
    """Lines in as few sections as Slack's 3000 characters allow."""
    blocks: list[Block] = []
    current = title
    for line in lines:
        if len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            blocks.append(_mrkdwn(current))
            current = line
        else:
            current += "\n" + line
    blocks.append(_mrkdwn(current))
    return blocks


def _layer_lines(layers: Iterable[Layer]) -> str:
    return "\n".join(f"{owner_tag(layer.owner)} · {escape(layer.name)}" for layer in layers)


def _model_note(kb: KnowledgeBase, answer: Answer) -> str:
    if answer.service is None:
        return "Applies across AWS services"
    service = kb.services[answer.service]
    return f"{service.name} is *{service.category}* in the model"


def refusal_blocks(kb: KnowledgeBase, answer: Answer, *, feedback: bool = True) -> list[Block]:
    """No confident answer: say so, show what was asked, offer the best guesses as buttons, and
    (`feedback`) the same 👍 / 👎 and menu as an answer, whose "Ask a human" is the way on when
    the bot cannot answer."""
    reason = escape(answer.refusal or "I'm not sure what you mean.")
    blocks: list[Block] = [_mrkdwn(f":thinking_face: {reason}")]
    if answer.question.strip():
        blocks.append(_context(_echo(answer.question)))
    choices = [a for a in answer.alternatives if a.service or a.topic][:3]
    if choices:
        blocks.append(_mrkdwn("*Did you mean…*"))
        blocks.append({"type": "actions", "block_id": "did_you_mean",
                       "elements": [_did_you_mean_button(kb, i, alt, answer.question)
                                    for i, alt in enumerate(choices)]})
    blocks.append(_context("Try `/srm who patches rds`, `/srm s3`, or `/srm help`."))
    if feedback and answer.question.strip():
        blocks.extend(answer_feedback_blocks(None, answer.question, refusal=True))
    return blocks


def _did_you_mean_button(kb: KnowledgeBase, index: int, alt: Alternative, question: str) -> Block:
    name = describe(kb, alt.service, alt.topic)
    return _button(f"{DID_YOU_MEAN_ACTION}_{index}", name, f"Answer: {name}", value=button_value(alt.entry, question))


def answer_fallback_text(kb: KnowledgeBase, answer: Answer) -> str:
    """The notification and screen-reader text: the verdict and the one thing to do, in plain words."""
    if not answer.matched or answer.owner is None:
        guesses = [describe(kb, a.service, a.topic) for a in answer.alternatives if a.service or a.topic][:3]
        did_you_mean = f" Did you mean: {'; '.join(guesses)}?" if guesses else ""
        return escape((answer.refusal or "I'm not sure what you mean.") + did_you_mean)
    headline = answer.headline if _starts_with_owner(answer.headline) else \
        f"{OWNER_WORD[answer.owner]}: {answer.headline}"
    todo = f" You do: {answer.customer[0]}" if answer.customer else ""
    return escape(f"{headline}.{todo}")


# -- incident replies -----------------------------------------------------------------------------

def incident_blocks(kb: KnowledgeBase, answer: Answer, playbook: Playbook | None, *,
                    org: OrgOwner | None = None) -> list[Block]:
    """Containment first: the verdict in one line, numbered steps that contain *this* incident,
    a link to where the first step is done, and the full answer one click away (only you).

    When AWS owns it: where to look, and what you still own meanwhile. No question echo, no
    list of cases: those are in the full answer. `org`: who in the customer's org owns it, and
    the Page button (bot/slack/owners_blocks.py), right under the verdict."""
    owner: Owner = playbook.owner if playbook else (answer.owner or "shared")
    if playbook is None and owner != "aws":
        return answer_blocks(kb, answer, mode="thread", org=org)
    verdict = escape(playbook.verdict) if playbook else escape(answer.headline)
    # The org owner of the containment (a playbook's steps are yours even where AWS owns the cell).
    blocks: list[Block] = [_mrkdwn(f":rotating_light: {OWNER_EMOJI[owner]} *{verdict}*"),
                           *owners_blocks.org_blocks(replace(answer, owner=owner), org)]
    steps = playbook.steps if playbook else answer.customer[:3]
    if owner == "aws":
        blocks.append(_mrkdwn("*Where to look*\n" + _bullets(_where_to_look(kb, answer))))
        if steps:
            blocks.append(_mrkdwn("*You still own, meanwhile*\n" + _numbered(escape(s) for s in steps)))
    else:
        blocks.append(_mrkdwn("*Do now*\n" + _numbered(escape(s) for s in steps)))
    elements: list[Block] = []
    if playbook is not None:
        link = playbook.link
        elements.append(_button(PLAYBOOK_LINK_ACTION, truncate(f"Open: {link.title}", MAX_BUTTON_TEXT),
                                f"Open {link.title}, where step 1 is done", url=link.url, style="primary"))
    else:
        elements.append(_button(PLAYBOOK_LINK_ACTION, "Open AWS Health Dashboard",
                                "Open the AWS Health Dashboard for your account", url=AWS_HEALTH_URL,
                                style="primary"))
    if answer.matched and answer.entry:
        elements.append(_button(FULL_ANSWER_ACTION, "Full answer (only you)",
                                "Show the full answer only to you",
                                value=AnswerRef.of(answer, "srm").encode()))
    blocks.append({"type": "actions", "block_id": "incident_actions", "elements": elements})
    if playbook is not None and playbook.sources:
        blocks.append(_context(source_links(playbook.sources)))
    return blocks


def _where_to_look(kb: KnowledgeBase, answer: Answer) -> list[str]:
    service = kb.services[answer.service].name if answer.service in kb.services else "the service"
    return [f"<{AWS_HEALTH_URL}|AWS Health Dashboard>: events AWS has posted for your account",
            f"<{AWS_STATUS_URL}|AWS Health status>: {escape(service)} in your Region",
            f"<{SUPPORT_URL}|AWS Support case>: open one if your resources are affected"]


def incident_text(answer: Answer, playbook: Playbook | None) -> str:
    """The steps themselves, so the phone notification is enough to start."""
    owner: Owner = playbook.owner if playbook else (answer.owner or "shared")
    verdict = playbook.verdict if playbook else answer.headline
    steps = playbook.steps if playbook else answer.customer[:3]
    if owner == "aws":
        lead = " Check the AWS Health Dashboard and open a support case if affected. Meanwhile: "
    else:
        lead = " Do now: "
    numbered = " ".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    return escape(f"{verdict}.{lead}{numbered}" if steps else f"{verdict}.")


# -- overviews and comparisons --------------------------------------------------------------------

def overview_blocks(kb: KnowledgeBase, service_id: str, org: Mapping[str, OrgOwner] | None = None, *,
                    shared_by: str | None = None) -> list[Block]:
    """One service by owner ("You · 11 / Shared · 4 / AWS · 6"), its layer stack one line per
    layer, a select that answers one topic in place, and Share. `org`: per topic, who in the
    customer's org owns it; within You and Shared, topics are grouped by that owner."""
    service = kb.services[service_id]
    by_owner: dict[Owner, list[str]] = {o: [] for o in OWNER_ORDER}
    by_org: dict[Owner, dict[str, list[str]]] = {o: {} for o in OWNER_ORDER}
    for tid, topic in kb.topics.items():
        owner = service.rulings[tid].owner
        by_owner[owner].append(topic.name)
        in_org = (org or {}).get(tid)
        suffix = f" · In your org: {owners_blocks.shown(in_org)}" if in_org is not None and \
            shows_org_owner(owner) else ""
        by_org[owner].setdefault(suffix, []).append(topic.name)
    blocks: list[Block] = [
        _header(f"{service.name}: who owns what"),
        _mrkdwn(f"{overview_tally(kb, service_id)}\n{escape(service.overview.summary)}"),
    ]
    for owner in OWNER_ORDER:
        if by_owner[owner]:
            groups = [", ".join(names) + suffix for suffix, names in by_org[owner].items()]
            blocks.append(_mrkdwn(f"*{owner_tag(owner)} · {len(by_owner[owner])}*\n" + "\n".join(groups)))
    if service.layers:
        blocks.append(_mrkdwn("*Who owns each layer* (top to bottom)\n" + _layer_lines(service.layers)))
    notes = [source_links(service.overview.sources), f"{service.name} is *{service.category}* in the model"]
    if shared_by:
        notes.append(f"Shared by <@{shared_by}>")
    blocks.append(_context(*notes))
    if not shared_by:
        options = [{"text": _plain(topic.name, 75), "value": f"{service.id}/{tid}"}
                   for tid, topic in kb.topics.items()][:100]
        blocks.append({"type": "actions", "block_id": "overview_actions", "elements": [
            {"type": "static_select", "action_id": ASK_TOPIC_ACTION,
             "placeholder": _plain("Ask about one topic", 150), "options": options},
            _button(SHARE_OVERVIEW_ACTION, "Share in channel", f"Post the {service.name} overview to the channel",
                    value=service.id),
        ]})
    return blocks


def overview_tally(kb: KnowledgeBase, service_id: str) -> str:
    service = kb.services[service_id]
    counts = {o: sum(r.owner == o for r in service.rulings.values()) for o in OWNER_ORDER}
    return " / ".join(f"{owner_tag(o)} · {counts[o]}" for o in OWNER_ORDER)


def overview_text(kb: KnowledgeBase, service_id: str) -> str:
    service = kb.services[service_id]
    counts = {o: sum(r.owner == o for r in service.rulings.values()) for o in OWNER_ORDER}
    tally = ", ".join(f"{OWNER_WORD[o]} {counts[o]}" for o in OWNER_ORDER)
    return f"{service.name}, who owns what across {len(service.rulings)} topics: {tally}."


def compare_blocks(kb: KnowledgeBase, first: str, second: str) -> list[Block]:
    """Moving from one service to another: what changes hands, and what stays with whom."""
    a, b = kb.services[first], kb.services[second]
    changed: list[str] = []
    same: dict[Owner, list[str]] = {o: [] for o in OWNER_ORDER}
    for tid, topic in kb.topics.items():
        before, after = a.rulings[tid].owner, b.rulings[tid].owner
        if before == after:
            same[before].append(topic.name)
        else:
            changed.append(f"• *{topic.name}*: {owner_tag(before)} on {a.name}, {owner_tag(after)} on {b.name}")
    stays = [f"• {owner_tag(o)} on both: {', '.join(names)}" for o, names in same.items() if names]
    blocks = [
        _header(f"From {a.name} to {b.name}"),
        _mrkdwn(f"{a.name} is *{a.category}*; {b.name} is *{b.category}*. "
                f"{len(changed)} of {len(kb.topics)} topics change hands."),
        *_chunked("*What changes hands*", changed or ["Nothing: the owners are the same."]),
        *_chunked("*What stays the same*", stays or ["Nothing: every topic changes hands."]),
    ]
    return blocks


def compare_text(kb: KnowledgeBase, first: str, second: str) -> str:
    a, b = kb.services[first], kb.services[second]
    changed = [t.name for tid, t in kb.topics.items() if a.rulings[tid].owner != b.rulings[tid].owner]
    what = f": {', '.join(changed[:4])}{'…' if len(changed) > 4 else ''}" if changed else ""
    return (f"From {a.name} to {b.name}: {len(changed)} of {len(kb.topics)} topics change hands{what}; "
            f"the rest stay with the same owner.")


HELP_TEXT = ("Ask me who owns a piece of cloud security, AWS or you: for example /srm who patches rds, "
             "/srm s3, or /srm compare ec2 fargate.")
HELP_LINES = [
    "`/srm who patches rds` — who owns it, what AWS does, what you do, and the AWS docs",
    "`/srm s3` — every topic for one service, with its owner",
    "`/srm compare ec2 fargate` — what changes hands when you move",
    "`/srm services` · `/srm topics` — what I know about",
    "Mention me in a channel (`@srm prod bucket went public, is that on us?`) and I answer in a thread.",
]


def help_blocks() -> list[Block]:
    return [
        _mrkdwn("*srm* tells you who owns a piece of cloud security under the AWS Shared Responsibility "
                "Model: AWS (security *of* the cloud), you (security *in* the cloud), or both."),
        _mrkdwn("\n".join(HELP_LINES)),
    ]


def services_blocks(kb: KnowledgeBase) -> list[Block]:
    by_category: dict[str, list[str]] = {}
    for service in kb.services.values():
        by_category.setdefault(service.category, []).append(f"`{service.id}` {service.name}")
    return [_header("Services I know"),
            *_fields([f"*{cat}*\n" + "\n".join(names) for cat, names in sorted(by_category.items())])]


def topics_blocks(kb: KnowledgeBase) -> list[Block]:
    lines = [f"`{t.id}` *{t.name}* — {t.description}" for t in kb.topics.values()]
    return [_header("Topics I know"), _mrkdwn("\n".join(lines[:11])), _mrkdwn("\n".join(lines[11:]))]


SERVICE_MODEL_TABLE = [
    ("IaaS (e.g. EC2)", "Infrastructure security, hypervisor", "OS patching, software, IAM, network, data encryption"),
    ("PaaS (e.g. RDS)", "Database engine and infrastructure", "Database configuration, data, IAM"),
    ("SaaS (e.g. S3, Lambda)", "Full service operation", "Data, IAM, access control, usage policies"),
]


def home_view(kb: KnowledgeBase, stats_blocks: list[Block] | None = None,
              lead_blocks: list[Block] | None = None) -> dict[str, Any]:
    """The App Home tab: what the bot is, the model in one picture, examples to try."""
    blocks: list[Block] = [
        _header("Who owns it? AWS or you"),
        _mrkdwn("AWS is responsible for security *of* the cloud; you are responsible for security *in* "
                f"the cloud. I know {len(kb.services)} AWS services across {len(kb.topics)} topics, "
                "each answer with the AWS documentation it rests on."),
        *(lead_blocks or []),
        {"type": "divider"},
        _mrkdwn("*The model by service type*"),
    ]
    for label, aws, customer in SERVICE_MODEL_TABLE:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{label}*"},
                       "fields": [{"type": "mrkdwn", "text": f"*{owner_tag('aws')}*\n{aws}"},
                                  {"type": "mrkdwn", "text": f"*{owner_tag('customer')}*\n{customer}"}]})
    blocks += [{"type": "divider"}, _mrkdwn("*Try*\n" + "\n".join(HELP_LINES))]
    if stats_blocks:
        blocks += [{"type": "divider"}, *stats_blocks]
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}
