"""From a question to an Answer. Pure: knows nothing of Slack."""

from bot.answering.answer import Alternative, Answer
from bot.answering.answerer import Answerer
from bot.answering.clean import clean_text, display_question

__all__ = ["Alternative", "Answer", "Answerer", "clean_text", "display_question"]
