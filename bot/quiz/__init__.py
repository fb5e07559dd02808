"""The daily quiz's rules: questions, what to ask next, when, streaks and leaderboards.

Pure and Slack-free: every function that depends on the time takes `now` (or a date) as an
argument, so the clock process, the listeners and the tests all pass their own.
"""

from bot.quiz.choose import Asked, choose_next
from bot.quiz.questions import Question, QuestionBank, check_quiz, load_bank
from bot.quiz.schedule import Schedule, ScheduleError, parse_schedule
from bot.quiz.scores import Ranked, Score, rank, streak

__all__ = [
    "Asked",
    "Question",
    "QuestionBank",
    "Ranked",
    "Schedule",
    "ScheduleError",
    "Score",
    "check_quiz",
    "choose_next",
    "load_bank",
    "parse_schedule",
    "rank",
    "streak",
]
