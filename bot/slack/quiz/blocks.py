"""Block Kit for the daily quiz: pure functions of quiz values, within Slack's limits.

Before the reveal a quiz message shows only how many have answered, never who chose what.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

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
"""The answers' own vocabulary: AWS / You / Shared."""
VERDICTS = {"aws": "AWS owns it", "customer": "you own it", "shared": "it's shared"}
"""The right answer as a sentence: "it's You" reads wrong."""
BLOCK_ID = "quiz_choices"
LEADERBOARD_POST_ACTION = "quiz_leaderboard_post"
HOME_TOGGLE_ACTION = "home_quiz_toggle"
MEDALS = (":first_place_medal:", ":second_place_medal:", ":third_place_medal:")
MAX_MODAL_TITLE = 24


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
             "text": {"type": "plain_text", "text": truncate(owner_tag(choice), MAX_BUTTON_TEXT),
                      "emoji": True},
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
        verdict = f":tada: *Right: {VERDICTS[question.answer]}.*"
    else:
        verdict = f":x: *Not quite: {VERDICTS[question.answer]}* (your answer: {LABELS[choice]})."
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
    return f"{right}: {VERDICTS[question.answer]}. {question.explanation}"


def already_answered_text(choice: str) -> str:
    return f"You already answered this one (your answer: {LABELS.get(choice, choice)}). One answer per quiz."


def closed_text(question: Question | None, answer: str) -> str:
    what = f" The answer was *{LABELS.get(answer, answer)}*." if answer else ""
    return f"This quiz is closed.{what}" if question else "This quiz is no longer available."


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _place(rank: int) -> str:
    """A medal for the top three, always with the place in words (the emoji alone says nothing
    to a screen reader)."""
    medal = MEDALS[rank - 1] + " " if rank <= len(MEDALS) else ""
    return f"{medal}{ordinal(rank)}"


def _board_lines(rows: Sequence[Ranked], names: dict[str, str]) -> str:
    """Names, never `<@…>`: a leaderboard posted to the channel pings nobody."""
    if not rows:
        return "_Nobody has a right answer yet._"
    return "\n".join(f"{_place(r.rank)}  {escape(names.get(r.score.user, 'someone'))} · "
                     f"{r.score.right} right of {r.score.answered}" for r in rows)


def _you(place: int | None, period: str) -> str:
    return f"You: {ordinal(place)} {period}" if place else f"You: no right answer {period} yet"


def leaderboard_blocks(week: Sequence[Ranked], all_time: Sequence[Ranked], names: dict[str, str], *,
                       you_week: int | None = None, you_all_time: int | None = None,
                       channel: str | None = None, posted_by: str | None = None) -> list[Block]:
    """Top five this week and all time, with medals; people with no right answer are not listed.

    Private (`channel` given): the asker's own place and a "Post to channel" button. Posted
    (`posted_by` given): names only, attributed to who posted it.
    """
    blocks = [
        _header(":trophy: Quiz leaderboard"),
        _section("*This week*\n" + _board_lines(week, names)),
        _section("*All time*\n" + _board_lines(all_time, names)),
    ]
    if channel is not None:
        blocks.append(_context(f"{_you(you_week, 'this week')} · {_you(you_all_time, 'all time')}"))
        blocks.append({"type": "actions", "block_id": "quiz_leaderboard", "elements": [{
            "type": "button", "action_id": LEADERBOARD_POST_ACTION, "value": channel,
            "text": {"type": "plain_text", "text": "Post to channel", "emoji": True},
            "accessibility_label": "Post this leaderboard to the channel, with names and no mentions"}]})
    notes = ["People who ran `/srm quiz optout` are not listed."]
    if posted_by is not None:
        notes.insert(0, f"Posted by {escape(posted_by)}")
    blocks.append(_context(" · ".join(notes)))
    return blocks


def leaderboard_text(week: Sequence[Ranked], names: dict[str, str]) -> str:
    if not week:
        return "Quiz leaderboard: nobody has a right answer this week yet."
    top = ", ".join(f"{ordinal(r.rank)} {names.get(r.score.user, 'someone')} ({r.score.right} right)"
                    for r in week[:3])
    return f"Quiz leaderboard this week: {top}"


def date_token(instant: datetime, fallback: str) -> str:
    """`<!date^…>`: Slack shows the time in each reader's own time zone; `fallback` where it can't."""
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{escape(fallback)}>"


def results_blocks(question: Question, counts: dict[str, int], week_top: Sequence[Ranked],
                   names: dict[str, str], next_quiz: str | None) -> list[Block]:
    """The closing post in the quiz's thread (sent to the channel too): the right answer, how many
    chose each option, the explanation with its source, the week's top three, the next quiz."""
    answered = sum(counts.values())
    lines = []
    for choice in CHOICES:
        n = counts.get(choice, 0)
        share = f" ({share_right(n, answered)}%)" if answered else ""
        right = "  :white_check_mark: *right answer*" if choice == question.answer else ""
        lines.append(f"{owner_tag(choice)}: {n}{share}{right}")
    right_count = counts.get(question.answer, 0)
    summary = (f"{right_count} of {answered} got it right" if answered else "Nobody answered this one")
    blocks = [
        _section(f":brain: *Quiz results: {VERDICTS[question.answer]}.* {summary}.\n_{escape(question.text)}_"),
        _section("*How the channel answered*\n" + "\n".join(lines)),
    ]
    if question.explanation:
        blocks.append(_section(escape(question.explanation)))
    blocks += _sources(question)
    if week_top:
        blocks.append(_section("*This week's top 3*\n" + _board_lines(week_top, names)))
    blocks.append(_context(f"Next quiz: {next_quiz}" if next_quiz
                           else "No daily quiz is scheduled here: `/srm quiz on` starts one."))
    return blocks


def results_text(question: Question, counts: dict[str, int]) -> str:
    answered = sum(counts.values())
    right = counts.get(question.answer, 0)
    tally = f"{right} of {answered} got it right" if answered else "nobody answered"
    return f"Quiz results: {VERDICTS[question.answer]} ({tally}). {question.explanation}".strip()


def modal(title: str, blocks: list[Block], *, callback_id: str = "quiz_feedback") -> dict[str, Any]:
    """A read-only modal: where a click's feedback appears, in front of the person who clicked."""
    return {"type": "modal", "callback_id": callback_id,
            "title": {"type": "plain_text", "text": truncate(title, MAX_MODAL_TITLE), "emoji": True},
            "close": {"type": "plain_text", "text": "Close", "emoji": True},
            "blocks": blocks[:100]}


def message_blocks(text: str) -> list[Block]:
    """A one-line reply as blocks, for a modal (which has no `text`)."""
    return [_section(text)]


def stats_blocks(answered: int, right: int, best_streak: int, best_channel: str | None) -> list[Block]:
    """The person's own results, for the App Home; the streak only when there is one."""
    if answered == 0:
        return [_section("*Your daily quiz*\nYou haven't answered a quiz yet. "
                         "Turn it on in a channel with `/srm quiz on`.")]
    lines = [f"*Your daily quiz*\n{answered} answered · {right} right ({share_right(right, answered)}%)"]
    if best_streak > 0:
        where = f" in <#{best_channel}>" if best_channel else ""
        lines.append(f":fire: Current streak: {best_streak}{where}")
    return [_section("\n".join(lines))]


def home_channels_blocks(schedules: Sequence[tuple[str, str, str]]) -> list[Block]:
    """Channels of the workspace where the quiz runs (or ran): (channel id, state, description),
    each with an on/off button."""
    if not schedules:
        return []
    blocks: list[Block] = [_section("*Where the daily quiz runs*")]
    for channel, state, describe in schedules[:20]:
        on = state == "on"
        status = "on" if on else ("paused" if state == "paused" else "off")
        blocks.append({
            "type": "section", "block_id": f"home_quiz_{channel}"[:255],
            "text": {"type": "mrkdwn", "text": truncate(f"<#{channel}> · *{status}* · {escape(describe)}",
                                                        MAX_SECTION_TEXT)},
            "accessory": {"type": "button", "action_id": HOME_TOGGLE_ACTION,
                          "value": f"{'off' if on else 'on'}:{channel}",
                          "text": {"type": "plain_text", "text": "Turn off" if on else "Turn on", "emoji": True},
                          "accessibility_label": f"Turn the daily quiz {'off' if on else 'on'} in this channel"},
        })
    return blocks


QUIZ_HELP = "\n".join([
    "`/srm quiz on [HH:MM] [Area/City] [weekdays|daily]` — a question here every morning "
    "(default 09:30, your time zone, weekdays)",
    "`/srm quiz off` · `/srm quiz status` · `/srm quiz now` (one extra, right away; one an hour)",
    "`/srm quiz leaderboard` — top five this week and all time, and your place",
    "`/srm quiz optout` · `/srm quiz optin` — keep yourself off (or back on) leaderboards",
])


def paused_dm(channel: str, reason: str) -> str:
    why = {"not_in_channel": "I was removed from it", "channel_not_found": "I can no longer see it",
           "is_archived": "it was archived"}.get(reason, f"Slack refused my post ({reason})")
    return (f"I paused the daily quiz in <#{channel}> because {why}. Invite me back and run "
            "`/srm quiz on` there to restart it.")
