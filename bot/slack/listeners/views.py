"""The App Home tab."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.deps import Deps


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    def publish_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=blocks.home_view(deps.kb))

    app.event("app_home_opened")(ack=_ack, lazy=[publish_home])
