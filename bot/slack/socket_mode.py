"""`srm socket`: Bolt's Socket Mode handler behind the same shape check as HTTP (bot.slack.inbound).

There is no signature in Socket Mode (the WebSocket is opened with the app token), so only the
payload's shape is checked. A malformed envelope is acknowledged, so Slack does not redeliver
it, and dropped with one log line instead of raising inside Bolt.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.inbound import Malformed, check_payload

log = logging.getLogger(__name__)


class GuardedSocketModeHandler(SocketModeHandler):
    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        try:
            check_payload(req.payload)
        except Malformed as problem:
            log.warning("dropped a malformed Socket Mode envelope (%s): %s", req.type, problem)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        super().handle(client, req)  # type: ignore[arg-type]
