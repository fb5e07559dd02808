"""The real knowledge base covers the contract, and every cell is sourced."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import OWNERS, KnowledgeBase
from bot.knowledge.loader import REQUIRED_OVERRIDES

from .conftest import SHARED

CONTRACT_SERVICES = """ec2 ebs vpc lightsail elb elasticbeanstalk ecs eks fargate lambda rds aurora dynamodb
elasticache redshift docdb opensearch emr s3 glacier efs cloudfront route53 apigateway sqs sns kinesis
iam kms secretsmanager cloudtrail cloudwatch config guardduty waf shield cognito sagemaker workspaces""".split()
CONTRACT_TOPICS = """physical virtualization patching os-config network-config iam access-control
encryption-at-rest encryption-in-transit data-classification backup durability lifecycle application
service-config logging incident-response compliance billing availability ddos""".split()


def _contract_ids(section: str) -> list[str]:
    text = (SHARED / "answer-contract.md").read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return [i for i in re.findall(r"^\| ([a-z0-9-]+) \|", part, flags=re.MULTILINE) if i != "id"]


def test_contract_ids_match_the_shared_contract() -> None:
    if not (SHARED / "answer-contract.md").exists():
        pytest.skip("shared/answer-contract.md is not beside this checkout")
    assert _contract_ids("Service ids") == CONTRACT_SERVICES
    assert _contract_ids("Topic ids") == CONTRACT_TOPICS


def test_every_contract_service_and_topic_is_present(kb: KnowledgeBase) -> None:
    assert sorted(kb.services) == sorted(CONTRACT_SERVICES)
    assert list(kb.topics) == CONTRACT_TOPICS, "shown in the contract's order (matrix, /srm topics)"
    assert sorted(kb.tie_break) == sorted(CONTRACT_TOPICS)


@pytest.mark.parametrize("service", CONTRACT_SERVICES)
def test_every_cell_of_a_service_resolves_with_a_source(kb: KnowledgeBase, service: str) -> None:
    svc = kb.services[service]
    for topic in CONTRACT_TOPICS:
        ruling = kb.ruling(service, topic)
        assert ruling.owner in OWNERS
        assert ruling.summary and ruling.aws and ruling.customer
        assert ruling.sources and all(s.url.startswith("https://") and s.title for s in ruling.sources)
        assert ruling.verified, f"{service}/{topic} has no verified date"
        assert ruling.entry == f"{service}/{topic}"
        assert "{" not in ruling.summary, "an unfilled model placeholder"
    overview = kb.ruling(service, None)
    assert overview.owner == "shared" and overview.entry == service and overview.sources
    for topic in REQUIRED_OVERRIDES:
        assert svc.rulings[topic].reviewed, f"{service}/{topic} must be the service's own ruling"


def test_general_entries_have_one_default_per_topic(kb: KnowledgeBase) -> None:
    defaults = [g.ruling.topic for g in kb.general if g.default]
    assert sorted(t for t in defaults if t) == sorted(CONTRACT_TOPICS)
    assert defaults.count(None) == 1, "one default for questions about the model as a whole"


def test_entry_lookup_round_trips(kb: KnowledgeBase) -> None:
    assert kb.entry("rds/patching") is kb.ruling("rds", "patching")
    assert kb.entry("fargate") is kb.ruling("fargate", None)
    assert kb.entry("model/overview") is not None
    assert kb.entry("rds/no-such-topic") is None
    assert kb.entry("nope/patching") is None


# Facts that AWS changed over the years: the bot must say what is true now.
CURRENT_FACTS = [
    ("rds", "patching", {"aws"}),
    ("ec2", "patching", {"customer"}),
    ("s3", "encryption-at-rest", {"aws"}),
    ("dynamodb", "encryption-at-rest", {"aws"}),
    ("shield", "ddos", {"aws"}),
    ("lambda", "patching", {"aws", "shared"}),
    ("eks", "patching", {"shared"}),
    ("elasticache", "encryption-in-transit", {"customer"}),
    ("s3", "durability", {"aws"}),
    ("ec2", "network-config", {"customer"}),
]


@pytest.mark.parametrize(("service", "topic", "owners"), CURRENT_FACTS)
def test_current_facts(kb: KnowledgeBase, service: str, topic: str, owners: set[str]) -> None:
    assert kb.ruling(service, topic).owner in owners


def test_conditional_ownership_is_data(kb: KnowledgeBase) -> None:
    for service, topic in [("rds", "patching"), ("lambda", "patching"), ("eks", "patching"),
                           ("s3", "encryption-at-rest")]:
        assert kb.ruling(service, topic).conditions, f"{service}/{topic} should carry its conditions"
