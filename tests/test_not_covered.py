"""AWS services the bot does not cover are "not covered yet", never "another cloud"."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.knowledge import KnowledgeBase, normalize_phrase

AWS_NOT_COVERED = ["kinesis data analytics", "managed service for apache flink", "workspaces secure browser",
                   "workspaces thin client", "workspaces applications"]


@pytest.mark.parametrize("service", AWS_NOT_COVERED)
def test_aws_services_are_filed_as_not_covered(kb: KnowledgeBase, answerer: Answerer, service: str) -> None:
    assert kb.out_of_scope[normalize_phrase(service)] == "aws-services-not-covered"
    answer = answerer.ask(f"who secures {service}?")
    assert not answer.matched and answer.owner is None
    assert "is an AWS service I don't cover yet" in answer.refusal and "another cloud" not in answer.refusal


def test_other_clouds_are_still_other_clouds(answerer: Answerer) -> None:
    assert "is another cloud" in answerer.ask("who patches azure vms").refusal


@pytest.mark.parametrize("question", [
    "who configures aws network firewall rule groups",
    "who patches amazon kinesis data analytics applications",
])
def test_an_uncovered_service_said_with_its_makers_name_is_not_covered(answerer: Answerer, question: str) -> None:
    """"AWS Network Firewall" is not AWS's network, nor "Amazon Kinesis Data Analytics" Kinesis."""
    answer = answerer.ask(question)
    assert not answer.matched and "don't cover yet" in answer.refusal, answer.to_contract()


def test_a_part_only_a_covered_service_has_outweighs_an_uncovered_tool_beside_it(answerer: Answerer) -> None:
    """ECR is not covered, but "our training container" is SageMaker's, wherever its image is kept; a plain
    resource word beside an uncovered service is still no reason to guess."""
    answer = answerer.ask("our training container image sits in ecr - who patches its os packages")
    assert (answer.service, answer.owner) == ("sagemaker", "customer"), answer.to_contract()
    assert not answerer.ask("app runner: do we patch the instances?").matched


@pytest.mark.parametrize("question", [
    "our on prem k8s cluster - who patches the kubelets",
    "we run kubernetes on our own hardware in our datacenter, who patches it",
    "our on prem hardware - aws's problem?",
])
def test_your_own_premises_are_not_aws(answerer: Answerer, question: str) -> None:
    """Kubernetes on your own premises is not EKS, and your own hardware is not AWS's physical security."""
    answer = answerer.ask(question)
    assert not answer.matched and "your own infrastructure" in answer.refusal, answer.to_contract()


def test_on_premises_as_the_comparison_still_answers_the_aws_side(answerer: Answerer) -> None:
    """"On prem we did X; on ec2 who does?": what was done on premises is the comparison."""
    answer = answerer.ask("on prem we racked our own servers; on ec2 who handles the hardware")
    assert (answer.service, answer.owner) == ("ec2", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "could you switch on s3 versioning for the invoices bucket",
    "revoke the contractor's iam access keys please",
    "can you patch the staging rds instance tonight",
    "plz enable pitr on the orders table",
    "go ahead and detach the admin policy from the intern's user",
    "remind me tomorrow to rotate the staging db password",
    "terminate the three idle gpu instances in our account",
])
def test_a_change_asked_of_the_bot_is_declined(answerer: Answerer, question: str) -> None:
    """The bot answers who owns a job; it cannot do the job in anyone's account."""
    answer = answerer.ask(question)
    assert not answer.matched and "can't make changes" in answer.refusal, answer.to_contract()


@pytest.mark.parametrize("question", [
    "revoke leaked access keys - aws or us?",
    "enable_log_file_validation = true on the trail: does that mean aws checks the logs?",
    "patch the guest os on ec2, whose job",
])
def test_a_task_asked_about_is_still_answered(answerer: Answerer, question: str) -> None:
    assert answerer.ask(question).matched, answerer.ask(question).to_contract()


def test_a_query_asked_for_is_a_how_to_but_dns_queries_are_traffic(answerer: Answerer) -> None:
    assert not answerer.ask("give me the sql to list every table without a primary key").matched
    assert not answerer.ask("need a query to find public buckets in athena").matched
    assert answerer.ask("is the query logging for route 53 on by default").matched  # the knowledge's words
    assert answerer.ask("the sql injection managed rule group on our web acl, enabled by default?").matched
    answer = answerer.ask("route 53 resolver dns queries: who turns on query logging")
    assert (answer.service, answer.owner) == ("route53", "customer"), answer.to_contract()
    logged = answerer.ask("does aws log the queries hitting our rds postgres for us")
    assert (logged.service, logged.owner) == ("rds", "customer"), logged.to_contract()


def test_a_performance_comparison_is_not_an_ownership_question(answerer: Answerer) -> None:
    assert not answerer.ask("is dynamodb performance worse with a customer managed key than the default one").matched
    assert answerer.ask("who is responsible for the performance of the rds instance class we picked").matched


def test_an_aws_service_s_own_part_on_premises_is_answered(answerer: Answerer) -> None:
    """EKS Hybrid Nodes live in your own data centre by design: the premises are the part's, not a reason to
    refuse, and the machines are yours. Kubernetes on your own premises without EKS is still not AWS."""
    answer = answerer.ask("our eks hybrid nodes sit in our own datacenter - who keeps those machines patched")
    assert (answer.service, answer.owner) == ("eks", "customer"), answer.to_contract()
    assert not answerer.ask("our on prem k8s cluster - who patches the kubelets").matched


def test_botocore_settings_are_a_how_to(answerer: Answerer) -> None:
    """Which retry settings to put in botocore's config is code to write, not who owns a piece of security."""
    answer = answerer.ask("ThrottlingException from kms: what backoff settings go in the botocore config?")
    assert not answer.matched, answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("shield standard covers syn floods on our cloudfront distribution for free?", "aws"),
    ("our ecs container images: keeping their dependencies free of vulns is our concern?", "customer"),
])
def test_free_as_included_or_clean_is_no_price(answerer: Answerer, question: str, owner: str) -> None:
    """"Covers that for free?" asks whether the protection is included; "free of vulns" is clean of
    them. Neither asks a price; "is guardduty free for the first 30 days?" does."""
    answer = answerer.ask(question)
    assert answer.matched and answer.owner == owner, answer.to_contract()
    assert not answerer.ask("is guardduty free for the first 30 days?").matched
