"""Block Kit for the daily quiz: pure functions of quiz values, within Slack's limits.

Before the reveal a quiz message shows only how many have answered, never who chose what.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.quiz.questions import Question
from bot.quiz.scores import Ranked, share_right
from bot.slack.blocks import (
    MAX_BUTTON_TEXT,
    MAX_HEADER,
    MAX_SECTION_TEXT,
    OWNER_WORD,
    Block,
    escape,
    owner_tag,
    source_links,
    truncate,
)

ANSWER_ACTION = "quiz_answer"  # action ids quiz_answer_0..2, matched by regex
FULL_ANSWER_ACTION = "quiz_full_answer"
CHOICES: tuple[str, ...] = ("aws", "customer", "shared")
LABELS: dict[str, str] = dict(OWNER_WORD)  # one vocabulary: blocks.OWNER_WORD / OWNER_EMOJI
BLOCK_ID = "quiz_choices"


def answer_value(quiz_id: int, choice: str) -> str:
    return f"{quiz_id}:{choice}"


_ANSWER_VALUE = re.compile(r"([1-9][0-9]{0,17}):(aws|customer|shared)")
"""Exactly what answer_value writes: ASCII digits (str.isdigit also takes "²"), at most 18 of them
so the id fits the database's 64-bit integer, and one of the three choices."""


def read_answer_value(value: object, action_id: object = None) -> tuple[int, str] | None:
    """(quiz id, choice), or None for anything a quiz button cannot have sent. With `action_id`,
    the button's position must be the choice's too (quiz_answer_0 is always AWS)."""
    match = _ANSWER_VALUE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    quiz_id, choice = int(match[1]), match[2]
    if action_id is not None and action_id != f"{ANSWER_ACTION}_{CHOICES.index(choice)}":
        return None
    return quiz_id, choice


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}]}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER), "emoji": True}}


def _sources(question: Question) -> list[Block]:
    if not question.sources:
        return []
    return [_context(source_links(question.sources))]


def _answered(count: int) -> str:
    return "Nobody has answered yet" if count == 0 else f"{count} answered so far"


def quiz_blocks(question: Question, quiz_id: int, answered: int, closes: str) -> list[Block]:
    """The question with AWS / Customer / Shared buttons and a running count."""
    return [
        _header(":brain: Daily quiz: who owns it?"),
        _section(f"*{escape(question.text)}*"),
        {"type": "actions", "block_id": BLOCK_ID, "elements": [
            {"type": "button", "action_id": f"{ANSWER_ACTION}_{index}",
             "text": {"type": "plain_text", "text": truncate(owner_tag(choice), MAX_BUTTON_TEXT), "emoji": True},
             "accessibility_label": f"Answer: {LABELS[choice]}",
             "value": answer_value(quiz_id, choice)}
            for index, choice in enumerate(CHOICES)
        ]},
        _context(f"{_answered(answered)} · the answer comes at {escape(closes)}"),
    ]


def quiz_text(question: Question) -> str:
    return f"Daily quiz: {question.text}"


def _full_answer(question: Question) -> list[Block]:
    if not question.entry:
        return []
    return [{"type": "actions", "block_id": "quiz_more", "elements": [{
        "type": "button", "action_id": FULL_ANSWER_ACTION, "value": question.entry,
        "text": {"type": "plain_text", "text": "Full answer", "emoji": True},
        "accessibility_label": "Show the full answer to this quiz question, only to you"}]}]


def reveal_blocks(question: Question, answered: int, right: int) -> list[Block]:
    """The closed quiz: right answer, share right, explanation, sources; the answer buttons are gone."""
    if answered:
        share = f"{right} of {answered} got it right ({share_right(right, answered)}%)"
    else:
        share = "Nobody answered this one"
    return [
        _header(":brain: Daily quiz: the answer"),
        _section(f"*{escape(question.text)}*"),
        _section(f":white_check_mark: *{LABELS[question.answer]}* · {share}"),
        *([_section(escape(question.explanation))] if question.explanation else []),
        *_sources(question),
        *_full_answer(question),
    ]


def reveal_text(question: Question) -> str:
    return f"Daily quiz answer: {LABELS[question.answer]}. {question.text}"


def feedback_blocks(question: Question, choice: str, streak: int) -> list[Block]:
    """What the person who clicked sees, and only they."""
    if choice == question.answer:
        verdict = f":tada: *Right: {LABELS[question.answer]}.*"
    else:
        verdict = f":x: *Not quite: it's {LABELS[question.answer]}* (you chose {LABELS[choice]})."
    days = "day" if streak == 1 else "days"
    return [
        _section(f"{verdict}\n{escape(question.explanation)}"),
        *_sources(question),
        _context(f":fire: Your streak: {streak} quiz {days} in a row" if streak
                 else "Your streak starts with your next right answer."),
        *_full_answer(question),
    ]


def feedback_text(question: Question, choice: str) -> str:
    right = "Right" if choice == question.answer else "Not quite"
    return f"{right}: {LABELS[question.answer]}. {question.explanation}"


def already_answered_text(choice: str) -> str:
    return f"You already answered this one ({LABELS.get(choice, choice)}). One answer per quiz."


def closed_text(question: Question | None, answer: str) -> str:
    what = f" The answer was *{LABELS.get(answer, answer)}*." if answer else ""
    return f"This quiz is closed.{what}" if question else "This quiz is no longer available."


def leaderboard_blocks(week: Sequence[Ranked], all_time: Sequence[Ranked]) -> list[Block]:
    def table(rows: Sequence[Ranked]) -> str:
        if not rows:
            return "_Nobody yet._"
        return "\n".join(f"{r.rank}. <@{r.score.user}> {r.score.right} right of {r.score.answered}" for r in rows)

    return [
        _header(":trophy: Quiz leaderboard"),
        _section("*This week*\n" + table(week)),
        _section("*All time*\n" + table(all_time)),
        _context("People who ran `/srm quiz optout` are not listed."),
    ]


def stats_blocks(answered: int, right: int, best_streak: int, best_channel: str | None) -> list[Block]:
    """The person's own results, for the App Home."""
    if answered == 0:
        return [_section("*Your daily quiz*\nYou haven't answered a quiz yet. "
                         "Turn it on in a channel with `/srm quiz on`.")]
    where = f" in <#{best_channel}>" if best_channel and best_streak else ""
    return [_section(
        f"*Your daily quiz*\n{answered} answered · {right} right ({share_right(right, answered)}%)\n"
        f":fire: Current streak: {best_streak}{where}"
    )]


QUIZ_HELP = "\n".join([
    "`/srm quiz on [HH:MM] [Area/City] [weekdays|daily]` — a question here every morning "
    "(default 09:30, your time zone, weekdays)",
    "`/srm quiz off` · `/srm quiz status` · `/srm quiz now` (one extra, right away)",
    "`/srm quiz leaderboard` — this week and all time",
    "`/srm quiz optout` · `/srm quiz optin` — keep yourself off (or back on) leaderboards",
])


def paused_dm(channel: str, reason: str) -> str:
    why = {"not_in_channel": "I was removed from it", "channel_not_found": "I can no longer see it",
           "is_archived": "it was archived"}.get(reason, f"Slack refused my post ({reason})")
    return (f"I paused the daily quiz in <#{channel}> because {why}. Invite me back and run "
            "`/srm quiz on` there to restart it.")
