"""Version 2 answers: the owner of the part asked, the ruling's owner beside it, never a guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering.phrasing import names_a_version_upgrade
from bot.cli import main
from bot.knowledge import DEFAULT_DIR, KnowledgeBase
from tests.conftest import knowledge_problems

V2_KEYS = ["question", "matched", "confidence", "service", "topic", "owner", "summary", "aws", "customer",
           "sources", "entry", "alternatives", "ruling_owner", "aspect", "headline", "conditions", "layers",
           "verified", "options"]


def test_contract_v2_keys_in_order(answerer: Answerer) -> None:
    for question in ("who patches rds", "what's for lunch"):
        assert list(answerer.ask(question).to_contract()) == V2_KEYS


def test_a_named_facet_gives_its_owner_and_keeps_the_rulings(answerer: Answerer) -> None:
    answer = answerer.ask("who patches the self managed nodes on our eks cluster")
    contract = answer.to_contract()
    assert (answer.entry, answer.owner, answer.ruling_owner) == ("eks/patching", "customer", "shared")
    assert contract["aspect"]["kind"] == "facet" and contract["aspect"]["owner"] == "customer"
    assert answer.headline.startswith("Yours:")
    assert contract["conditions"][0]["when"] == contract["aspect"]["name"]  # the named case leads


def test_the_part_named_decides_the_owner(answerer: Answerer) -> None:
    answer = answerer.ask("a kernel cve on the hosts under our fargate tasks, do we patch it")
    assert (answer.service, answer.topic, answer.owner) == ("fargate", "patching", "aws")
    assert answer.aspect is not None and answer.ruling_owner != "aws"


def test_a_named_layer_decides_the_owner(answerer: Answerer, kb: KnowledgeBase) -> None:
    for layer in kb.services["ec2"].layers:
        answer = answerer.ask(f"who owns the {layer.words[0]} on our ec2 instances")
        if answer.aspect is not None and answer.aspect.kind == "layer":
            assert answer.aspect.name == layer.name and answer.owner == layer.owner
    hypervisor = answerer.ask("who owns the hypervisor under our ec2 instances")
    assert hypervisor.owner == "aws" and hypervisor.aspect is not None


def test_two_named_parts_that_disagree_say_it_depends(answerer: Answerer, kb: KnowledgeBase) -> None:
    ruling = kb.ruling("eks", "patching")
    owners = {c.owner for c in ruling.facets}
    assert {"aws", "customer"} <= owners
    aws_case = next(c for c in ruling.facets if c.owner == "aws")
    yours = next(c for c in ruling.facets if c.owner == "customer")
    answer = answerer.ask(f"eks patching: {aws_case.keywords[0]} vs {yours.keywords[0]}, who?")
    # both named equally: shown side by side, never one guessed
    assert answer.aspect is None and answer.owner == "shared" and answer.headline.startswith("It depends")
    assert {c.when for c in answer.depends} >= {aws_case.when, yours.when}


def test_a_topics_case_answers_where_the_service_names_no_part_of_its_own(answerer: Answerer,
                                                                          kb: KnowledgeBase) -> None:
    """knowledge/topics.yaml `cases`: "our own KMS key" is ours on any service, and leads the answer."""
    assert not any("cmk" in c.keywords for c in kb.ruling("cloudtrail", "encryption-at-rest").facets)
    answer = answerer.ask("we want the cloudtrail log files encrypted with our own cmk, who manages that key")
    case = next(c for c in kb.topics["encryption-at-rest"].cases if c.owner == "customer")
    assert (answer.entry, answer.owner, answer.ruling_owner) == ("cloudtrail/encryption-at-rest", "customer", "aws")
    assert answer.aspect is not None and answer.aspect.name == case.when
    assert answer.conditions[0].when == case.when and answer.sources[0] == case.sources[0]
    again = answerer.answer_part("again", answer.entry, (case.when,))  # More / Less re-renders it
    assert again is not None and again.aspect == answer.aspect and again.owner == "customer"
    # The ruling's own case comes first where it has one; a case named nowhere is never shown.
    own = answerer.ask("who manages our own key for secrets manager secrets")
    assert own.aspect is not None and own.aspect.name in {c.when for c in kb.ruling("secretsmanager",
                                                                                    "encryption-at-rest").facets}
    plain = answerer.ask("who encrypts cloudtrail logs")
    assert case.when not in {c.when for c in plain.conditions}


def test_no_part_named_means_the_rulings_owner(answerer: Answerer) -> None:
    answer = answerer.ask("who patches rds")
    assert answer.aspect is None and answer.owner == answer.ruling_owner == "aws"
    assert "exception" in answer.headline and answer.verified


def test_an_overview_carries_the_layer_stack(answerer: Answerer, kb: KnowledgeBase) -> None:
    answer = answerer.ask("what do i own on lambda")
    assert answer.topic is None and answer.layers == kb.services["lambda"].layers and answer.layers
    assert [la["owner"] for la in answer.to_contract()["layers"]] == [la.owner for la in answer.layers]


def test_sources_have_titles(answerer: Answerer) -> None:
    for source in answerer.ask("who encrypts s3 buckets").to_contract()["sources"]:
        assert source["url"].startswith("https://") and source["title"] and source["title"] != source["url"]


def test_every_service_has_layers_descriptions_and_dated_rulings(kb: KnowledgeBase) -> None:
    for service in kb.services.values():
        assert len(service.layers) >= 3, service.id
        assert service.descriptions, service.id
        for ruling in (service.overview, *service.rulings.values()):
            assert ruling.verified >= "2026-11-29", ruling.entry


@pytest.mark.parametrize("question", [
    "write me a haiku about who patches rds",
    "how much does kms cost per key",
    "translate to french: who is responsible for patching ec2",
    "lunch at the dynamo cafe?",
    "app runner: do we patch the underlying instances?",
    "give me a boto3 script that rotates every iam access key older than 90 days",
])
def test_requests_of_another_kind_are_not_answered(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched and answer.owner is None and answer.refusal


def test_a_code_request_that_asks_who_is_still_answered(answerer: Answerer) -> None:
    answer = answerer.ask("write a script to find unencrypted ebs volumes - or is encrypting them aws's job?")
    assert answer.matched and answer.service == "ebs", answer.to_contract()


def test_who_did_it_is_an_investigation(answerer: Answerer) -> None:
    assert answerer.ask("who deleted the security group on our vpc last night?").topic == "incident-response"
    assert answerer.ask("who deletes old ebs snapshots").topic != "incident-response"
    logged = answerer.ask("does cloudtrail log who deleted objects in our buckets by default")  # what is kept
    assert (logged.service, logged.topic) == ("cloudtrail", "logging"), logged.to_contract()


def test_api_names_pasted_from_cloudtrail_are_read_as_words(answerer: Answerer) -> None:
    answer = answerer.ask('cloudtrail shows "eventName": "AuthorizeSecurityGroupIngress" from 0.0.0.0/0, on us?')
    assert answer.matched and answer.topic == "network-config" and answer.owner == "customer"
    assert answerer.ask("DynamoDB encryption at rest, who owns it").service == "dynamodb"  # a name stays whole


# -- the knowledge base refuses what cannot be reviewed ----------------------------------------



def test_unreviewed_template_missing_date_and_untitled_source_are_refused(kb_copy: Path) -> None:
    sqs = kb_copy / "services" / "sqs.yaml"
    text = sqs.read_text(encoding="utf-8")
    text = text.replace("from_model:\n", "from_model:\n  bogus-topic: 2026-11-30\n", 1)
    text = text.replace("    verified: 2026-11-3", "    verified: 2026-13-3", 1)
    text = text.replace("https://docs.aws.amazon.com/AWSSimpleQueueService/",
                        "https://docs.aws.amazon.com/untitled-page/AWSSimpleQueueService/", 1)
    sqs.write_text(text, encoding="utf-8")
    problems = "\n".join(knowledge_problems(kb_copy))
    assert "sqs.yaml:" in problems and "from_model.bogus-topic: unknown topic id" in problems
    assert "must be a date YYYY-MM-DD" in problems
    assert "has no title in knowledge/sources/" in problems


def test_a_topic_neither_ruled_nor_reviewed_is_refused(kb_copy: Path) -> None:
    sqs = kb_copy / "services" / "sqs.yaml"
    text = sqs.read_text(encoding="utf-8")
    start = text.index("from_model:\n")
    lines = text[start:].splitlines()
    dropped = lines[1].split(":")[0].strip()
    sqs.write_text(text.replace(lines[1] + "\n", "", 1), encoding="utf-8")
    assert any(f"topic {dropped!r} has no ruling of its own and no reviewed model default" in p
               for p in knowledge_problems(kb_copy))


def test_kb_show_prints_every_topic_and_marks_templates(capsys: pytest.CaptureFixture[str], kb: KnowledgeBase) -> None:
    assert main(["kb", "show", "lambda"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# AWS Lambda (lambda)") and "Layers (top to bottom):" in out
    assert all(f"({tid})" in out for tid in kb.topics)
    templated = [t for t, r in kb.services["lambda"].rulings.items() if not r.reviewed]
    assert out.count("TEMPLATE models.yaml") == len(templated)


def test_kb_show_says_what_rules_a_facet_out(capsys: pytest.CaptureFixture[str]) -> None:
    """A reviewer sees a facet's `unless` words beside its keywords."""
    assert main(["kb", "show", "elasticache"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "Critical security updates" in x)
    assert line.endswith("unless: serverless"), line


def test_kb_stale_lists_what_is_older(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "stale", "--days", "100000"]) == 0
    assert main(["kb", "stale", "--days", "0"]) == 1
    assert "2026-11-29" in capsys.readouterr().out


def test_ask_json_prints_the_v2_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "who rotates customer managed kms keys"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == V2_KEYS and data["matched"]


# -- honest refusals ---------------------------------------------------------------------------

def test_refusals_quote_what_was_typed_and_name_the_aws_equivalent(answerer: Answerer) -> None:
    refusal = answerer.ask("who patches our Google Cloud Storage buckets").refusal
    assert refusal.startswith("“google cloud storage” is another cloud") and "Amazon S3" in refusal
    assert answerer.ask("who patches amazon mq brokers").refusal.startswith(
        "“amazon mq” is an AWS service I don't cover yet")
    assert "another cloud" not in answerer.ask("Kinesis Data Analytics app, who patches it").refusal


def test_out_of_scope_priority_against_service_words(answerer: Answerer) -> None:
    # another cloud beats a covered resource word ("bucket" is not S3 here) ...
    assert not answerer.ask("gcs bucket uniform access, who configures it").matched
    # ... a covered service named outright beats an uncovered one mentioned beside it ...
    assert answerer.ask("athena queries over our s3 bucket: who encrypts the bucket").service == "s3"
    # ... and an uncovered service beats a mere resource word ("instances" is not EC2 here).
    assert not answerer.ask("app runner: who patches the instances underneath").matched


def test_equivalents_must_point_from_another_cloud_to_a_service(kb_copy: Path) -> None:
    (kb_copy / "equivalents.yaml").write_text("azure sql: rdss\nlunch: s3\n", encoding="utf-8")
    problems = "\n".join(knowledge_problems(kb_copy))
    assert "knowledge/equivalents.yaml:1: azure sql: unknown service id 'rdss'" in problems
    assert "knowledge/equivalents.yaml:2: lunch: must be one of out_of_scope.yaml's other-clouds phrases" in problems


def test_multiple_choice_answers_each_option(answerer: Answerer) -> None:
    answer = answerer.ask("Which of the following is the customer's responsibility? A. Patching the hypervisor "
                          "B. Configuring security groups on EC2 instances C. Physical security of data centers "
                          "D. Patching the guest operating system on EC2")
    assert answer.matched and answer.owner == "customer" and answer.options is not None
    assert {o.label: o.owner for o in answer.options} == {"A": "aws", "B": "customer", "C": "aws", "D": "customer"}
    assert answer.headline == "Yours: B, D"
    assert answerer.ask("step 1. enable s3 encryption, who does that?").options is None
    # An option naming no service is about the stem's service, whatever another service's parts it echoes.
    efs = answerer.ask("Which is AWS's responsibility for Amazon EFS? A. Storing data redundantly across multiple "
                       "AZs (Regional storage classes) B. Mount target security groups C. The file system policy "
                       "D. Enabling encryption at rest when creating the file system")
    assert efs.options is not None and efs.options[0].answer.service == "efs" and efs.options[0].owner == "aws"


@pytest.mark.parametrize(("stem", "side"), [
    ("DynamoDB - which is AWS's?", "aws"),
    ("for lambda, which does the customer own?", "customer"),
    ("which of these stays with the customer on DynamoDB?", "customer"),
    ("which of the following are the responsibility of AWS on DynamoDB?", "aws"),
])
def test_the_side_a_multiple_choice_stem_asks_for_is_the_verdict(answerer: Answerer, stem: str, side: str) -> None:
    """"Which is AWS's?" asks for AWS's options however it is worded: the verdict is that side, with
    its options, not "shared" because the options differ."""
    answer = answerer.ask(f"{stem} A. Encrypting the table with our own KMS key B. Replacing failed storage "
                          "hardware C. Deciding which IAM roles can read the table")
    assert answer.options is not None and answer.owner == side, answer.to_contract()


def test_a_move_between_services_is_about_the_destination(answerer: Answerer) -> None:
    assert answerer.ask("moving from ec2 to lambda, who patches the os now?").service == "lambda"
    assert answerer.ask("self-managed postgres on ec2 -> rds: who patches the engine").service == "rds"
    # Logs "going to" a service are delivered there, not moved.
    logs = answerer.ask("are DocumentDB audit events going to CloudWatch by default or do we flip that")
    assert (logs.service, logs.topic) == ("docdb", "logging"), logs.to_contract()


# -- the JSON Schema editors use ---------------------------------------------------------------

def test_published_schema_is_the_validators_and_every_service_file_fits_it(kb: KnowledgeBase) -> None:
    import jsonschema
    import yaml

    from bot.knowledge.fields import service_schema

    schema = service_schema(list(kb.topics))
    assert json.loads((DEFAULT_DIR / "schema.json").read_text(encoding="utf-8")) == schema, \
        "knowledge/schema.json is stale: run `srm kb schema > knowledge/schema.json`"
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((DEFAULT_DIR / "services").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the strings the loader keeps
        assert not list(validator.iter_errors(data)), path.name
    broken = {**data, "overview": {**data["overview"], "owner": "amazon"}}
    assert any("amazon" in e.message for e in validator.iter_errors(broken))


def test_a_description_that_fits_two_services_asks_which_when_owners_differ(answerer: Answerer,
                                                                            kb: KnowledgeBase) -> None:
    same, differ = [], []
    for topic in kb.topics:
        owners = {kb.ruling(s, topic).owner for s in ("rds", "aurora")}
        (same if len(owners) == 1 else differ).append(topic)
    assert same and differ
    asked = answerer.ask(f"{kb.topics[differ[0]].strong[0]} on our hosted postgres, who?")
    assert not asked.matched and {a.service for a in asked.alternatives} == {"rds", "aurora"}
    answered = answerer.ask("who patches our hosted postgres")
    assert answered.matched and answered.service in ("rds", "aurora")


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("inherited controls under the shared responsibility model", "model/inherited-controls", "aws"),
    ("is configuration management a shared control", None, "shared"),
    ("which controls are customer-specific", "model/customer-specific-controls", "customer"),
])
def test_exam_vocabulary_reaches_the_control_categories(answerer: Answerer, question: str, entry: str | None,
                                                        owner: str) -> None:
    answer = answerer.ask(question)
    assert answer.matched and answer.service is None and answer.owner == owner
    assert entry is None or answer.entry == entry
    assert answer.topic != "access-control"  # "control" is not access control


@pytest.mark.parametrize("question", ["who's escorting the soc 2 auditor tomorrow?",
                                      "who took the hipaa binder from my desk",
                                      "who is bringing snacks to the pci review"])
def test_office_chatter_with_compliance_words_is_not_answered(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched and "your team" in answer.refusal


@pytest.mark.parametrize("question", ["lol the lightsail regatta was fun, anyone have photos",
                                      "my ec2 bus is late again",
                                      "aurora borealis forecast looks great for friday"])
def test_chatter_naming_a_service_is_offered_not_answered(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched and answer.owner is None


@pytest.mark.parametrize(("question", "owner"), [("is turning on s3 bucket versioning our call", "customer"),
                                                 ("ebs snapshot copies to another region, our setup?", "customer"),
                                                 ("is l3 ddos protection for cloudfront automatic", "aws")])
def test_short_ownership_questions_without_who_are_answered(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert answer.matched and answer.owner == owner, answer.to_contract()


def test_a_feature_that_is_off_is_the_customers_to_turn_on(answerer: Answerer, kb: KnowledgeBase) -> None:
    """What AWS does once a feature is on is not the answer when the question says it is off."""
    off = answerer.ask("security hub says auto minor version upgrade should be enabled on our rds instances, whose fix")
    assert off.owner == "customer" and off.aspect is not None
    assert off.aspect.name in {c.when for c in kb.ruling("rds", "patching").facets if c.owner == "customer"}
    on = answerer.ask("with auto minor version upgrade on, who applies rds minor versions")
    assert on.owner == "aws"
    standard = answerer.ask("is shield standard something we must turn on")  # a case about turning on
    assert standard.owner == "aws"
    split = answerer.ask("who turns auto minor version upgrade on for our rds instances")  # "turn X on"
    assert split.owner == "customer", split.to_contract()
    place = answerer.ask("once we turn auto minor version upgrade on our rds instances, who applies minor versions")
    assert place.owner == "aws", place.to_contract()  # "on our instances" is a place
    default = answerer.ask("brand new bucket today, do we have to switch on block public access or is it already on")
    assert default.owner == "aws", default.to_contract()  # "already on?" asks about the default
    false = answerer.ask("auto_minor_version_upgrade = false on our rds instances, whose problem")
    assert false.owner == "customer", false.to_contract()  # a setting written as false is off
    asked = answerer.ask("does dynamodb turn on point in time recovery by default, or who turns it on")
    assert asked.owner == "customer", asked.to_contract()  # who turns it on, whatever the default is
    stated = answerer.ask("block public access is on by default now, but our terraform sets "
                          "restrict_public_buckets = false. whose problem")
    assert (stated.service, stated.owner) == ("s3", "customer"), stated.to_contract()  # said off, default or not
    secure = answerer.ask("new bucket already had bpa on and acls disabled, who set that default")
    assert secure.owner == "aws", secure.to_contract()  # "acls disabled" is the default, not a feature off


def test_an_api_calls_verb_does_not_choose_the_topic(answerer: Answerer) -> None:
    """"UpdateDistribution" made a call; it did not patch anything."""
    answer = answerer.ask("UpdateDistribution on our cloudfront distro set viewer protocol allow-all, whose")
    assert answer.matched and answer.topic != "patching", answer.to_contract()
    kept = answerer.ask("who ran StopLogging on our trail")  # a verb that is the event keeps its meaning
    assert kept.topic in ("logging", "incident-response"), kept.to_contract()


def test_a_failed_security_hub_control_is_yours_to_fix(answerer: Answerer, kb: KnowledgeBase) -> None:
    """knowledge/artefacts/securityhub.yaml `failed_control`: a control checks your configuration."""
    (case,) = kb.artefacts.failed_control
    failed = answerer.ask("sechub SQS.1 failing on payments-q, didn't sqs encrypt queues by default? whose fix")
    assert (failed.service, failed.owner) == ("sqs", "customer")
    assert failed.aspect is not None and failed.aspect.name in (case.when, *(
        c.when for c in kb.ruling("sqs", "encryption-at-rest").facets if c.owner == "customer"))
    cited = answerer.ask("does SQS.1 apply to queues that use the default SSE-SQS encryption")  # cited, not failing
    assert cited.aspect is None or cited.aspect.name != case.when
    said = answerer.ask("CloudTrail.2: our org trail is not encrypted with sse-kms. whose job")  # said to be off
    assert (said.service, said.owner) == ("cloudtrail", "customer"), said.to_contract()


def test_a_default_ruling_takes_the_part_the_services_own_rulings_name(answerer: Answerer,
                                                                       kb: KnowledgeBase) -> None:
    """Config's compliance ruling is the model's default, with no parts: "a pci conformance pack"
    is the part Config's own rulings name, and leads; More / Less keeps it."""
    assert not kb.ruling("config", "compliance").reviewed
    answer = answerer.ask("deploying a pci conformance pack in aws config, whose job")
    assert (answer.entry, answer.owner) == ("config/compliance", "customer"), answer.to_contract()
    assert answer.aspect is not None
    again = answerer.answer_part("again", answer.entry, (answer.aspect.name,))
    assert again is not None and again.aspect == answer.aspect and again.owner == "customer"
    # Before a case true of every service ("AWS's own ISO reports"): the service's own part leads.
    iso = answerer.ask("for the ISO audit, who deploys the conformance pack and answers for the results")
    assert (iso.service, iso.owner) == ("config", "customer"), iso.to_contract()
    # An incident is yours to respond to whichever part it touched.
    incident = answerer.ask("AttackSequence:EKS/CompromisedCluster on prod. do we own the response even tho the "
                            "control plane is managed")
    assert incident.owner == "customer", incident.to_contract()


def test_parts_of_two_rulings_named_alike_show_both_owners(answerer: Answerer) -> None:
    """"the instance store on it", no topic said: AWS encrypts it, keeping it is yours; never guess which.
    (Said to be gone, it is a question of keeping it: tests/test_matching.py.)"""
    answer = answerer.ask("i4i box stop/started after host degradation, the instance store on it - AWS's job??")
    assert answer.owner == "shared" and {c.owner for c in answer.conditions[:2]} == {"aws", "customer"}, \
        answer.to_contract()
    again = answerer.answer_part("again", answer.entry, tuple(c.when for c in answer.conditions[:2]))
    assert again is not None and again.owner == "shared"  # More / Less keeps both sides


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("is a nat gateway redundant within its az, or do we run a second one there", "vpc", "aws"),
    ("we run one nat gateway for three azs, who fixes that", "vpc", "customer"),
    ("who issues the tls certificate our rds mysql instance presents", "rds", "aws"),
    ("rds ca expires next month, who moves us to the new ca", "rds", "customer"),
    ("who issues the server certificate on our aurora postgres cluster", "aurora", "aws"),
    ("our rds db is encrypted - are its read replicas and snapshots encrypted too, or is that on us", "rds", "aws"),
    ("route 53 dnssec: who rotates the zone signing key", "route53", "aws"),
    ("who builds the eks optimized ami releases with the security fixes", "eks", "aws"),
    ("eks on fargate: who patches the node os under our pods", "fargate", "aws"),
    ("eks fargate keeps evicting our pods for patching, who sets the pod disruption budgets", "fargate", "customer"),
    ("workspaces get windows updates from our own wsus server, who makes sure they are patched", "workspaces",
     "customer"),
    ("we only have shield standard - does it stop an http get flood on our site", "shield", "customer"),
    ("does shield standard stop a syn flood on our site", "shield", "aws"),
    ("eks secrets encryption with our own cmk - who manages the key", "eks", "customer"),
    ("how many days rds keeps our automated backups - who sets that", "rds", "customer"),
    ("our lambda runs from a container image, who patches the os packages inside it", "lambda", "customer"),
    ("who patches the os under our lambda functions", "lambda", "aws"),
    ("who picks when rds may do its maintenance downtime", "rds", "customer"),
    ("do we have to make the s3 api endpoints refuse tls 1.0", "s3", "aws"),
    ("our eks nodes still run the al2 eks optimized ami, who moves them to al2023", "eks", "customer"),
    ("the dns validated acm cert on our alb, who renews it", "elb", "aws"),
    ("how long redshift automated snapshots are kept - whose call", "redshift", "customer"),
    ("who picks the emr release label when we want newer spark", "emr", "customer"),
    ("fargate tasks scheduled for retirement - who patched what", "fargate", "aws"),
    ("does aurora back up continuously so we can drop our own dumps", "aurora", "aws"),
    ("rds pending maintenance says system update - is aws patching the os", "rds", "aws"),
    ("guardduty runtime monitoring with a manually installed agent - who updates the agent", "guardduty", "customer"),
    ("is the wire between our nitro ec2 instances in one vpc encrypted in transit by aws", "ec2", "aws"),
    ("who encrypts traffic between our nitro instances in the same vpc", "vpc", "aws"),
    ("redshift: current or trailing maintenance track, whose choice", "redshift", "customer"),
    ("our site is hit by a flood of http requests behind cloudfront, does aws block that", "cloudfront", "customer"),
    ("our aurora automated backups: does aws take them or do we", "aurora", "aws"),
    ("regional efs: if an availability zone goes down do we lose files", "efs", "aws"),
    ("opensearch blue/green: who provisions the new nodes and moves the shards", "opensearch", "aws"),
    ("does cloudfront get ddos protection at no extra cost", "cloudfront", "aws"),
    ("with nothing set up, does cloudtrail log our api calls out of the box", "cloudtrail", "aws"),
    ("who encrypts kubernetes secrets in etcd on eks", "eks", "aws"),
    ("route 53 dnssec: who keeps the kms key behind the key signing key enabled", "route53", "customer"),
])
def test_a_part_owned_apart_from_its_ruling_leads(answerer: Answerer, question: str, service: str,
                                                  owner: str) -> None:
    """Parts whose owner differs from the ruling's: the NAT gateway's redundancy inside its AZ, the
    certificate RDS installs, the backups of an encrypted instance."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()
    assert answer.aspect is not None, answer.to_contract()


def test_a_resource_dated_before_a_default_is_not_the_new_one(answerer: Answerer) -> None:
    """A default protects what is created after it: "created back in 2019" or "legacy" names the
    older case; a year on or after the default's own keeps the new one."""
    old = answerer.ask("queues created back in 2019 - did they get the sse-sqs default too?")
    assert (old.service, old.owner) == ("sqs", "customer"), old.to_contract()
    legacy = answerer.ask("our legacy bucket - is block public access on by default for it?")
    assert (legacy.service, legacy.owner) == ("s3", "customer"), legacy.to_contract()
    new = answerer.ask("a new bucket created since 2024 - is block public access on by default")
    assert (new.service, new.owner) == ("s3", "aws"), new.to_contract()


def test_new_items_in_an_old_container_are_asked_of_the_new_default(answerer: Answerer) -> None:
    """S3's default dates objects, not buckets: new objects in a 2018 bucket are encrypted by AWS.
    SQS's dates the queue: a 2020 queue stays unencrypted whatever is sent to it now."""
    objects = answerer.ask("that bucket was made back in 2018 - do the new objects we put there get encrypted at rest")
    assert (objects.service, objects.owner) == ("s3", "aws"), objects.to_contract()
    queue = answerer.ask("a queue we created in 2020 - are the new messages we send encrypted at rest?")
    assert (queue.service, queue.owner) == ("sqs", "customer"), queue.to_contract()


def test_a_functions_default_networking_runs_in_several_azs(answerer: Answerer) -> None:
    """Outside a VPC Lambda runs a function in several AZs: nothing for you to do; inside, the subnets are yours."""
    default = answerer.ask("is our lambda function resilient to an az outage without us doing anything")
    assert (default.topic, default.owner) == ("availability", "aws"), default.to_contract()
    attached = answerer.ask("our lambda in vpc only has subnets in one az - whose problem")
    assert attached.owner == "customer", attached.to_contract()


def test_the_certificate_for_a_custom_domain_is_yours_to_bring(answerer: Answerer) -> None:
    answer = answerer.ask("who brings the certificate for the custom domain of our cognito hosted ui")
    assert (answer.service, answer.owner) == ("cognito", "customer"), answer.to_contract()
    assert answer.aspect is not None and "custom domain" in answer.aspect.name


@pytest.mark.parametrize(("question", "owner"), [
    ("node-based valkey cluster: security patches, do they just get applied?", "shared"),
    ("who applies critical security patches on our node-based elasticache cluster", "aws"),
    ("there's a self-service update waiting on our redis cluster, ours to apply?", "customer"),
    ("sagemaker notebook instance os updates - who does those", "shared"),
    ("our sagemaker notebook has been running for months, will it pick up security patches?", "customer"),
])
def test_updates_that_come_from_both_sides_show_both(answerer: Answerer, question: str, owner: str) -> None:
    """Security updates on node-based ElastiCache: AWS applies the critical ones in your window, the
    rest are yours; notebook instances: AWS installs its updates when you restart them."""
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("patching", owner), answer.to_contract()


def test_a_layers_topic_is_the_one_whose_ruling_names_the_part(answerer: Answerer) -> None:
    """A layer of several topics ("notebook instances": patching and configuration) goes to the
    topic whose ruling names what was asked, not always to its first."""
    answer = answerer.ask("should the whole team keep root rights on our sagemaker notebook instances, who says so?")
    assert (answer.topic, answer.owner) == ("os-config", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("elasticache serverless: who applies the critical security patches?", "elasticache", "aws"),
    ("elasticache serverless cache - is turning on tls for it on us?", "elasticache", "aws"),
    ("node-based elasticache cluster without tls - whose job to enable it?", "elasticache", "customer"),
    ("on redshift serverless who patches it and picks the maintenance track?", "redshift", "aws"),
])
def test_a_case_of_another_kind_of_the_service_is_ruled_out(answerer: Answerer, question: str, service: str,
                                                           owner: str) -> None:
    """A node-based cluster's updates and a provisioned cluster's maintenance track do not hold
    for the serverless kind of the same service (`unless:` in knowledge/services/)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("opensearch 2.5 to 2.17: who runs that upgrade?", "opensearch"),
    ("our elasticache valkey 7.2 cluster - who is upgrading it to 8.x?", "elasticache"),
    ("documentdb 4.0 goes end of life soon, who upgrades it", "docdb"),
    ("opensearch domain - who upgrades it to the newer version", "opensearch"),
])
def test_an_upgrade_to_another_version_is_the_version_upgrade(answerer: Answerer, question: str, service: str) -> None:
    """A version number or end of support next to "upgrade" names the engine's version upgrade,
    which is never automatic on these services, whatever words the question uses for it."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "patching", "customer"), answer.to_contract()
    assert answer.aspect is not None, answer.to_contract()


def test_a_version_number_alone_or_an_address_is_no_upgrade() -> None:
    assert not names_a_version_upgrade("who patches opensearch 2.11", ("who", "patches", "opensearch", "2", "11"))
    assert not names_a_version_upgrade("upgrade the sg rule for 10.0.0.1",
                                       ("upgrade", "the", "sg", "rule", "for", "10", "0", "0", "1"))


@pytest.mark.parametrize(("question", "owner"), [
    ("fargate standalone tasks got a retirement notice, anything for us?", "customer"),
    ("fargate service tasks were retired overnight - do we relaunch them?", "aws"),
])
def test_a_named_part_says_what_is_asked_when_no_topic_does(answerer: Answerer, question: str, owner: str) -> None:
    """No topic word, but a part of one of the service's rulings named outright (task retirement):
    that part is what is asked, not the service's overview."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("fargate", owner), answer.to_contract()
    assert answer.topic is not None and answer.aspect is not None, answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("eks auto mode: who keeps coredns and kube-proxy updated?", "aws"),
    ("on a plain (non auto mode) eks cluster who keeps coredns updated?", "customer"),
])
def test_eks_auto_mode_manages_the_core_add_ons(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("eks", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("ec2 instance status check failing on web-2, aws or us?", "customer"),
    ("system status check failed on our ec2 box overnight - whose to fix", "aws"),
])
def test_which_status_check_failed_says_whose_it_is(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("ec2", owner), answer.to_contract()


def test_a_key_whose_rotation_we_turned_on_is_rotated_by_aws(answerer: Answerer) -> None:
    """Rotation off is the default for a customer managed key (yours to turn on); once turned on,
    KMS rotates the material."""
    on = answerer.ask("we turned on automatic rotation for our cmk, do we rotate the key material ourselves now?")
    assert (on.service, on.owner) == ("kms", "aws"), on.to_contract()
    off = answerer.ask("who rotates our customer managed kms keys")
    assert off.owner == "customer", off.to_contract()


def test_a_pinned_managed_rule_group_is_yours_to_move(answerer: Answerer) -> None:
    answer = answerer.ask("in waf we pinned AWSManagedRulesSQLiRuleSet to Version_2.0 - who moves us to newer rules?")
    assert (answer.service, answer.owner) == ("waf", "customer"), answer.to_contract()


def test_an_abstracted_service_s_own_spread_across_azs_is_aws_s(answerer: Answerer) -> None:
    """Template facet (models.yaml, abstracted): deploying SQS or API Gateway into several AZs is not yours."""
    answer = answerer.ask("do we need to deploy sqs into multiple azs ourselves for ha?")
    assert (answer.service, answer.topic, answer.owner) == ("sqs", "availability", "aws"), answer.to_contract()
    assert answerer.ask("sqs: surviving a region outage, ours?").owner == "customer"


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("rds keeps 7 days of automated backups, so we're covered for backups right?", "rds", "shared"),
    ("block public access is on for new buckets by default, so keeping our data private is aws's job now?", "s3",
     "customer"),
    ("redshift does the automated snapshots so we are good on backups?", "redshift", "shared"),
])
def test_aws_s_part_given_as_the_premise_asks_about_the_whole_job(answerer: Answerer, question: str, service: str,
                                                                  owner: str) -> None:
    """"X is done, so we're covered?": the part named is why the asker thinks so; whether the whole
    job is thereby done is what is asked, so the ruling answers, not the part."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()
    assert answer.aspect is None, answer.to_contract()


def test_the_same_part_asked_about_itself_still_leads(answerer: Answerer) -> None:
    answer = answerer.ask("rds backup retention - who decides how long backups are kept")
    assert (answer.service, answer.owner) == ("rds", "customer"), answer.to_contract()
    assert answer.aspect is not None, answer.to_contract()


@pytest.mark.parametrize("question", [
    "our auditor asked about pci - aws has its pci attestation so we're covered?",
    "aws is iso 27001 certified, so is our compliance basically handled?",
    "lambda is soc 2 in scope, so when we deploy our app there are we soc 2 compliant?",
])
def test_aws_s_certification_as_the_premise_leaves_compliance_yours(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("does kinesis keep copies of our stream's records in three azs or do we replicate shards ourselves?", "aws"),
    ("our kinesis stream runs in on-demand mode - who adds shards when throughput grows?", "aws"),
    ("kinesis stream in provisioned mode with a hot shard - who reshards it?", "customer"),
    ("kinesis: on-demand or provisioned, whose choice is the capacity mode?", "customer"),
    ("kinesis data stream, surviving a region outage - on us?", "customer"),
])
def test_kinesis_availability_by_capacity_mode(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("kinesis", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("who picks the promotion tier of each aurora reader?", "customer"),
    ("aurora: do we create the readers in other azs ourselves?", "customer"),
    ("aurora writer crashed, who promotes an existing replica?", "aws"),
    ("aurora with only a writer: if its az goes down, whose job is failover?", "customer"),
    ("our aurora global database: when the primary region is lost, who fails over to the other region?", "customer"),
])
def test_aurora_replicas_are_yours_to_create_and_rank(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("aurora", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("we will install our own hypervisor on a bare metal ec2 instance - who patches it?", "customer"),
    ("nested virtualization on ec2 metal instances: whose layer is the nested hypervisor?", "customer"),
    ("who owns the hypervisor under our ec2 instances?", "aws"),
])
def test_a_hypervisor_you_run_on_bare_metal_is_yours(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("ec2", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("aws emailed a scheduled event for our ec2 instance - retirement next week. anything to do on our end?", "shared"),
    ("ec2 instance on degraded hardware with a retirement notice: who replaces the failing host?", "aws"),
])
def test_a_scheduled_retirement_needs_you_to_move_the_instance(answerer: Answerer, question: str, owner: str) -> None:
    """AWS finds the failing host and schedules the event; stopping and starting the instance onto
    healthy hardware before the date is yours. The hardware itself stays AWS's."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("ec2", owner), answer.to_contract()


def test_a_service_s_own_code_is_aws_s(answerer: Answerer) -> None:
    answer = answerer.ask("a flaw in the dynamodb service's own code - whose to fix?")
    assert (answer.service, answer.owner) == ("dynamodb", "aws"), answer.to_contract()


def test_the_word_protection_alone_is_no_shield_advanced_setting(answerer: Answerer) -> None:
    """"DDoS protection" is the topic's own words; Shield Advanced's settings are named by its own
    ("add protections", "protection groups", "proactive engagement")."""
    free = answerer.ask("ddos protection for free - ours to set up?")
    assert (free.service, free.owner) == ("shield", "aws"), free.to_contract()
    advanced = answerer.ask("after subscribing to shield advanced, who adds protections and protection groups?")
    assert (advanced.service, advanced.owner) == ("shield", "customer"), advanced.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("is point in time recovery enabled by default on new dynamo tables?", "customer"),
    ("does aws turn on continuous backups for dynamodb tables by default?", "customer"),
    ("with pitr enabled on the table, who takes the continuous backups?", "aws"),
])
def test_a_feature_off_by_default_answers_a_question_about_the_default(answerer: Answerer, question: str,
                                                                      owner: str) -> None:
    """AWS's case holds only once the feature is on; asked whether it is on by default, the case
    that says being off is the default answers (turning it on is yours)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("dynamodb", "backup", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("cloudtrail event history - who keeps that, do we configure anything?", "aws"),
    ("cloudtrail log retention for 18 months, event history or us?", "customer"),
])
def test_a_layer_is_ruled_out_by_the_state_asked_about(answerer: Answerer, question: str, owner: str) -> None:
    """A layer's `unless`, like a facet's: Event history is AWS's, but a record kept for years is
    a trail or an event data store, yours."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("cloudtrail", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("with no cloudtrail configured, is there any record of our api calls?", "aws"),
    ("who creates the cloudtrail trail for a lasting record?", "customer"),
])
def test_whether_anything_is_recorded_without_setup_is_event_history(answerer: Answerer, question: str,
                                                                     owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("cloudtrail", "logging", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("our workspaces desktops: who keeps windows patched?", "customer"),
    ("firefox on the workspaces is out of date - who updates software we put on them?", "customer"),
    ("does refreshing our workspaces custom image with CreateUpdatedWorkspaceImage include windows patches?",
     "customer"),
    ("who updates the workspaces streaming agent?", "aws"),
])
def test_workspaces_desktops_are_yours_to_patch(answerer: Answerer, question: str, owner: str) -> None:
    """Windows Update is on by default in a maintenance window, but the desktop OS, the apps on it
    and custom images are yours; AWS updates only the WorkSpaces components it manages."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("workspaces", "patching", owner), answer.to_contract()


def test_a_master_password_managed_in_secrets_manager_is_rotated_by_aws(answerer: Answerer) -> None:
    """RDS's "Manage master credentials in AWS Secrets Manager" option: RDS creates the secret and
    it is rotated for you."""
    for question in ("our postgres on rds uses 'manage master credentials in AWS Secrets Manager' - who rotates it?",
                     "we ticked 'manage master credentials in Secrets Manager' for the db. who rotates it now?"):
        answer = answerer.ask(question)
        assert answer.owner == "aws" and answer.service in ("rds", "secretsmanager"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("CVE in a module we bundle into our lambda zip, whose to fix?", "lambda"),
    ("openssl CVE in what we ship to fargate - whose?", "fargate"),
    ("python libraries baked into our fargate task image are stale - aws's problem?", "fargate"),
])
def test_what_you_bundle_and_ship_is_yours_to_patch(answerer: Answerer, question: str, service: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("ElastiCache.1 'ElastiCache clusters should have automatic backups enabled' on the sessions cluster - whose?",
     "elasticache"),
    ("EC2.8 'EC2 instances should use IMDSv2' on the batch fleet - aws or us?", "ec2"),
])
def test_a_control_s_title_pasted_from_a_finding_is_yours_to_fix(answerer: Answerer, question: str,
                                                                 service: str) -> None:
    """Every Security Hub control's title says what "should" hold: pasted with its id, it is a finding."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, "customer"), answer.to_contract()


def test_a_cross_region_copy_of_warehouse_snapshots_is_yours(answerer: Answerer) -> None:
    answer = answerer.ask("redshift: who configures the cross-region copy of our snapshots?")
    assert (answer.service, answer.topic, answer.owner) == ("redshift", "backup", "customer"), answer.to_contract()


def test_a_host_name_of_yours_in_a_tls_question_is_your_custom_domain(answerer: Answerer) -> None:
    """A question's own host name reads as "hostname" (AWS endpoints keep their words): in a question
    about TLS it is a custom domain, whose certificate is yours."""
    answer = answerer.ask("cognito login page will live at login.example-shop.io - who provides that tls cert?")
    assert (answer.service, answer.owner) == ("cognito", "customer"), answer.to_contract()


def test_restoring_a_deleted_secret_in_its_recovery_window_is_yours(answerer: Answerer) -> None:
    answer = answerer.ask("a secrets manager secret got deleted last night - who restores it, and who set the "
                          "recovery window?")
    assert (answer.service, answer.owner) == ("secretsmanager", "customer"), answer.to_contract()


def test_an_elasticache_security_update_is_shared(answerer: Answerer) -> None:
    """Critical security updates are applied by ElastiCache in your maintenance window; the others
    are self-service updates for you to apply by their recommended date."""
    answer = answerer.ask("our node-based valkey cluster lists a security update in service updates - ours or aws's?")
    assert (answer.service, answer.owner) == ("elasticache", "shared"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("prod dynamodb table got wiped, pitr was on - who does the restore, aws?", "dynamodb"),
    ("automated backups are enabled on our rds; a bad deploy corrupted data - who starts the restore?", "rds"),
])
def test_running_a_restore_is_yours_whatever_aws_keeps(answerer: Answerer, question: str, service: str) -> None:
    """AWS keeps the backups ready; a restore is an action you start (a new resource you check and cut over to)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "backup", "customer"), answer.to_contract()
    keeping = answerer.ask({"dynamodb": "dynamodb continuous backups with pitr enabled - who takes them?",
                            "rds": "rds automated backups - who takes them?"}[service])
    assert keeping.owner == "aws", keeping.to_contract()


def test_updating_client_trust_stores_for_a_new_rds_ca_is_yours(answerer: Answerer) -> None:
    """Named beside the server certificate AWS manages, the trust stores at least show your side too."""
    answer = answerer.ask("rds ssl certificate expiring for the old ca - updating our client trust stores, ours?")
    assert (answer.service, answer.topic) == ("rds", "encryption-in-transit"), answer.to_contract()
    assert answer.owner in ("customer", "shared") and answer.owner != "aws", answer.to_contract()
    if answer.owner == "shared":
        assert any(c.owner == "customer" for c in answer.depends), answer.to_contract()


def test_putting_a_new_eks_ami_release_on_the_nodes_is_not_aws_s_alone(answerer: Answerer) -> None:
    """AWS builds the release; rolling it onto a managed node group is the node group's case (you
    start it, EKS replaces the nodes)."""
    answer = answerer.ask("eks published a new optimized ami release - who rolls it out to our managed node groups?")
    assert (answer.service, answer.owner) == ("eks", "shared"), answer.to_contract()
    assert answerer.ask("who builds the eks optimized amis?").owner == "aws"


@pytest.mark.parametrize(("question", "owner"), [
    ("traffic spikes on our lambda api - does lambda scale out on its own?", "aws"),
    ("lambda reserved concurrency and throttling at peak - ours to set?", "customer"),
])
def test_lambda_scales_out_by_itself_within_your_concurrency(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("lambda", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("dynamodb on-demand table under a traffic surge - does it scale by itself?", "aws"),
    ("dynamodb table in provisioned mode keeps throttling - who sets the read and write capacity?", "customer"),
])
def test_dynamodb_capacity_by_mode(answerer: Answerer, question: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("dynamodb", owner), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("the soc 2 audit preparation for our dynamodb usage - whose job?", "dynamodb"),
    ("who gathers audit evidence for our pci assessment of the ecs services?", "ecs"),
])
def test_preparing_your_own_audit_is_yours(answerer: Answerer, question: str, service: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "compliance", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("cloudfront: lock down the origin bucket so only the distribution reads it - ours?", "cloudfront", "customer"),
    ("aurora's self healing storage repaired a segment overnight - anything for us?", "aurora", "aws"),
])
def test_a_named_part_without_a_topic_word_is_answered_for_that_part(answerer: Answerer, question: str,
                                                                    service: str, owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner) and answer.topic is not None, answer.to_contract()


def test_cloudfront_s_free_ddos_protection_is_aws_s(answerer: Answerer) -> None:
    answer = answerer.ask("cloudfront ddos protection - do we have to pay extra for the basic kind?")
    assert (answer.service, answer.topic, answer.owner) == ("cloudfront", "ddos", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "before black friday, do we have to prewarm our nlb or does aws scale it?",
    "the alb nodes themselves - who keeps enough of them running?",
])
def test_a_load_balancer_s_own_nodes_are_scaled_by_aws(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("elb", "availability", "aws"), answer.to_contract()


def test_nodes_on_a_custom_ami_are_yours_to_patch_even_in_a_managed_node_group(answerer: Answerer) -> None:
    """AWS patches only its EKS optimized AMIs: a custom AMI, even behind a managed node group's launch
    template, is rebuilt by you."""
    answer = answerer.ask("eks: our node group runs from a launch template with our golden ami - who keeps it patched?")
    assert (answer.service, answer.owner) == ("eks", "customer"), answer.to_contract()
    assert answer.aspect is not None and "custom AMI" in answer.aspect.name, answer.to_contract()


def test_the_hsms_under_kms_keys_are_aws_s(answerer: Answerer) -> None:
    """The HSM fleet that holds key material is AWS's, asked about as the keys' protection too."""
    answer = answerer.ask("who guards the hardware security modules our kms keys are kept in?")
    assert (answer.service, answer.owner) == ("kms", "aws"), answer.to_contract()


def test_the_part_done_is_asked_not_the_part_it_is_for(answerer: Answerer) -> None:
    """"Add a reader so that it can fail over": adding the reader (yours) is asked; the failover it is
    for (AWS's, once a reader exists) is the purpose."""
    answer = answerer.ask("we add replicas to the aurora cluster so that it can fail over, who owns that")
    assert (answer.service, answer.owner) == ("aurora", "customer"), answer.to_contract()


def test_the_infrastructure_itself_is_aws_s_on_any_service(answerer: Answerer) -> None:
    """"The X infrastructure itself" is the service's own running, AWS's, whatever the topic's ruling."""
    answer = answerer.ask("is the availability of the sns infra itself something we have to engineer?")
    assert (answer.service, answer.owner) == ("sns", "aws"), answer.to_contract()
    dns = answerer.ask("the route 53 name servers themselves staying up - ours to worry about?")
    assert (dns.service, dns.owner) == ("route53", "aws"), dns.to_contract()


def test_a_cluster_said_to_be_unencrypted_predates_the_default_and_is_yours(answerer: Answerer) -> None:
    """New Aurora clusters are encrypted by default (since 18 February 2026): one the question says is
    unencrypted ("we forgot to", "= false") is an older one, yours to migrate; asking whether we forgot
    is not saying so."""
    forgot = answerer.ask("someone forgot to turn on encryption for the aurora cluster - who has to sort it?")
    assert (forgot.service, forgot.owner) == ("aurora", "customer"), forgot.to_contract()
    new = answerer.ask("are brand new aurora clusters encrypted at rest by default now?")
    assert (new.service, new.owner) == ("aurora", "aws"), new.to_contract()


def test_who_did_an_automatic_failover_asks_whose_mechanism(answerer: Answerer) -> None:
    """"The replica got promoted - who did that?" asks who runs failover (AWS, once replicas exist),
    not for an investigation of who changed something."""
    answer = answerer.ask("our redis oss primary went away overnight and a replica was promoted. who did that?")
    assert (answer.service, answer.topic, answer.owner) == ("elasticache", "availability", "aws"), \
        answer.to_contract()
    aurora = answerer.ask("aurora promoted the reader to writer by itself at 4am - who executed that?")
    assert (aurora.service, aurora.owner) == ("aurora", "aws"), aurora.to_contract()


def test_efs_made_by_infrastructure_as_code_has_no_automatic_backups(answerer: Answerer) -> None:
    """Automatic EFS backups are on for console-created file systems only: one made by CloudFormation
    or Terraform has them off, and turning them on is yours."""
    answer = answerer.ask("our efs comes from a cloudformation stack - do its automatic backups just happen?")
    assert (answer.service, answer.owner) == ("efs", "customer"), answer.to_contract()


def test_the_image_a_fargate_task_runs_is_yours(answerer: Answerer) -> None:
    answer = answerer.ask("scanner found a glibc cve in the task image our fargate service runs - who patches it?")
    assert (answer.service, answer.owner) == ("fargate", "customer"), answer.to_contract()


def test_who_changed_a_part_only_aws_changes_is_aws(answerer: Answerer) -> None:
    """"Who changed it" about an AWS managed policy: AWS updates those; who changed our own resources
    stays an investigation of yours."""
    answer = answerer.ask("our auditors noticed the aws managed policy ViewOnlyAccess gained actions - who changed it?")
    assert (answer.service, answer.owner) == ("iam", "aws"), answer.to_contract()
    ours = answerer.ask("who terminated our instances overnight? three are gone")
    assert (ours.topic, ours.owner) == ("incident-response", "customer"), ours.to_contract()


def test_a_key_we_enabled_rotation_on_rotates_itself(answerer: Answerer) -> None:
    on = answerer.ask("we enabled automatic rotation on our cmk last quarter - do we still rotate it by hand?")
    assert (on.service, on.owner) == ("kms", "aws"), on.to_contract()
    off = answerer.ask("aws_kms_key.orders has enable_key_rotation = false - who rotates it?")
    assert (off.service, off.owner) == ("kms", "customer"), off.to_contract()


def test_a_guardduty_agent_installed_by_hand_is_yours_to_update(answerer: Answerer) -> None:
    manual = answerer.ask("guardduty says the security agent on our eks nodes is outdated; we set it up manually.")
    assert (manual.service, manual.owner) == ("guardduty", "customer"), manual.to_contract()
    auto = answerer.ask("guardduty runtime monitoring, automated agent configuration on - who keeps the agent updated?")
    assert (auto.service, auto.owner) == ("guardduty", "aws"), auto.to_contract()


def test_cognito_keeps_only_password_hashes(answerer: Answerer) -> None:
    """Cognito stores a salted hash of each user's password, never the password: AWS's."""
    answer = answerer.ask("cognito: are the passwords stored in plaintext anywhere we have to protect?")
    assert (answer.service, answer.topic, answer.owner) == ("cognito", "encryption-at-rest", "aws"), \
        answer.to_contract()


def test_narrowing_an_aws_managed_policy_is_yours(answerer: Answerer) -> None:
    """AWS writes AWS managed policies; that one is too broad for a role and must be replaced is yours."""
    answer = answerer.ask("the aws managed policies on our deploy role are too broad - who tightens that?")
    assert (answer.service, answer.owner) == ("iam", "customer"), answer.to_contract()


def test_guardduty_s_lists_of_malicious_ips_are_aws_s(answerer: Answerer) -> None:
    answer = answerer.ask("guardduty's malicious ip lists - who keeps them up to date?")
    assert (answer.service, answer.owner) == ("guardduty", "aws"), answer.to_contract()


def test_ec2_basic_metrics_are_aws_s_and_memory_metrics_yours(answerer: Answerer) -> None:
    basic = answerer.ask("the default cpu and network metrics of our ec2 instances - who publishes them?")
    assert (basic.service, basic.owner) == ("ec2", "aws"), basic.to_contract()
    inside = answerer.ask("memory metrics from our ec2 instances - who collects those?")
    assert (inside.service, inside.owner) == ("ec2", "customer"), inside.to_contract()


def test_a_service_s_basic_metrics_arrive_by_themselves(answerer: Answerer) -> None:
    """Every AWS service sends its default metrics to CloudWatch: nothing to install, AWS's."""
    answer = answerer.ask("dynamodb: do we have to set anything up to get the basic metrics into cloudwatch?")
    assert (answer.service, answer.owner) == ("dynamodb", "aws"), answer.to_contract()


def test_rds_custom_for_oracle_is_patched_from_your_own_engine_versions(answerer: Answerer) -> None:
    """RDS Custom for Oracle builds each engine version from your own installation files: patching is
    yours. For SQL Server, License Included versions come from AWS: shared."""
    oracle = answerer.ask("who applies the quarterly oracle release update on an rds custom oracle db")
    assert (oracle.service, oracle.topic, oracle.owner) == ("rds", "patching", "customer"), oracle.to_contract()
    sql = answerer.ask("rds custom for sql server - whose job are the windows and sql server patches")
    assert (sql.service, sql.owner) == ("rds", "shared"), sql.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("the config recorder that security hub set up as a service-linked recorder: can we change what it records?",
     "config", "aws"),
    ("execution logging is enabled on prod stage - does api gateway make the execution log group itself?",
     "apigateway", "aws"),
    ("is the billing metric something aws publishes into cloudwatch or do we have to send it", "cloudwatch", "aws"),
])
def test_what_a_service_makes_for_you_once_turned_on_is_aws(answerer: Answerer, question: str, service: str,
                                                            owner: str) -> None:
    """A recorder another service links to itself, the log group API Gateway creates, the billing
    metric AWS publishes: made and run by AWS once you turn the feature on."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()
    assert answer.aspect is not None, answer.to_contract()


def test_the_alarm_on_the_billing_metric_stays_yours(answerer: Answerer) -> None:
    """AWS publishes the EstimatedCharges metric; with an alarm named, the alarm on it is what is asked."""
    alarm = answerer.ask("who creates the alarm on the billing metric in us-east-1")
    assert (alarm.service, alarm.owner) == ("cloudwatch", "customer"), alarm.to_contract()


def test_redshift_applies_the_versions_of_the_track_you_chose(answerer: Answerer) -> None:
    """The track a cluster is on is a premise: Redshift installs its cluster versions. Choosing the
    track is yours."""
    applied = answerer.ask("our redshift cluster sits on the trailing track - who installs new cluster versions")
    assert (applied.service, applied.owner) == ("redshift", "aws"), applied.to_contract()
    chosen = answerer.ask("who chooses the maintenance track for our redshift cluster")
    assert (chosen.service, chosen.owner) == ("redshift", "customer"), chosen.to_contract()


@pytest.mark.parametrize("question", [
    "our java services cached the dns of the old aurora writer for ages after the failover - whose problem is that",
    "the rds primary moved to the standby but the app needed a restart to reconnect. on us?",
])
def test_reconnecting_after_a_failover_is_the_applications(answerer: Answerer, question: str) -> None:
    """AWS fails over and moves the endpoint's DNS; re-establishing connections (and not caching DNS
    for long) is the application's, so AWS alone never owns that question."""
    answer = answerer.ask(question)
    assert answer.topic == "availability" and answer.owner in ("customer", "shared"), answer.to_contract()


def test_an_acm_certificate_already_on_a_listener_is_renewed_by_acm(answerer: Answerer) -> None:
    """"The ACM cert attached to our NLB": being attached is a premise, not a sign it was imported."""
    answer = answerer.ask("the dns-validated acm certificate attached to our nlb's tls listener - who renews it")
    assert (answer.service, answer.owner) == ("elb", "aws"), answer.to_contract()
    attaching = answerer.ask("who attaches the acm certificate to the nlb listener")
    assert attaching.owner == "customer", attaching.to_contract()
    edge = answerer.ask("the acm certificate attached to our cloudfront distribution - who renews it")
    assert (edge.service, edge.owner) == ("cloudfront", "aws"), edge.to_contract()


def test_api_gateways_account_level_throttle_is_aws(answerer: Answerer) -> None:
    """API Gateway's own per-account, per-Region limit is AWS's (raise it by request); the stage,
    method and usage plan throttles are yours."""
    account = answerer.ask("the account level rate limit on api gateway in eu-west-1 - is that ours to set?")
    assert (account.service, account.owner) == ("apigateway", "aws"), account.to_contract()
    stage = answerer.ask("who sets the throttling on our api gateway stages")
    assert (stage.service, stage.owner) == ("apigateway", "customer"), stage.to_contract()


def test_aws_personnel_cannot_read_kms_keys(answerer: Answerer) -> None:
    """No mechanism exports a plaintext KMS key and HSM administration needs a quorum of Amazon
    employees: whether AWS staff can read the keys is AWS's to guarantee."""
    answer = answerer.ask("is there any way aws employees get at the plaintext keys inside kms?")
    assert (answer.service, answer.owner) == ("kms", "aws"), answer.to_contract()
    assert answer.aspect is not None and "personnel" in answer.aspect.name, answer.to_contract()


def test_a_service_linked_role_is_defined_by_its_service(answerer: Answerer) -> None:
    """On every service, a service-linked role's permissions are the linked service's to define."""
    answer = answerer.ask("who can edit the permissions of the service-linked role elasticache uses")
    assert (answer.service, answer.owner) == ("elasticache", "aws"), answer.to_contract()


def test_a_log_group_with_no_kms_key_is_still_encrypted_by_aws(answerer: Answerer) -> None:
    answer = answerer.ask("the api's cloudwatch log group has no kms key - is it encrypted at rest, and by who")
    assert (answer.service, answer.owner) == ("cloudwatch", "aws"), answer.to_contract()


def test_a_lambda_runtime_set_to_auto_is_patched_by_aws(answerer: Answerer) -> None:
    answer = answerer.ask("our node 20 functions have runtime management set to auto - who rolls out runtime fixes")
    assert (answer.service, answer.owner) == ("lambda", "aws"), answer.to_contract()


def test_aurora_serverless_v2_scales_itself_within_your_range(answerer: Answerer) -> None:
    """Aurora scales a Serverless v2 instance between the ACUs you set: the scaling is AWS's."""
    answer = answerer.ask("our aurora cluster is on serverless v2, 2 to 32 acus - when load jumps who adds capacity")
    assert (answer.service, answer.topic, answer.owner) == ("aurora", "availability", "aws"), answer.to_contract()


def test_sqs_deletes_messages_past_their_retention(answerer: Answerer) -> None:
    """Setting the retention period is yours; deleting what outlives it is SQS's."""
    answer = answerer.ask("who deletes the messages in our sqs queue once they pass the retention period")
    assert (answer.service, answer.owner) == ("sqs", "aws"), answer.to_contract()
    consumed = answerer.ask("who deletes messages from the queue once our worker has handled them")
    assert (consumed.service, consumed.owner) == ("sqs", "customer"), consumed.to_contract()


def test_route53_fails_over_by_itself_once_health_checks_are_set_up(answerer: Answerer) -> None:
    """Creating failover records and health checks is yours; once they are set up, answering with the
    secondary when the primary is unhealthy is Route 53's."""
    done = answerer.ask("health checks and failover records are set up in route 53 - if the primary dies who flips "
                        "dns to the secondary")
    assert (done.service, done.owner) == ("route53", "aws"), done.to_contract()
    setup = answerer.ask("who sets up route 53 failover routing and health checks for our dr site")
    assert (setup.service, setup.owner) == ("route53", "customer"), setup.to_contract()


def test_the_srt_reaches_out_once_proactive_engagement_is_on(answerer: Answerer) -> None:
    on = answerer.ask("proactive engagement is on for our shield advanced protections. mid-ddos, does the srt reach "
                      "out to us or do we call them")
    assert (on.service, on.owner) == ("shield", "aws"), on.to_contract()
    setup = answerer.ask("who enables proactive engagement for shield advanced and keeps the emergency contacts "
                         "current")
    assert (setup.service, setup.owner) == ("shield", "customer"), setup.to_contract()


def test_with_automatic_mitigation_on_the_rules_are_not_only_yours(answerer: Answerer) -> None:
    """Shield Advanced writes the mitigating WAF rules itself once automatic application layer mitigation
    is on: the answer says so instead of handing the rules back to you."""
    answer = answerer.ask("shield advanced: automatic application layer mitigation is turned on. during an l7 attack "
                          "who creates the blocking rules")
    assert answer.service == "shield" and answer.owner in ("aws", "shared"), answer.to_contract()


def test_replicated_secrets_are_kept_in_sync_by_aws(answerer: Answerer) -> None:
    """Turning replication on is yours; once a secret is replicated, keeping replicas in sync is AWS's."""
    synced = answerer.ask("our db secret is replicated to eu-west-1 already - after rotation who keeps that copy "
                          "in sync")
    assert (synced.service, synced.owner) == ("secretsmanager", "aws"), synced.to_contract()
    setup = answerer.ask("who sets up replication of our secrets manager secrets to a second region")
    assert (setup.service, setup.owner) == ("secretsmanager", "customer"), setup.to_contract()


def test_an_aurora_cluster_with_zero_readers_has_nothing_to_fail_over_to(answerer: Answerer) -> None:
    answer = answerer.ask("our aurora mysql has zero readers. if the writer instance crashes, whose problem is the "
                          "outage")
    assert (answer.service, answer.topic, answer.owner) == ("aurora", "availability", "customer"), answer.to_contract()


def test_ec2_recovers_a_supported_instance_by_itself(answerer: Answerer) -> None:
    """Simplified automatic recovery (on by default on supported types) moves the instance to healthy
    hardware when its host fails; surviving an AZ failure stays yours."""
    recovered = answerer.ask("automatic recovery is on for our m6i app servers; when the host fails who gets the "
                             "instance running again")
    assert (recovered.service, recovered.owner) == ("ec2", "aws"), recovered.to_contract()
    az = answerer.ask("our ec2 web tier sits in a single az - if that az has an outage whose problem is it")
    assert (az.service, az.owner) == ("ec2", "customer"), az.to_contract()


def test_a_regional_nat_gateway_spreads_across_azs_by_itself(answerer: Answerer) -> None:
    """A regional NAT gateway expands across the AZs with workloads (AWS's); a zonal one serves its AZ only."""
    regional = answerer.ask("we switched to a regional nat gateway - if an az fails who keeps outbound traffic "
                            "working for the other azs")
    assert (regional.service, regional.owner) == ("vpc", "aws"), regional.to_contract()
    zonal = answerer.ask("one zonal nat gateway serves all three azs - if its az fails whose problem is egress")
    assert (zonal.service, zonal.owner) == ("vpc", "customer"), zonal.to_contract()


def test_a_lambda_runtime_no_longer_supported_is_yours_to_move_off(answerer: Answerer) -> None:
    """An unsupported (deprecated) runtime gets no patches whatever the update mode: moving is yours,
    not the managed runtime AWS patches."""
    answer = answerer.ask("security hub says our python 3.8 functions are on an unsupported runtime - doesn't aws "
                          "patch the lambda runtime?")
    assert (answer.service, answer.owner) == ("lambda", "customer"), answer.to_contract()


def test_runc_is_part_of_the_container_runtime_its_host_owner_patches(answerer: Answerer) -> None:
    """runc sits under containerd: AWS's on Fargate, yours on container instances you run."""
    fargate = answerer.ask("runc escape cve - our tasks are on fargate, who updates runc")
    assert (fargate.service, fargate.owner) == ("fargate", "aws"), fargate.to_contract()
    ecs = answerer.ask("runc on our self managed ecs container instances needs the fix, who")
    assert (ecs.service, ecs.owner) == ("ecs", "customer"), ecs.to_contract()


def test_how_many_days_backups_are_kept_is_the_retention_you_set(answerer: Answerer) -> None:
    """"How many days" of automated backups is the retention period: yours, though AWS takes them."""
    aurora = answerer.ask("how many days of automated aurora backups do we get, aws or us")
    assert (aurora.service, aurora.topic, aurora.owner) == ("aurora", "backup", "customer"), aurora.to_contract()
    redshift = answerer.ask("redshift automated snapshots: how long are they around and who picks that")
    assert (redshift.service, redshift.owner) == ("redshift", "customer"), redshift.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("does our valkey cluster survive an az failure on its own or do we opt into multi-az", "elasticache"),
    ("az failure on our postgres rds: handled for us, or do we need to pick multi-az first", "rds"),
])
def test_opting_into_multi_az_is_your_choice_before_aws_fails_over(answerer: Answerer, question: str,
                                                                   service: str) -> None:
    """AWS fails over a Multi-AZ deployment; opting into one (picking it) is yours."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "availability", "customer"), answer.to_contract()


@pytest.mark.parametrize("premise", ["we opted into multi-az", "we picked multi-az", "we enabled multi-az"])
def test_multi_az_said_to_be_chosen_leaves_the_failover_to_aws(answerer: Answerer, premise: str) -> None:
    """Said as done (a premise), choosing Multi-AZ is not what is asked: the failover is, AWS's."""
    answer = answerer.ask(f"{premise} on the rds instance - when the az dies who does the failover")
    assert (answer.service, answer.owner) == ("rds", "aws"), answer.to_contract()


def test_node_to_node_traffic_of_distributed_training_is_yours_to_encrypt(answerer: Answerer) -> None:
    """Inter-container traffic encryption is off unless the job turns it on."""
    answer = answerer.ask("our sagemaker distributed training - is the node to node traffic encrypted for us")
    assert (answer.service, answer.topic, answer.owner) == (
        "sagemaker", "encryption-in-transit", "customer"), answer.to_contract()


def test_os_packages_in_a_lambda_image_are_not_answered_as_the_execution_environment(answerer: Answerer) -> None:
    """AWS patches the OS under every function, but not the OS packages inside a container image:
    "the os in our image" must not be answered as AWS's alone."""
    answer = answerer.ask("our lambdas ship as an image - who patches the os packages in that image")
    assert answer.service == "lambda" and answer.owner in ("shared", "customer"), answer.to_contract()


def test_etcd_is_awss_but_your_kubernetes_objects_are_yours_to_back_up(answerer: Answerer) -> None:
    """EKS runs etcd durably and out of reach; restoring objects you deleted needs your own backup."""
    etcd = answerer.ask("does aws back up the eks etcd database or do we")
    assert (etcd.service, etcd.owner) == ("eks", "aws"), etcd.to_contract()
    objects = answerer.ask("a namespace got deleted - who should have backed up the kubernetes objects on eks")
    assert (objects.service, objects.owner) == ("eks", "customer"), objects.to_contract()


def test_backing_up_an_efs_file_system_is_yours(answerer: Answerer) -> None:
    """The console's default AWS Backup plan is a plan on your account: backing up a file system is yours."""
    answer = answerer.ask("our efs file system - is backing it up aws's job?")
    assert (answer.service, answer.topic, answer.owner) == ("efs", "backup", "customer"), answer.to_contract()


def test_a_pasted_service_linked_role_name_is_the_service_linked_role_case(answerer: Answerer) -> None:
    """"AWSServiceRoleForElastiCache" pasted as is (split into words like any API name) is a service-linked
    role: its permissions are AWS's."""
    answer = answerer.ask("AWSServiceRoleForElastiCache has broad permissions - who decides what is in it?")
    assert answer.owner == "aws", answer.to_contract()


def test_by_default_alone_does_not_name_a_default_encryption_case(answerer: Answerer) -> None:
    """"On by default" says a setting's default, whatever setting: only "encrypted by default" names the
    default-encryption case, so root access on by default is not answered as AWS's encryption too."""
    root = answerer.ask("root access is on by default on our sagemaker notebook instances - who turns it off")
    assert (root.service, root.owner) == ("sagemaker", "customer"), root.to_contract()
    encrypted = answerer.ask("is our new aurora cluster encrypted by default")
    assert (encrypted.service, encrypted.owner) == ("aurora", "aws"), encrypted.to_contract()


def test_a_resource_that_dates_back_to_a_year_is_dated(answerer: Answerer) -> None:
    """"Our buckets go back to 2019": objects from then predate S3's default encryption, and are yours to
    re-encrypt."""
    answer = answerer.ask("our log buckets go back to 2019 - are the objects written then encrypted at rest now?")
    assert (answer.service, answer.owner) == ("s3", "customer"), answer.to_contract()


def test_a_default_turned_off_is_yours(answerer: Answerer) -> None:
    """A protection AWS turns on by default, turned off by someone: the case for it being off, yours."""
    answer = answerer.ask("block public access is on for new buckets - if a dev turns it off and data leaks, "
                          "who is accountable")
    assert (answer.service, answer.owner) == ("s3", "customer"), answer.to_contract()


def test_what_the_srt_does_is_asked_beyond_the_subscription_premise(answerer: Answerer) -> None:
    """"We have Shield Advanced - does the SRT handle the attack?": what the SRT does is asked (shared: it helps
    once you grant access and engage it); subscribing, asked as such, stays yours."""
    srt = answerer.ask("we have shield advanced now. during a flood does the srt handle the mitigation for us?")
    assert (srt.service, srt.owner) == ("shield", "shared"), srt.to_contract()
    subscribing = answerer.ask("who subscribes to shield advanced for the prod account")
    assert (subscribing.service, subscribing.owner) == ("shield", "customer"), subscribing.to_contract()


def test_the_track_a_redshift_cluster_is_on_is_a_premise(answerer: Answerer) -> None:
    """"Our cluster is on the trailing maintenance track": a premise; who applies the patches is AWS."""
    premise = answerer.ask("our redshift cluster shows maintenance track trailing - who applies the patches")
    assert (premise.service, premise.owner) == ("redshift", "aws"), premise.to_contract()
    choice = answerer.ask("trailing vs current for our redshift cluster - whose choice is that")
    assert (choice.service, choice.owner) == ("redshift", "customer"), choice.to_contract()


def test_our_app_alone_does_not_name_the_compliance_case(answerer: Answerer) -> None:
    """"Our app" says whose workload, not that compliance is asked: on a service's default ruling it had led
    to "your workload's own compliance" (yours) for a question about AWS's storage."""
    answer = answerer.ask("the cognito user pool behind our app - is it replicated across azs by aws")
    assert (answer.service, answer.owner) == ("cognito", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("new s3 buckets ship with block public access by default - if a contractor flipped it off on one, "
     "who is accountable", "s3"),
    ("sqs sse is on by default now, who is on the hook if someone is switching it off", "sqs"),
])
def test_a_default_someone_switched_off_is_yours(answerer: Answerer, question: str, service: str) -> None:
    """"Flipped it off", "switching it off": the default is AWS's, the setting once someone turns it off is
    yours, whichever verb says so."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("who picks sse-sqs vs our own kms key for the orders queue", "sqs"),
    ("secrets manager: who decides aws/secretsmanager versus our own cmk", "secretsmanager"),
])
def test_choosing_between_two_keys_is_yours(answerer: Answerer, question: str, service: str) -> None:
    """"Who picks A vs B" asks for the choice, which is yours, not for the split of the two."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "encryption-at-rest", "customer"), \
        answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("aurora postgres: auto minor version upgrade, is that a setting we own or does aws just handle it", "aurora"),
    ("who gets to decide whether auto minor version upgrade stays enabled on our mysql rds db", "rds"),
])
def test_the_auto_upgrade_switch_is_yours(answerer: Answerer, question: str, service: str) -> None:
    """With auto minor version upgrade on, AWS applies minor versions; whether it is on is a setting you own."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, "customer"), answer.to_contract()
    on = answerer.ask(f"with auto minor version upgrade on, who applies minor versions on {service}")
    assert on.owner == "aws", on.to_contract()


def test_options_that_are_owners_answer_the_stem(answerer: Answerer) -> None:
    """"Who encrypts X? A) AWS B) The customer C) Both": the options are the possible owners, not parts to
    answer one by one; the stem is the question and the verdict names its option."""
    answer = answerer.ask("Exam prep: on Amazon SQS, who writes the key policy of the customer managed key used for "
                          "SSE-KMS? A. The customer B. AWS C. Both, jointly D. Neither")
    assert answer.options is None and (answer.service, answer.owner) == ("sqs", "customer"), answer.to_contract()
    assert answer.headline.startswith("A) "), answer.headline
    parts = answerer.ask("Which does AWS own? A) AWS CloudTrail log file integrity B) the hypervisor C) our IAM users")
    assert parts.options is not None, parts.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("documentdb - who patches the underlying operating system", "docdb"),
    ("on opensearch who patches the underlying operating system", "opensearch"),
])
def test_patching_the_operating_system_is_patching(answerer: Answerer, question: str, service: str) -> None:
    """"Patches the operating system" is patching (not configuring the OS), and "operating system" names
    the parts said "os" ("underlying os")."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "patching", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("are dynamodb tables encrypted at rest if we didn't attach a customer managed key", "dynamodb"),
    ("is a secret in secrets manager encrypted at rest if we don't pick our own kms key", "secretsmanager"),
    ("are the log groups encrypted at rest already, or do we need to add a customer managed key", "cloudwatch"),
])
def test_a_key_not_chosen_leaves_the_default(answerer: Answerer, question: str, service: str) -> None:
    """"If we don't attach a key", "already, or do we need to add a key": the key is the alternative not
    taken (or in question); what happens without it, the default, is asked."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "encryption-at-rest", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "is our nlb protected from ddos out of the box, or do we need to set something up",
    "api gateway: any ddos protection built in or is that all us",
])
def test_ddos_protection_without_doing_anything_is_shield_standard(answerer: Answerer, question: str) -> None:
    """What a service gets against DDoS with nothing set up is Shield Standard: AWS's."""
    assert answerer.ask(question).owner == "aws", answerer.ask(question).to_contract()


def test_what_is_left_after_aws_s_part_is_the_whole_job(answerer: Answerer) -> None:
    """"RDS takes automated backups, but what else is left for us": AWS's part is the premise, the rest is asked;
    "is node patching still on us" still asks about the part."""
    rest = answerer.ask("rds takes automated backups, but what else is left for us on backups")
    assert (rest.service, rest.owner) == ("rds", "shared"), rest.to_contract()
    part = answerer.ask("we're on eks auto mode now - is node patching still on us")
    assert part.owner == "aws", part.to_contract()


@pytest.mark.parametrize("question", [
    "if a drive failure hits the storage behind our ebs volume, who covers that",
    "ebs: a single disk dies under the volume - whose job is it that we don't lose data",
])
def test_a_disk_failing_under_an_ebs_volume_is_aws_s_replication(answerer: Answerer, question: str) -> None:
    """A disk failing under a volume is what EBS's replication inside the AZ is for: AWS's, unlike the volume as
    a whole (which your snapshots make durable)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("ebs", "durability", "aws"), answer.to_contract()


def test_aws_own_hostnames_keep_their_words(answerer: Answerer) -> None:
    """"d1234.cloudfront.net", "x.auth.us-east-1.amazoncognito.com" are AWS's endpoints: they say which service
    and which part (the default domain, whose certificate AWS supplies), unlike a company's own hostname."""
    cdn = answerer.ask("we serve from dxyz987.cloudfront.net only, who renews the tls certificate on it")
    assert (cdn.service, cdn.owner) == ("cloudfront", "aws"), cdn.to_contract()
    login = answerer.ask("who handles the tls cert on our myapp.auth.us-east-1.amazoncognito.com login page")
    assert (login.service, login.owner) == ("cognito", "aws"), login.to_contract()


@pytest.mark.parametrize("question", [
    "we must retain api activity for 400 days - who configures that",
    "who looks through the api activity when something weird happens in the account",
])
def test_api_activity_is_cloudtrail_s(answerer: Answerer, question: str) -> None:
    """API activity is what CloudTrail records: named alone, it says which service."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == ("cloudtrail", "customer"), answer.to_contract()


@pytest.mark.parametrize("question", ["rds maintenance window, ours?", "aurora maintanence window - who chooses it"])
def test_the_maintenance_window_is_yours_however_it_is_spelled(answerer: Answerer, question: str) -> None:
    assert answerer.ask(question).owner == "customer", answerer.ask(question).to_contract()


def test_a_window_said_as_when_is_not_the_choice_of_it(answerer: Answerer) -> None:
    """"Are OS updates applied in the maintenance window by aws": the window says when AWS acts; choosing it
    (yours) is not what is asked."""
    answer = answerer.ask("aurora: are os updates applied in the maintenance window by aws")
    assert (answer.service, answer.owner) == ("aurora", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "topic"), [
    ("who looks after the hsms kms uses", "kms", "physical"),
    ("who looks after route 53's name servers", "route53", "availability"),
])
def test_a_layer_named_alone_is_filed_under_what_it_is(answerer: Answerer, question: str, service: str,
                                                        topic: str) -> None:
    """HSMs are hardware (physical security); a DNS service's name servers are its availability: with no topic
    word, the layer's first topic says what is asked of it."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, "aws"), answer.to_contract()


def test_an_index_without_replicas_is_yours_to_lose(answerer: Answerer) -> None:
    """OpenSearch replaces a failed node, but with no replica shards the data on it is gone: the replicas are
    yours (not the model's "AWS replicates the storage")."""
    answer = answerer.ask("opensearch durability: with number_of_replicas at 0, who answers for data lost when a "
                          "node dies")
    assert (answer.service, answer.owner) == ("opensearch", "customer"), answer.to_contract()
    whole = answerer.ask("is data in our opensearch indices durable if a node is lost")
    assert whole.owner == "shared", whole.to_contract()


def test_the_failover_itself_is_aws_s_once_multi_az_is_on(answerer: Answerer) -> None:
    """With a standby deployed, detecting the failure and promoting the standby is the service's (AWS's), even
    when the question names no service; choosing Multi-AZ stays yours."""
    answer = answerer.ask("we run multi-az - when the primary dies, who promotes the standby")
    assert (answer.topic, answer.owner) == ("availability", "aws"), answer.to_contract()
    choice = answerer.ask("who decides whether our rds database runs multi-az at all")
    assert choice.owner == "customer", choice.to_contract()


def test_a_part_of_another_owner_is_not_what_a_layer_question_asks(answerer: Answerer) -> None:
    """"In eks auto mode are we still on the hook for the pods and container images we deploy": the images
    (yours) are asked; auto mode's nodes (AWS's) are only the premise."""
    answer = answerer.ask("running eks auto mode now: are the pods and container images we ship still on us")
    assert (answer.service, answer.owner) == ("eks", "customer"), answer.to_contract()


def test_ebs_durability_is_aws_s_but_a_lost_volume_is_yours_to_plan_for(answerer: Answerer) -> None:
    """AWS replicates a volume inside its AZ (the durability of the storage); a whole volume can still be lost at
    the annual failure rate, and the snapshots that cover that are yours."""
    whole = answerer.ask("ebs durability - whose responsibility is that")
    assert (whole.service, whole.topic, whole.owner) == ("ebs", "durability", "aws"), whole.to_contract()
    lost = answerer.ask("ebs has an annual failure rate - if we lose the volume, whose problem is the data")
    assert (lost.service, lost.owner) == ("ebs", "customer"), lost.to_contract()


def test_an_incident_at_an_aws_facility_is_aws_s(answerer: Answerer) -> None:
    """Responding to incidents in your account is yours; one in AWS's own facilities is AWS's."""
    answer = answerer.ask("who investigates an intrusion at an aws facility")
    assert answer.owner == "aws", answer.to_contract()


@pytest.mark.parametrize("question", [
    "is our dynamodb table gdpr compliant now that aws signed the dpa",
    "since aws has a pci aoc, are our lambda functions pci compliant automatically",
])
def test_what_is_asked_to_be_compliant_is_yours(answerer: Answerer, question: str) -> None:
    """"Is our table compliant since AWS signed X": AWS's papers are the premise; your workload's compliance is
    asked, and it is yours."""
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


def test_the_fargate_platform_version_is_chosen_by_you_and_patched_by_aws(answerer: Answerer) -> None:
    picked = answerer.ask("fargate: which platform version our service pins - whose decision")
    assert (picked.service, picked.owner) == ("fargate", "customer"), picked.to_contract()
    patched = answerer.ask("who patches the fargate platform version")
    assert patched.owner == "aws", patched.to_contract()


def test_the_instances_under_a_sagemaker_endpoint_are_aws_s(answerer: Answerer) -> None:
    answer = answerer.ask("our sagemaker real-time endpoint: who keeps the hosting instances patched")
    assert (answer.service, answer.owner) == ("sagemaker", "aws"), answer.to_contract()


def test_a_toggle_is_a_setting(answerer: Answerer) -> None:
    """"The auto minor version upgrade toggle" is the setting (yours), whichever word names it."""
    answer = answerer.ask("aurora: the auto minor version upgrade toggle - ours to flip or aws's?")
    assert (answer.service, answer.owner) == ("aurora", "customer"), answer.to_contract()
