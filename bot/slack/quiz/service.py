"""The quiz as the listeners see it: one call per thing a person does, returning what to show.

Listeners parse Slack's payload, call one method here and render what it returns (parse → call →
render); the rules live in bot.quiz, the state in QuizStore, the posting in QuizPoster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.quiz.questions import QuestionBank
from bot.quiz.schedule import ScheduleError, local_date, local_label, next_slot, parse_schedule
from bot.quiz.scores import board, place_of, streak, week_start
from bot.slack.blocks import Block, escape
from bot.slack.errors import POST_ERRORS
from bot.slack.quiz import blocks as quiz_blocks
from bot.slack.quiz.people import display_names, user_tz
from bot.slack.quiz.poster import QuizPoster
from bot.storage.limits import ChannelLimits
from bot.storage.quiz_store import ChannelKey, Quiz, QuizStore

EXTRA_EVERY = timedelta(hours=1)
"""`/srm quiz now`: at most one extra quiz per channel this often, so nobody floods a channel."""
EXTRA_LIMIT = "quiz-now"

UNAVAILABLE = ":hourglass: I can't record quiz answers right now. Please try again in a minute."
GONE = "This quiz is no longer available."
NO_USER = "I couldn't tell who clicked, so I didn't record an answer. Please try again."


@dataclass(frozen=True)
class Shown:
    """What to show the person: `text` always (notifications, screen readers), blocks when richer."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    title: str = "Daily quiz"

    def as_blocks(self) -> list[Block]:
        return self.blocks or quiz_blocks.message_blocks(self.text)


class QuizService:
    def __init__(self, store: QuizStore, bank: QuestionBank, limits: ChannelLimits,
                 clock: Callable[[], datetime], *, extra_every: timedelta = EXTRA_EVERY) -> None:
        self.store = store
        self.poster = QuizPoster(store, bank)
        self.limits = limits
        self.clock = clock
        self.extra_every = extra_every

    # -- a click on AWS / You / Shared ------------------------------------------------------------

    def answer(self, *, team: str, enterprise: str, channel: str, user: str | None, value: object,
               action_id: object) -> tuple[Shown, Quiz | None]:
        """Record a click once; what the clicker sees, and the quiz whose count may be refreshed."""
        if user is None:
            return Shown(NO_USER), None
        parsed = quiz_blocks.read_answer_value(value, action_id)
        quiz = self.store.quiz(parsed[0], team, enterprise) if parsed else None
        if parsed is None or quiz is None or quiz.key.channel_id != channel:
            return Shown(GONE), None  # a forged value, another workspace's quiz, or another channel's
        choice = parsed[1]
        question = self.poster.question(quiz)
        if quiz.revealed:
            return Shown(quiz_blocks.closed_text(question, quiz.answer)), None
        now = self.clock()
        if not self.store.record_answer(quiz, user, choice, now):
            return Shown(quiz_blocks.already_answered_text(self.store.answer_of(quiz.id, user) or choice)), None
        stored = self.store.schedule(quiz.key)
        days = stored.schedule.days if stored else "weekdays"
        run = streak(self.store.correct_dates(quiz.key, user), local_date(quiz.tz, now), days)
        shown = Shown(quiz_blocks.feedback_text(question, choice), quiz_blocks.feedback_blocks(question, choice, run),
                      title="Right!" if choice == question.answer else "Not quite")
        return shown, quiz

    def refresh_count(self, client: WebClient, quiz: Quiz) -> None:
        self.poster.refresh_count(client, quiz, self.clock())

    # -- /srm quiz ... ----------------------------------------------------------------------------

    def command(self, client: WebClient, words: Sequence[str], *, key: ChannelKey, user: str) -> Shown:
        sub = words[0].lower() if words else "help"
        now = self.clock()
        if sub == "on":
            try:
                schedule = parse_schedule(list(words[1:]), lambda: user_tz(client, user))
            except ScheduleError as error:
                return Shown(":warning: " + "\n".join(escape(problem) for problem in error.problems))
            self.store.save_schedule(key, schedule, user, now)
            return Shown(f":white_check_mark: Daily quiz on in <#{key.channel_id}>: {escape(schedule.describe())}.\n"
                         f"First one: {local_label(next_slot(schedule, now), schedule.tz)}. "
                         "I need to be a member of the channel (`/invite @srm`).")
        if sub == "off":
            was_on = self.store.turn_off(key, now)
            return Shown("The daily quiz is off in this channel." if was_on else "The daily quiz wasn't on here.")
        if sub == "status":
            return Shown(self.status(key, now))
        if sub == "now":
            return self.extra(client, key, user, now)
        if sub == "leaderboard":
            return self.leaderboard(client, key, user)
        if sub in ("optout", "optin"):
            self.store.set_optout(key.team_id, key.enterprise_id, user, sub == "optout", now)
            return Shown("You're off the quiz leaderboards. `/srm quiz optin` puts you back." if sub == "optout"
                         else "You're back on the quiz leaderboards.")
        unknown = "" if sub == "help" else f"I don't know `/srm quiz {escape(sub)}`.\n"
        return Shown(unknown + quiz_blocks.QUIZ_HELP)

    def status(self, key: ChannelKey, now: datetime) -> str:
        stored = self.store.schedule(key)
        if stored is None or stored.state == "off":
            return "The daily quiz is off in this channel. Turn it on with `/srm quiz on`."
        if stored.state == "paused":
            return (f"The daily quiz is paused here ({stored.paused_reason}): {escape(stored.schedule.describe())}. "
                    "Run `/srm quiz on` to restart it.")
        return (f"The daily quiz is on: {escape(stored.schedule.describe())}.\n"
                f"Next quiz: {local_label(next_slot(stored.schedule, now), stored.schedule.tz)}.")

    def extra(self, client: WebClient, key: ChannelKey, user: str, now: datetime) -> Shown:
        """One more quiz right away, at most one per channel per `extra_every` (across processes)."""
        stored = self.store.schedule(key)
        tz = stored.schedule.tz if stored else (user_tz(client, user) or "UTC")
        free_at = self.limits.take(key, EXTRA_LIMIT, now, self.extra_every)
        if free_at is not None:
            minutes = max(1, round((free_at - now).total_seconds() / 60))
            return Shown(f":hourglass: One extra quiz per channel per hour, and this channel had one. "
                         f"The next can be posted in {minutes} min "
                         f"({quiz_blocks.date_token(free_at, local_label(free_at, tz))}).")
        result = self.poster.post(client, key, now, extra=True, default_tz=tz)
        if result.status == "failed":
            self.limits.give_back(key, EXTRA_LIMIT, now, self.extra_every)
            return Shown(POST_ERRORS.get(result.error, f"Slack refused the quiz ({result.error}). Please try again."))
        return Shown("Posted a quiz question here.")

    # -- leaderboard ------------------------------------------------------------------------------

    def _boards(self, client: WebClient, key: ChannelKey) -> tuple[list, list, list, list, dict[str, str]]:
        stored = self.store.schedule(key)
        today = local_date(stored.schedule.tz if stored else "UTC", self.clock())
        week_scores = self.store.scores(key, since=week_start(today))
        all_scores = self.store.scores(key)
        week, all_time = board(week_scores), board(all_scores)
        names = display_names(client, [r.score.user for r in (*week, *all_time)])
        return week_scores, all_scores, week, all_time, names

    def leaderboard(self, client: WebClient, key: ChannelKey, user: str) -> Shown:
        """The private board: top five with medals, and the asker's own place."""
        week_scores, all_scores, week, all_time, names = self._boards(client, key)
        return Shown(quiz_blocks.leaderboard_text(week, names), quiz_blocks.leaderboard_blocks(
            week, all_time, names, you_week=place_of(week_scores, user), you_all_time=place_of(all_scores, user),
            channel=key.channel_id))

    def leaderboard_for_channel(self, client: WebClient, key: ChannelKey, user: str) -> Shown:
        """The board to post in the channel: names, no mentions, attributed to who posted it."""
        _, _, week, all_time, names = self._boards(client, key)
        poster = display_names(client, [user])[user]
        return Shown(quiz_blocks.leaderboard_text(week, names),
                     quiz_blocks.leaderboard_blocks(week, all_time, names, posted_by=poster))

    # -- App Home ---------------------------------------------------------------------------------

    def home_blocks(self, team: str, enterprise: str, user: str) -> list[Block]:
        """The person's totals over every channel and best current streak, then the channels."""
        per_channel = self.store.user_stats(team, enterprise, user)
        now = self.clock()
        best, best_channel = 0, None
        for stats in per_channel:
            key = ChannelKey(team, enterprise, stats.channel_id)
            stored = self.store.schedule(key)
            tz, days = (stored.schedule.tz, stored.schedule.days) if stored else ("UTC", "weekdays")
            run = streak(self.store.correct_dates(key, user), local_date(tz, now), days)
            if run > best:
                best, best_channel = run, stats.channel_id
        channels = [(s.key.channel_id, s.state, s.schedule.describe())
                    for s in self.store.schedules_in(team, enterprise)]
        return [*quiz_blocks.stats_blocks(sum(s.answered for s in per_channel), sum(s.right for s in per_channel),
                                          best, best_channel),
                *quiz_blocks.home_channels_blocks(channels)]

    def toggle(self, key: ChannelKey, turn_on: bool) -> bool:
        """App Home's on/off switch for a channel that has a schedule."""
        now = self.clock()
        return self.store.turn_on(key, now) if turn_on else self.store.turn_off(key, now)
