"""From a question to an Answer. Pure: knows nothing of Slack."""

from bot.answering.answer import Alternative, Answer, Aspect
from bot.answering.answerer import Answerer
from bot.answering.clean import clean_text, display_question

__all__ = ["Alternative", "Answer", "Answerer", "Aspect", "clean_text", "display_question"]
