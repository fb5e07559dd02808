"""Slack listeners, one module per kind, each with one `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, events, owners_actions, quiz_actions, views, workspace


def register_listeners(app: App, deps: Deps) -> None:
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)
    quiz_actions.register(app, deps)
    workspace.register(app, deps)
    owners_actions.register(app, deps)
