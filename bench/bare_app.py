"""The baseline for bench/slack_roundtrip.py and bench/mention_roundtrip.py: Bolt in its fastest
configuration, acking /srm with fixed text, and replying to a mention in its thread with fixed
text from a lazy listener. Served by gunicorn exactly like the real app."""

from __future__ import annotations

import os

from slack_bolt import Ack, App, Say
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient


def create() -> SlackRequestHandler:
    app = App(
        token=os.environ["SLACK_BOT_TOKEN"],
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        process_before_response=True,
    )

    @app.command("/srm")
    def fixed(ack: Ack) -> None:
        ack(text="fixed answer", response_type="ephemeral")

    def ack_event(ack: Ack) -> None:
        ack()

    def reply(event: dict, say: Say) -> None:
        say(text="fixed answer", thread_ts=event.get("thread_ts") or event.get("ts"))

    app.event("app_mention")(ack=ack_event, lazy=[reply])
    return SlackRequestHandler(app)
