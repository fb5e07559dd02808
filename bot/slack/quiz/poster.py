"""Posting, counting and revealing quizzes through the Web API.

The clock process (bot.slack.quiz.clock) and `srm quiz post` use it for scheduled quizzes; the
listeners use it for `/srm quiz now` and the answer count. Every state change is claimed in the
database first (QuizStore), so two clocks, a cron job and a restart post each quiz once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.quiz.choose import choose_next
from bot.quiz.questions import Question, QuestionBank
from bot.quiz.schedule import closes_at, local_date, local_label, next_slot
from bot.quiz.scores import board, week_start
from bot.slack.quiz import blocks as quiz_blocks
from bot.slack.quiz.people import display_names
from bot.storage.quiz_store import ChannelKey, Quiz, QuizStore, StoredSchedule, Tally

log = logging.getLogger(__name__)

CHANNEL_GONE = ("not_in_channel", "channel_not_found", "is_archived")
COUNT_EVERY = timedelta(seconds=10)
"""At most one "N answered" edit per quiz this often; the clock catches up on the rest."""
RESULTS_TOP = 3


@dataclass(frozen=True)
class PostResult:
    status: Literal["posted", "already", "failed"]
    quiz: Quiz | None = None
    error: str = ""


def _error_code(error: SlackApiError) -> str:
    return str(error.response.get("error", "")) if error.response is not None else ""


class QuizPoster:
    def __init__(self, store: QuizStore, bank: QuestionBank, *, count_every: timedelta = COUNT_EVERY) -> None:
        self.store = store
        self.bank = bank
        self.count_every = count_every

    def question(self, quiz: Quiz) -> Question:
        """The quiz's question; a stand-in if it has left the bank since it was posted."""
        return self.bank.get(quiz.question_id) or Question(
            id=quiz.question_id, text="(This question is no longer in the question bank.)",
            answer=quiz.answer if quiz.answer in quiz_blocks.CHOICES else "shared", explanation="", sources=())

    def post(self, client: WebClient, key: ChannelKey, now: datetime, *, extra: bool = False,
             default_tz: str = "UTC") -> PostResult:
        """Today's quiz for the channel unless it exists; `extra` posts one more on purpose."""
        stored = self.store.schedule(key)
        schedule = stored.schedule if stored else None
        tz = schedule.tz if schedule else default_tz
        today = local_date(tz, now)
        slot = f"extra:{uuid.uuid4().hex}" if extra else today.isoformat()
        if not extra and self.store.has_slot(key, slot):
            return PostResult("already")
        seed = f"{key.team_id}:{key.enterprise_id}:{key.channel_id}"
        question = self.bank.questions[choose_next(self.bank.answers, self.store.history(key), seed)]
        quiz = self.store.claim_quiz(key, slot=slot, local_date=today, tz=tz, question_id=question.id,
                                     answer=question.answer, closes_at=closes_at(tz, now, schedule), now=now)
        if quiz is None:
            return PostResult("already")
        for older in self.store.open_quizzes(key):
            self.reveal(client, older, now)  # the next quiz closes the one before
        try:
            response = client.chat_postMessage(
                channel=key.channel_id, text=quiz_blocks.quiz_text(question),
                blocks=quiz_blocks.quiz_blocks(question, quiz.id, 0, local_label(quiz.closes_at, tz)))
        except SlackApiError as error:
            code = _error_code(error) or "unknown_error"
            if code in CHANNEL_GONE:
                self.store.mark_failed(quiz.id)
                if stored is not None and stored.state == "on" and not extra:
                    self._pause(client, stored, code, now)
            else:
                self.store.release(quiz.id)  # Slack answered and posted nothing: the next tick retries
            log.warning("quiz not posted in %s: %s", key.channel_id, code)
            return PostResult("failed", quiz, code)
        except Exception:
            self.store.mark_failed(quiz.id)  # no answer from Slack: it may have posted, so never retry
            log.exception("quiz post to %s got no answer", key.channel_id)
            return PostResult("failed", quiz, "no_response")
        self.store.mark_posted(quiz.id, str(response["ts"]))
        return PostResult("posted", quiz)

    def _pause(self, client: WebClient, stored: StoredSchedule, code: str, now: datetime) -> None:
        """Stop posting where Slack refuses, and tell the person who set the quiz up why."""
        self.store.pause(stored.key, code, now)
        try:
            client.chat_postMessage(channel=stored.created_by,
                                    text=quiz_blocks.paused_dm(stored.key.channel_id, code))
        except SlackApiError as error:
            log.warning("could not tell %s the quiz is paused: %s", stored.created_by, _error_code(error))

    def reveal(self, client: WebClient, quiz: Quiz, now: datetime) -> bool:
        tally = self.store.claim_reveal(quiz.id, now)
        if tally is None:
            return False  # someone else closed it
        if not self._show_reveal(client, quiz, tally):
            return False
        self._post_results(client, quiz, now)
        return True

    def _post_results(self, client: WebClient, quiz: Quiz, now: datetime) -> None:
        """The results in the quiz's thread, sent to the channel too (reply_broadcast): the edited
        morning post alone is a silent change nobody scrolls back to. Posted once, by whoever
        closed the quiz (claim_reveal), and never retried: a second post would be worse than none."""
        if not quiz.message_ts:
            return
        question = self.question(quiz)
        counts = self.store.choice_counts(quiz.id)
        week = board(self.store.scores(quiz.key, since=week_start(quiz.local_date)), RESULTS_TOP)
        names = display_names(client, (r.score.user for r in week))
        stored = self.store.schedule(quiz.key)
        upcoming = None
        if stored is not None and stored.state == "on":
            slot = next_slot(stored.schedule, now)
            upcoming = quiz_blocks.date_token(slot, local_label(slot, stored.schedule.tz))
        try:
            client.chat_postMessage(channel=quiz.key.channel_id, thread_ts=quiz.message_ts, reply_broadcast=True,
                                    text=quiz_blocks.results_text(question, counts),
                                    blocks=quiz_blocks.results_blocks(question, counts, week, names, upcoming))
        except SlackApiError as error:
            log.warning("quiz %s results not posted: %s", quiz.id, _error_code(error))

    def _show_reveal(self, client: WebClient, quiz: Quiz, tally: Tally) -> bool:
        if not quiz.message_ts:
            return True
        question = self.question(quiz)
        try:
            client.chat_update(channel=quiz.key.channel_id, ts=quiz.message_ts,
                               text=quiz_blocks.reveal_text(question),
                               blocks=quiz_blocks.reveal_blocks(question, tally.answered, tally.right))
        except SlackApiError as error:
            code = _error_code(error)
            if code not in CHANNEL_GONE and code != "message_not_found":
                self.store.unreveal(quiz.id)
            log.warning("quiz %s not revealed: %s", quiz.id, code)
            return False
        return True

    def reveal_due(self, client_for: Callable[[ChannelKey], WebClient], now: datetime) -> int:
        revealed = 0
        for quiz in self.store.open_quizzes(due_by=now):
            revealed += self.reveal(client_for(quiz.key), quiz, now)
        return revealed

    def refresh_count(self, client: WebClient, quiz: Quiz, now: datetime) -> None:
        """Show how many answered, at most once per `count_every` per quiz, across processes."""
        count = self.store.claim_count_refresh(quiz.id, now, self.count_every)
        if count is None or not quiz.message_ts:
            return
        question = self.question(quiz)
        try:
            client.chat_update(channel=quiz.key.channel_id, ts=quiz.message_ts, text=quiz_blocks.quiz_text(question),
                               blocks=quiz_blocks.quiz_blocks(question, quiz.id, count,
                                                              local_label(quiz.closes_at, quiz.tz)))
        except SlackApiError as error:
            log.warning("quiz %s count not updated: %s", quiz.id, _error_code(error))
            return
        after = self.store.quiz(quiz.id, quiz.key.team_id, quiz.key.enterprise_id)
        if after is not None and after.final is not None:
            self._show_reveal(client, after, after.final)  # closed meanwhile: the reveal must stay on top

    def refresh_counts(self, client_for: Callable[[ChannelKey], WebClient], now: datetime) -> None:
        for quiz in self.store.open_quizzes():
            self.refresh_count(client_for(quiz.key), quiz, now)
