"""Follow-ups in a thread: "and for aurora?", "what about encryption?" after an answer.

A follow-up keeps what the question leaves out from the thread's last answer: the topic (and
facet) when it names only a new service, the service when it names only a new topic. Pure: the
thread's context is passed in (Slack storage keeps it per thread), and the combination is asked of
the Answerer like any question, so facets and layers are found as usual. A follow-up that does not
fit the context is answered on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.answering.answer import Answer
from bot.answering.answerer import Answerer


@dataclass(frozen=True)
class ThreadContext:
    """What a thread's last answer was about."""

    service: str | None
    topic: str | None
    facet: str | None = None

    @classmethod
    def of(cls, answer: Answer) -> ThreadContext | None:
        """The context an answer leaves behind; None when it answered nothing a follow-up could build on."""
        if not answer.matched or (answer.service is None and answer.topic is None):
            return None
        facet = answer.aspect.name if answer.aspect is not None and answer.aspect.kind == "facet" else None
        return cls(answer.service, answer.topic, facet)


def follow_up(answerer: Answerer, question: str, context: ThreadContext | None) -> Answer:
    """The answer to `question` asked in a thread whose last answer left `context`."""
    own = answerer.ask(question)
    if context is None:
        return own
    kb = answerer.kb
    named = answerer.services_in(question)
    new_service = named[0] if len(named) == 1 else None
    asked_no_topic = not own.matched or own.topic is None

    # Same topic, new service: "and for aurora?", "and if we use fargate instead?"
    if new_service is not None and new_service != context.service and asked_no_topic:
        if context.topic is None:
            overview = answerer.answer_entry(question, new_service)
            return overview if overview is not None else own
        topic = kb.topics[context.topic].name
        tries = [f"{question} {topic} {context.facet}"] if context.facet else []
        for text in (*tries, f"{question} {topic}"):
            combined = answerer.ask(text)
            if combined.matched and combined.service == new_service and combined.topic == context.topic:
                return replace(combined, question=question)
        entry = answerer.answer_entry(question, f"{new_service}/{context.topic}")
        return entry if entry is not None else own

    # Same service, new topic: "what about encryption?", "and backups?"
    if context.service is not None and (new_service is None or new_service == context.service):
        if own.matched and own.service == context.service:
            return own
        combined = answerer.ask(f"{context.service} {question}")
        if combined.matched and combined.service == context.service and combined.topic is not None:
            return replace(combined, question=question)
        return own

    # A service named as a topic word ("and with our own kms key?" after an S3 answer) belongs to the
    # thread's service when asking with it keeps the topic and the other service is not in the running.
    if context.service is not None and own.matched and own.service != context.service and own.topic is not None:
        combined = answerer.ask(f"{context.service} {question}")
        rivals = {a.service for a in combined.alternatives}
        if (combined.matched and combined.service == context.service and combined.topic == own.topic
                and own.service not in rivals):
            return replace(combined, question=question)
    return own
