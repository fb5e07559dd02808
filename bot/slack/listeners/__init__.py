"""Slack listeners, one module per kind, each with one `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import (
    actions,
    app_home,
    commands,
    events,
    feedback,
    owners_actions,
    quiz_actions,
    workspace,
)


def register_listeners(app: App, deps: Deps) -> None:
    """Mentions and DMs first: Bolt tries listeners in this order, and each matcher it tries
    builds every keyword argument of a request (≈15 µs) before it can say no. A `/srm` question
    is answered by a global middleware before any matcher (listeners/commands.py)."""
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    app_home.register(app, deps)
    quiz_actions.register(app, deps)
    feedback.register(app, deps)
    workspace.register(app, deps)
    owners_actions.register(app, deps)
