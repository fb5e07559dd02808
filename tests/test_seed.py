"""Every statement of the seed document (shared/seed/) is answerable, with the owner it states.

Each case is a statement of the seed turned into the question people ask about it.
"""

from __future__ import annotations

import pytest

from bot.answering import Answerer

# (question, expected service, expected topic, acceptable owners)
SEED = [
    # Overview and the two halves of the model
    ("what is the aws shared responsibility model", None, None, {"shared"}),
    ("who is responsible for security of the cloud", None, None, {"aws"}),
    ("who is responsible for security in the cloud", None, None, {"customer"}),
    # AWS responsibilities (examples)
    ("who secures the physical infrastructure, data centers networking hardware", None, "physical", {"aws"}),
    ("who runs the global infrastructure, availability zones and edge locations", None, "physical", {"aws"}),
    ("who secures the software that runs aws services", None, None, {"aws"}),
    ("who does patching of infrastructure components", None, "patching", {"aws"}),
    ("who manages the host operating system and virtualization layer", None, "virtualization", {"aws"}),
    # Customer responsibilities (examples)
    ("who is responsible for data encryption and integrity authentication", None, "encryption-at-rest", {"customer"}),
    ("who manages users and permissions in aws", None, "iam", {"customer"}),
    ("who configures security groups and firewalls", None, "network-config", {"customer"}),
    ("who is responsible for application level security", None, "application", {"customer"}),
    ("who does operating system configuration in the cloud", None, "os-config", {"customer"}),
    ("who does network configuration on aws", None, "network-config", {"customer"}),
    ("who patches the guest os and applications in ec2", "ec2", "patching", {"customer"}),
    ("who patches the guest os and applications in containers on aws", None, "patching", {"customer"}),
    # Responsibility by service type
    ("what does aws do in iaas", None, None, {"shared"}),
    ("in iaas like ec2 who does os patching", "ec2", "patching", {"customer"}),
    ("what is the customer responsible for in paas", None, None, {"shared"}),
    ("who manages the database engine on rds", "rds", "patching", {"aws"}),
    ("who handles database configuration on rds", "rds", "service-config", {"customer"}),
    ("saas like s3 and lambda who does what", None, None, {"shared"}),
    ("who controls access control and usage policies on s3", "s3", "access-control", {"customer"}),
    ("who runs the full service operation for lambda", "lambda", None, {"shared"}),
    # 1. Infrastructure
    ("who provides physical security of data centers", None, "physical", {"aws"}),
    ("who does hardware maintenance in aws", None, "physical", {"aws"}),
    ("who secures the network infrastructure of aws", None, None, {"aws"}),
    ("who secures the hypervisor", None, "virtualization", {"aws"}),
    ("who provisions virtual servers on ec2", "ec2", None, {"customer", "shared"}),
    ("who does os installation, patching and maintenance on aws", None, None, {"customer", "shared"}),
    ("who configures subnets and security groups in aws", None, "network-config", {"customer"}),
    # 2. Data
    ("who provides secure storage infrastructure in aws", None, None, {"aws"}),
    ("who is responsible for data durability and availability like replication in s3", "s3", "durability", {"aws"}),
    ("who does data classification on aws", None, "data-classification", {"customer"}),
    ("who encrypts data at rest in aws", None, "encryption-at-rest", {"customer"}),
    ("who encrypts data in transit in aws", None, "encryption-in-transit", {"customer"}),
    ("who owns backup and recovery strategies on aws", None, "backup", {"customer"}),
    ("who is responsible for data lifecycle management on aws", None, "lifecycle", {"customer"}),
    # 3. IAM
    ("who is responsible for iam service provisioning", None, "iam", {"aws"}),
    ("who provides secure apis and tools in aws", None, "iam", {"aws"}),
    ("who creates users, groups and roles in aws", None, "iam", {"customer"}),
    ("who enforces least privilege", None, "iam", {"customer"}),
    ("who enables mfa and access policies in aws", None, None, {"customer"}),
    # 4. Application
    ("who provides the underlying compute and storage for managed services", None, "application", {"aws"}),
    ("who is responsible for application code on aws", None, "application", {"customer"}),
    ("who owns the business logic in the cloud", None, "application", {"customer"}),
    ("who does input validation and secure coding on aws", None, "application", {"customer"}),
    # 5. Compliance
    ("who is responsible for compliance with global standards like iso 27001 and soc 2", None, "compliance", {"aws"}),
    ("who provides audit reports and shared compliance models", None, "compliance", {"aws"}),
    ("who handles industry specific compliance like hipaa and gdpr", None, "compliance", {"customer"}),
    ("who ensures correct configurations and record keeping for our audit", None, "compliance", {"customer"}),
    ("who does audit preparation and access controls for our auditors", None, "compliance", {"customer"}),
    # 6. Monitoring and logging
    ("does aws provide tools like cloudtrail, cloudwatch and config", None, None, {"aws", "shared", "customer"}),
    ("who configures logging, alarms and monitoring on aws", None, "logging", {"customer"}),
    ("who analyzes logs and responds to incidents in aws", None, "incident-response", {"customer"}),
    ("who sets up billing alarms and usage monitoring", None, "billing", {"customer"}),
    # Summary table rows
    ("who owns os, firewall and network settings in the cloud", None, None, {"customer"}),
    ("who handles platform or runtime management for managed services", None, "application", {"aws"}),
    ("who owns customer-specific compliance on aws", None, "compliance", {"customer"}),
    ("who holds global certifications, aws or us", None, "compliance", {"aws"}),
]


@pytest.mark.parametrize(("question", "service", "topic", "owners"), SEED, ids=[s[0] for s in SEED])
def test_seed_statement_is_answered(answerer: Answerer, question: str, service: str | None,
                                    topic: str | None, owners: set[str]) -> None:
    answer = answerer.ask(question)
    assert answer.matched, f"no answer: {answer.refusal} alternatives={answer.alternatives}"
    assert answer.owner in owners, f"{answer.entry} says {answer.owner}"
    assert answer.service == service, answer.entry
    if topic is not None:
        assert answer.topic == topic, answer.entry
