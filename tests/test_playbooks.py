"""Incident playbooks: knowledge in YAML, validated with file:line, found by words, GuardDuty
finding types and Security Hub control ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering.playbooks import PlaybookIndex, playbook_for
from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge.playbooks import load_playbooks

from .conftest import REPO

REQUIRED = ["public-s3-bucket", "leaked-access-keys", "compromised-ec2", "logging-disabled", "public-database",
            "open-security-group", "s3-ransomware", "lambda-secrets", "kubernetes-abuse", "root-account-use",
            "ddos-network", "ddos-application"]


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> PlaybookIndex:
    return PlaybookIndex(load_playbooks(services=kb.services))


def test_every_required_playbook_exists_with_sources_and_a_link(index: PlaybookIndex) -> None:
    books = {b.id: b for b in index.playbooks}
    assert set(REQUIRED) <= set(books)
    for book in books.values():
        assert 1 <= len(book.steps) <= 6 and book.verdict and book.link.title
        assert all(s.title and s.title != s.url for s in book.sources)
        assert any("aws-incident-response" in s.url or "playbook-framework" in s.url
                   or "security-incident-response-guide" in s.url or "/guardduty/" in s.url for s in book.sources), \
            f"{book.id} rests on AWS's incident response material"


@pytest.mark.parametrize(("question", "expected"), [
    ("prod bucket went public, is that on us?", "public-s3-bucket"),
    ("someone leaked our access keys on github", "leaked-access-keys"),
    ("crypto mining on one of our instances", "compromised-ec2"),
    ("we see c2 traffic from an ec2 box", "compromised-ec2"),
    ("cloudtrail was disabled by someone last night", "logging-disabled"),
    ("our rds instance is publicly accessible!!", "public-database"),
    ("security group open to 0.0.0.0/0 on port 22", "open-security-group"),
    ("ransomware note in our bucket, all objects deleted", "s3-ransomware"),
    ("db password in lambda environment variables leaked", "lambda-secrets"),
    ("someone did kubectl exec into a pod in prod eks", "kubernetes-abuse"),
    ("root account login at 3am nobody recognises", "root-account-use"),
    ("we're under ddos, http flood on the alb", "ddos-application"),
    ("syn flood against our nlb", "ddos-network"),
    ("we got hacked", "security-incident"),
    ("us-east-1 outage, is aws down?", "service-disruption"),
])
def test_playbooks_are_found_by_their_words(index: PlaybookIndex, answerer: Answerer, question: str,
                                            expected: str) -> None:
    found = playbook_for(question, answerer.ask(question), index)
    assert found is not None and found.id == expected


@pytest.mark.parametrize(("finding", "expected"), [
    ("CryptoCurrency:EC2/BitcoinTool.B!DNS", "compromised-ec2"),
    ("Backdoor:EC2/C&amp;CActivity.B", "compromised-ec2"),
    ("CryptoCurrency:Runtime/BitcoinTool.B", "compromised-ec2"),
    ("UnauthorizedAccess:EC2/SSHBruteForce", "open-security-group"),
    ("UnauthorizedAccess:EC2/TorClient", "compromised-ec2"),
    ("Recon:EC2/PortProbeUnprotectedPort", "open-security-group"),
    ("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "leaked-access-keys"),
    ("Policy:IAMUser/RootCredentialUsage", "root-account-use"),
    ("Stealth:IAMUser/CloudTrailLoggingDisabled", "logging-disabled"),
    ("Policy:S3/BucketAnonymousAccessGranted", "public-s3-bucket"),
    ("Exfiltration:S3/AnomalousBehavior", "public-s3-bucket"),
    ("Impact:S3/AnomalousBehavior.Delete", "s3-ransomware"),
    ("CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin", "public-database"),
    ("Execution:Kubernetes/ExecInKubeSystemPod", "kubernetes-abuse"),
    ("Policy:Kubernetes/AnonymousAccessGranted", "kubernetes-abuse"),
    ("Backdoor:Lambda/C&CActivity.B", "lambda-secrets"),
])
def test_guardduty_finding_types_reach_their_playbook(index: PlaybookIndex, finding: str, expected: str) -> None:
    found = index.playbook_for(f"GuardDuty high severity: {finding} on arn:aws:...", None)
    assert found is not None and found.id == expected


@pytest.mark.parametrize(("control", "expected"), [
    ("[S3.8]", "public-s3-bucket"), ("S3.2", "public-s3-bucket"), ("EC2.19", "open-security-group"),
    ("RDS.2", "public-database"), ("CloudTrail.1", "logging-disabled"), ("IAM.4", "root-account-use"),
    ("Lambda.1", "lambda-secrets"), ("EKS.1", "kubernetes-abuse"), ("S3.14", "s3-ransomware"),
])
def test_security_hub_controls_reach_their_playbook(index: PlaybookIndex, control: str, expected: str) -> None:
    found = index.playbook_for(f"Security Hub control {control} failed in prod", None)
    assert found is not None and found.id == expected


def test_ordinary_questions_have_no_playbook(index: PlaybookIndex, answerer: Answerer) -> None:
    for question in ("who patches rds", "who encrypts ebs volumes", "is dynamodb backup on us",
                     "who owns the hypervisor on lambda", "who configures the s3 bucket policy"):
        assert index.playbook_for(question, answerer.ask(question)) is None, question


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    return root


def test_problems_name_file_line_and_field(tmp_path: Path, kb: KnowledgeBase) -> None:
    root = _copy(tmp_path)
    path = root / "playbooks" / "root-account-use.yaml"
    text = path.read_text()
    text = text.replace("owner: customer", "owner: nobody")
    text = text.replace('  - "Policy:IAMUser/RootCredentialUsage"', '  - "RootCredentialUsage"\n  - "Impact:S3/"')
    text = text.replace("securityhub: [IAM.4,", "securityhub: [IAM-4,")
    text = text.replace("services: [iam]", "services: [iam, nosuch]")
    text = text.replace("link: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
                        "link: https://example.com/root")
    path.write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_playbooks(root, services=kb.services)
    problems = {(p.file, p.field): (p.line, p.message) for p in caught.value.problems}
    assert problems[("knowledge/playbooks/root-account-use.yaml", "owner")] == (
        3, "must be one of aws, customer, shared (got 'nobody')")
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "'RootCredentialUsage' is not a GuardDuty finding type prefix" in messages
    assert "s3-ransomware.yaml:15: guardduty: 'impact:s3/' is also claimed by playbook 'root-account-use'" in messages
    assert "'IAM-4' is not a Security Hub control id" in messages
    assert "unknown service id 'nosuch'" in messages
    assert "'https://example.com/root' is not an https AWS documentation URL" in messages


def test_a_cited_url_without_a_title_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "playbooks" / "ddos-network.yaml"
    path.write_text(path.read_text().replace(
        "sources:\n", "sources:\n  - https://docs.aws.amazon.com/waf/latest/developerguide/untitled.html\n"))
    with pytest.raises(KnowledgeError, match=r"untitled\.html' has no title in knowledge/sources/"):
        load_playbooks(root)


def test_too_many_steps_and_a_long_verdict_are_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "playbooks" / "ddos-network.yaml"
    text = path.read_text().replace("steps:\n", "steps:\n" + "  - Another step.\n" * 5)
    text = text.replace("verdict: ", "verdict: " + "Very long " * 20)
    path.write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_playbooks(root)
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "at most 6 steps" in messages and "must fit one line" in messages
