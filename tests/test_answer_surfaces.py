"""Answers, overviews and incident replies over signed HTTP, with the Web API stand-in:
More / Less in place (response_url for ephemeral answers, chat.update for posted ones), the
overview's topic select and Share, corrections shown, containment replies in incidents."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.answering import Answerer
from bot.slack import blocks as render

from . import slack_harness as h
from .test_blocks import check_limits
from .test_slack_app import Slack, serve_slack


@pytest.fixture()
def slack(answerer: Answerer, sqlite_url: str) -> Iterator[Slack]:
    yield from serve_slack(answerer, sqlite_url)


def _blocks(body: dict) -> list[dict]:
    value = body["blocks"]
    return value if isinstance(value, list) else json.loads(value)


def _text(blocks: list[dict]) -> str:
    return "\n".join(h.iter_blocks_text(blocks))


def _button(blocks: list[dict], action_id: str) -> dict:
    return next(e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id)


def _select(blocks: list[dict], action_id: str, value: str) -> dict:
    element = next(e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id)
    option = next(o for o in element["options"] if o["value"] == value)
    return {"type": "static_select", "action_id": action_id, "block_id": "overview_actions",
            "selected_option": option}


# -- More / Less --------------------------------------------------------------------------------

def test_more_expands_an_ephemeral_answer_in_place_and_less_collapses_it(slack: Slack) -> None:
    reply = slack.command("who patches rds").json()
    assert "What AWS does" not in _text(reply["blocks"])
    slack.click(_button(reply["blocks"], render.MORE_ACTION))
    (expanded,) = slack.api.wait_for("response_url")
    assert expanded.body["replace_original"] is True
    check_limits(expanded.body["blocks"])
    text = _text(expanded.body["blocks"])
    assert "*What AWS does*" in text and "*Every case*" in text and "RDS Custom" in text
    assert "You asked: “who patches rds”" in text
    assert expanded.body["text"].startswith("AWS owns patching and upgrades on Amazon RDS")
    slack.api.reset()
    slack.click(_button(expanded.body["blocks"], render.LESS_ACTION))
    (collapsed,) = slack.api.wait_for("response_url")
    assert collapsed.body["blocks"] == reply["blocks"], "Less gives back exactly the short answer"
    assert slack.api.of("chat.update") == []


def test_more_on_a_posted_answer_updates_the_message_for_everyone(slack: Slack) -> None:
    reply = slack.command("who patches the self managed nodes on our eks cluster").json()
    assert "Self-managed nodes" in _text(reply["blocks"])
    slack.click(_button(reply["blocks"], render.SHARE_ACTION), user="U0SHARER")
    (post,) = slack.api.wait_for("chat.postMessage")
    posted = _blocks(post.body)
    assert "Shared by <@U0SHARER>" in _text(posted)
    assert [e["action_id"] for e in posted[-1]["elements"]] == [render.MORE_ACTION], "no Share on a shared answer"
    slack.api.wait_for("response_url")  # the ephemeral original is deleted
    slack.api.reset()
    slack.click(_button(posted, render.MORE_ACTION), ephemeral=False)
    (update,) = slack.api.wait_for("chat.update")
    assert update.body["channel"] == "C0CHANNEL" and update.body["ts"] == "1700000000.000100"
    text = _text(_blocks(update.body))
    assert "Shared by <@U0SHARER>" in text and "*What AWS does*" in text
    assert text.startswith(":bust_in_silhouette: *Yours: self-managed nodes"), "the part asked about stays the verdict"
    assert slack.api.of("response_url") == []


def test_a_value_that_no_longer_answers_says_so(slack: Slack) -> None:
    slack.click(h.button(render.MORE_ACTION, render.AnswerRef("nosuch/topic", "q").encode()))
    (reply,) = slack.api.wait_for("response_url")
    assert "no longer in the knowledge base" in reply.body["text"]


# -- overview, compare, corrections -------------------------------------------------------------

def test_overview_groups_by_owner_and_answers_one_topic_in_place(slack: Slack) -> None:
    reply = slack.command("lambda").json()
    check_limits(reply["blocks"])
    text = _text(reply["blocks"])
    assert ":bust_in_silhouette: You · " in text and ":handshake: Shared · " in text and ":cloud: AWS · " in text
    assert "*Who owns each layer* (top to bottom)" in text
    assert reply["text"].startswith("AWS Lambda, who owns what across 21 topics: You ")
    slack.click(_select(reply["blocks"], render.ASK_TOPIC_ACTION, "lambda/patching"))
    (answer,) = slack.api.wait_for("response_url")
    assert answer.body["replace_original"] is True
    assert "AWS Lambda · Patching and upgrades" in _text(answer.body["blocks"])
    slack.api.reset()
    slack.click(_button(reply["blocks"], render.SHARE_OVERVIEW_ACTION), user="U0SHARER")
    (post,) = slack.api.wait_for("chat.postMessage")
    assert "Shared by <@U0SHARER>" in _text(_blocks(post.body))
    assert post.body["text"].startswith("AWS Lambda, who owns what")


def test_compare_says_what_changes_and_what_stays(slack: Slack) -> None:
    reply = slack.command("compare ec2 fargate").json()
    text = _text(reply["blocks"])
    assert "*What changes hands*" in text and "*What stays the same*" in text
    assert "• *Patching and upgrades*: :bust_in_silhouette: You on Amazon EC2, " in text
    assert ":bust_in_silhouette: You on both: " in text
    assert "→" not in text + reply["text"]
    assert reply["text"].startswith("From Amazon EC2 to AWS Fargate: ")


def test_a_one_typo_miss_is_answered_with_the_correction_shown(slack: Slack) -> None:
    reply = slack.command("who patches lamda").json()
    text = _text(reply["blocks"])
    assert "Showing results for *lambda* (you typed “lamda”)" in text
    assert "AWS Lambda · Patching and upgrades" in text


def test_every_surface_sends_a_meaningful_text(slack: Slack) -> None:
    for command in ("", "help", "services", "topics", "lambda", "compare ec2 fargate", "who patches rds",
                    "who patches lamdba", "who patches gcp cloud sql"):
        reply = slack.command(command).json()
        assert len(reply["text"]) > 20 and "srm answer" not in reply["text"].lower(), (command, reply["text"])
    assert "Did you mean: AWS Lambda · Patching and upgrades?" in slack.command("who patches lamdba").json()["text"]


# -- incident replies ---------------------------------------------------------------------------

def _incident_channel(slack: Slack) -> None:
    slack.api.script("conversations.info", h.Reply(body={"ok": True, "channel": {"id": "C0INC",
                                                                              "name": "inc-4411-mining"}}))


def test_a_guardduty_finding_in_an_incident_channel_gets_containment_steps(slack: Slack) -> None:
    _incident_channel(slack)
    slack.event(h.app_mention("<@U0BOT> GuardDuty says CryptoCurrency:EC2/BitcoinTool.B!DNS on i-0abc12345678",
                              channel="C0INC", ts="1700000900.000100"))
    (post,) = slack.api.wait_for("chat.postMessage")
    blocks = _blocks(post.body)
    check_limits(blocks)
    text = _text(blocks)
    assert text.startswith(":rotating_light: :bust_in_silhouette: *Yours to contain")
    assert "*Do now*\n1. Isolate the instance by swapping its security groups" in text
    assert "It depends" not in text and "GuardDuty says" not in text
    link = next(e for b in blocks if b["type"] == "actions" for e in b["elements"] if "url" in e)
    assert link["url"].startswith("https://docs.aws.amazon.com/systems-manager-automation-runbooks/")
    assert post.body["text"].startswith("Yours to contain") and "Do now: 1. Isolate the instance" in post.body["text"]
    assert post.body["thread_ts"] == "1700000900.000100"
    slack.api.reset()
    slack.click(_button(blocks, render.FULL_ANSWER_ACTION), ephemeral=False)
    (full,) = slack.api.wait_for("response_url")
    assert full.body["response_type"] == "ephemeral" and full.body["replace_original"] is False
    assert "*What AWS does*" in _text(full.body["blocks"])


def test_when_aws_owns_it_the_reply_says_where_to_look_and_what_you_still_own(slack: Slack) -> None:
    slack.event(h.app_mention("<@U0BOT> incident: syn flood against our nlb, is that aws?"))
    (post,) = slack.api.wait_for("chat.postMessage")
    text = _text(_blocks(post.body))
    assert "*Where to look*" in text and "AWS Health Dashboard" in text and "AWS Support case" in text
    assert "*You still own, meanwhile*\n1. " in text
    assert "Shield" in text


def test_a_calm_question_in_an_incident_channel_about_your_part_is_a_plain_answer(slack: Slack) -> None:
    _incident_channel(slack)
    slack.event(h.app_mention("<@U0BOT> who encrypts ebs volumes", channel="C0INC"))
    (post,) = slack.api.wait_for("chat.postMessage")
    text = _text(_blocks(post.body))
    assert "Do now" not in text and "You asked" not in text


# -- multiple choice ----------------------------------------------------------------------------

MULTIPLE_CHOICE = ("Which of the following is the customer's responsibility? A. Patching the hypervisor "
                   "B. Configuring security groups on EC2 instances C. Physical security of data centers "
                   "D. Patching the guest operating system on EC2")


def test_a_multiple_choice_question_shows_each_option_with_its_owner_and_more_keeps_them(slack: Slack) -> None:
    reply = slack.command(MULTIPLE_CHOICE).json()
    short = reply["blocks"]
    check_limits(short)
    assert render.phone_lines(short) <= render.PHONE_LINES
    text = _text(short)
    assert text.startswith(":bust_in_silhouette: *Yours: B, D*")
    assert "*Each option*\n• :cloud: AWS: *A.* Patching the hypervisor\n" in text
    assert "• :bust_in_silhouette: You: *B.* Configuring security groups on EC2 instances\n" in text
    assert "• :cloud: AWS: *C.* Physical security of data centers\n" in text
    assert "• :bust_in_silhouette: You: *D.* Patching the guest operating system on EC2" in text
    assert "more cases under More" not in text
    slack.click(_button(short, render.MORE_ACTION))
    (expanded,) = slack.api.wait_for("response_url")
    check_limits(expanded.body["blocks"])
    full = _text(expanded.body["blocks"])
    assert full.startswith(":bust_in_silhouette: *Yours: B, D*"), "More answers the whole question again"
    assert "*Each option*\n• *A. Patching the hypervisor* (:cloud: AWS): " in full
    slack.api.reset()
    slack.click(_button(expanded.body["blocks"], render.LESS_ACTION))
    (collapsed,) = slack.api.wait_for("response_url")
    assert collapsed.body["blocks"] == short, "Less gives back exactly the short answer"
