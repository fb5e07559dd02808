"""The baseline for bench/slack_roundtrip.py: Bolt in its fastest configuration, acking /srm
with fixed text. Served by gunicorn exactly like the real app."""

from __future__ import annotations

import os

from slack_bolt import Ack, App
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

    return SlackRequestHandler(app)
