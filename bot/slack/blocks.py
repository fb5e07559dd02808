"""Block Kit for every message and view the bot sends: pure functions of domain values.

Everything here returns plain dicts and stays within Slack's limits (checked by the tests
against slack_sdk.models and the documented numbers), so listeners only pass them on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from bot.answering import Alternative, Answer
from bot.answering.headline import lower_first
from bot.knowledge import KnowledgeBase, Owner, Source
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

OWNER_BADGES: dict[Owner, str] = {
    "aws": ":cloud: *AWS owns this*",
    "customer": ":bust_in_silhouette: *You own this*",
    "shared": ":handshake: *Shared: both sides act*",
}
OWNER_SHORT: dict[Owner, str] = {"aws": ":cloud: AWS", "customer": ":bust_in_silhouette: You",
                                 "shared": ":handshake: Shared"}
AWS_HEALTH_URL = "https://health.aws.amazon.com/health/home"
SUPPORT_URL = "https://support.console.aws.amazon.com/support/home"

SHARE_ACTION = "share_answer"
DID_YOU_MEAN_ACTION = "did_you_mean"  # action ids did_you_mean_0..2, matched by regex


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


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _fields(texts: list[str]) -> list[Block]:
    """Section blocks of two-column fields, split at Slack's ten fields per section."""
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": truncate(t, MAX_FIELD_TEXT)}
                                       for t in texts[i : i + MAX_FIELDS]]}
        for i in range(0, len(texts), MAX_FIELDS)
    ]


def button_value(entry: str, question: str) -> str:
    """What a button carries: enough to answer again with no server-side state."""
    value = json.dumps({"e": entry, "q": question[:MAX_QUESTION_ECHO]}, ensure_ascii=False)
    return value[:MAX_BUTTON_VALUE]


def read_button_value(value: str) -> tuple[str, str]:
    try:
        data = json.loads(value)
        return str(data["e"]), str(data.get("q", ""))
    except (ValueError, KeyError, TypeError):
        return "", ""


def source_links(sources: Iterable[Source]) -> str:
    """Sources by title, linked: "RDS User Guide: Maintaining a DB instance", never a URL slug."""
    return ":books: " + " · ".join(f"<{s.url}|{escape(s.title)}>" for s in sources)


def _model_note(kb: KnowledgeBase, answer: Answer) -> str:
    if answer.service is None:
        return "Applies across AWS services"
    service = kb.services[answer.service]
    return f"{service.name} is *{service.category}* in the model"


def _incident_lead(answer: Answer) -> str:
    if answer.owner == "aws":
        return (f":mag: *Where to look:* the <{AWS_HEALTH_URL}|AWS Health Dashboard> for events on AWS's side; "
                f"open an <{SUPPORT_URL}|AWS Support case> if your resources are affected.")
    steps = answer.customer[:3]
    return ":rotating_light: *Do now:*\n" + _bullets(steps)


def answer_blocks(
    kb: KnowledgeBase,
    answer: Answer,
    *,
    incident: bool = False,
    shareable: bool = False,
    shared_by: str | None = None,
    feedback: bool = True,
    org: OrgOwner | None = None,
) -> list[Block]:
    """The full answer: owner at a glance, both sides, conditions, sources; `org`: who in the
    customer's org owns it (bot/slack/owners_blocks.py); `feedback`: the feedback buttons."""
    if not answer.matched or answer.owner is None:
        return refusal_blocks(kb, answer)
    blocks: list[Block] = []
    if answer.question.strip():
        blocks.append(_mrkdwn(f"*Q:* {escape(truncate(' '.join(answer.question.split()), MAX_QUESTION_ECHO))}"))
    blocks.append(_mrkdwn(f"*{escape(answer.headline)}*\n{OWNER_BADGES[answer.owner]}  ·  "
                          f"{escape(describe(kb, answer.service, answer.topic))}"))
    if incident:
        blocks.append(_mrkdwn(_incident_lead(answer)))
    blocks += owners_blocks.org_blocks(answer, org)
    if answer.aspect is not None:
        aspect = answer.aspect
        blocks.append(_mrkdwn(f"*{escape(aspect.name)}* ({OWNER_SHORT[aspect.owner]}): {escape(aspect.text)}"))
    blocks.append(_mrkdwn(answer.summary))
    blocks += _fields([f"*AWS does*\n{_bullets(answer.aws)}", f"*You do*\n{_bullets(answer.customer)}"])
    if answer.conditions:
        lines = []
        for cond in answer.conditions:
            who = f" ({OWNER_SHORT[cond.owner]})" if cond.owner else ""
            lines.append(f"• *If {lower_first(cond.when)}*{who}: {cond.then}")
        blocks.append(_mrkdwn(":twisted_rightwards_arrows: *It depends*\n" + "\n".join(lines)))
    notes = [source_links(answer.sources), _model_note(kb, answer)]
    if shared_by:
        notes.append(f"Shared by <@{shared_by}>")
    blocks.append(_context(*notes))
    if shareable and answer.entry:
        blocks.append({
            "type": "actions",
            "block_id": "answer_actions",
            "elements": [{
                "type": "button",
                "action_id": SHARE_ACTION,
                "text": _plain("Share in channel", MAX_BUTTON_TEXT),
                "value": button_value(answer.entry, answer.question),
            }],
        })
    if feedback:
        blocks += answer_feedback_blocks(answer.entry, answer.question)
    return blocks


def refusal_blocks(kb: KnowledgeBase, answer: Answer) -> list[Block]:
    """No confident answer: say so, and offer the best guesses as buttons."""
    reason = escape(answer.refusal or "I'm not sure what you mean.")
    blocks: list[Block] = [_mrkdwn(f":thinking_face: {reason}")]
    choices = [a for a in answer.alternatives if a.service or a.topic][:3]
    if choices:
        blocks.append(_mrkdwn("*Did you mean…*"))
        blocks.append({"type": "actions", "block_id": "did_you_mean",
                       "elements": [_did_you_mean_button(kb, i, alt, answer.question)
                                    for i, alt in enumerate(choices)]})
    blocks.append(_context("Try `/srm who patches rds`, `/srm s3`, or `/srm help`."))
    return blocks


def _did_you_mean_button(kb: KnowledgeBase, index: int, alt: Alternative, question: str) -> Block:
    return {
        "type": "button",
        "action_id": f"{DID_YOU_MEAN_ACTION}_{index}",
        "text": _plain(describe(kb, alt.service, alt.topic), MAX_BUTTON_TEXT),
        "value": button_value(alt.entry, question),
    }


def answer_fallback_text(kb: KnowledgeBase, answer: Answer) -> str:
    """The notification and screen-reader text of an answer."""
    if not answer.matched or answer.owner is None:
        return escape(answer.refusal or "I'm not sure what you mean.")
    todo = f" You do: {answer.customer[0]}" if answer.owner != "aws" and answer.customer else ""
    return escape(f"{answer.headline}.{todo}")


def overview_blocks(kb: KnowledgeBase, service_id: str, org: Mapping[str, OrgOwner] | None = None) -> list[Block]:
    """Every topic of one service with its owner, compact; `org`: per topic, who in the
    customer's org owns it."""
    service = kb.services[service_id]
    fields = [f"*{topic.name}*\n{OWNER_SHORT[service.rulings[tid].owner]}"
              + owners_blocks.overview_suffix(service.rulings[tid].owner, (org or {}).get(tid))
              for tid, topic in kb.topics.items()]
    blocks = [_header(f"{service.name} ({service.category})"), _mrkdwn(service.overview.summary)]
    if service.layers:
        stack = "\n".join(f"{OWNER_SHORT[layer.owner]} · {escape(layer.name)}" for layer in service.layers)
        blocks.append(_mrkdwn(f"*Who owns each layer* (top to bottom)\n{stack}"))
    return [
        *blocks,
        *_fields(fields),
        _context(source_links(service.overview.sources), f"Ask about one topic: `/srm who owns {service.id} backups`"),
    ]


def compare_blocks(kb: KnowledgeBase, first: str, second: str) -> list[Block]:
    """What changes hands when you move from one service to another."""
    a, b = kb.services[first], kb.services[second]
    changed, same = [], []
    for tid, topic in kb.topics.items():
        before, after = a.rulings[tid].owner, b.rulings[tid].owner
        if before == after:
            same.append(topic.name)
        else:
            changed.append(f"• *{topic.name}*: {OWNER_SHORT[before]} → {OWNER_SHORT[after]}")
    blocks = [
        _header(f"{a.name} → {b.name}"),
        _mrkdwn(f"{a.name} is *{a.category}*; {b.name} is *{b.category}*."),
        _mrkdwn("*What changes hands*\n" + ("\n".join(changed) if changed else "Nothing: the owners are the same.")),
    ]
    if same:
        blocks.append(_context("Same owner for: " + ", ".join(same)))
    return blocks


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
                       "fields": [{"type": "mrkdwn", "text": f":cloud: *AWS*\n{aws}"},
                                  {"type": "mrkdwn", "text": f":bust_in_silhouette: *You*\n{customer}"}]})
    blocks += [{"type": "divider"}, _mrkdwn("*Try*\n" + "\n".join(HELP_LINES))]
    if stats_blocks:
        blocks += [{"type": "divider"}, *stats_blocks]
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}
