"""What to tell a person when Slack refuses a post, instead of silence."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

POST_ERRORS = {
    "not_in_channel": "I'm not a member of this channel, so I can't post here. Invite me with `/invite @srm`.",
    "channel_not_found": "I can't see this channel. If it's private, invite me with `/invite @srm`.",
    "is_archived": "This channel is archived, so I can't post in it.",
}


def explain_post_error(error: SlackApiError) -> str:
    code = error.response.get("error", "") if error.response is not None else ""
    return POST_ERRORS.get(code, f"Slack refused my message ({code or 'unknown error'}). Please try again.")
