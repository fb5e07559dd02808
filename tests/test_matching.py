"""How questions are cleaned and matched: Slack markup, typos, honest refusals."""

from __future__ import annotations

import operator
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import Answerer, clean_text
from bot.answering.matcher import Signals, stem
from bot.answering.parts import PartWords
from bot.knowledge import OWNERS, KnowledgeBase


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("<@U012ABC> who patches rds", "who patches rds"),
        ("see <#C0123|incident-42> now", "see now"),
        ("<!channel> <!here> rds?", "rds?"),
        ("docs <https://docs.aws.amazon.com/x|the rds guide>", "docs the rds guide"),
        ("bare <https://console.aws.amazon.com/ec2>", "bare"),
        ("x https://example.com/a?b=1 y", "x y"),
        ("A &amp; B &lt;tag&gt;", "a & b <tag>"),
        ("err:\n```Traceback (most recent call last):\n  File s3.py```\nwho owns it",
         "err: traceback (most recent call last): file s3.py who owns it"),
        (":rotating_light: prod down", "prod down"),
        ("dnssec for api.example.com", "dnssec for hostname"),  # a name, not an "example" request
        ("nat gw cost $3k, then €40,000 and 250k usd", "nat gw cost dollars , then dollars and dollars"),  # money
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("who pathces rds", "rds/patching"),
        ("lamda runtime updates", "lambda/patching"),
        ("dynamdb encrypted at rest?", "dynamodb/encryption-at-rest"),
        ("elasticach redis tls", "elasticache/encryption-in-transit"),
        ("<@U0BOT> prod bucket went public, is that on us?", "s3/access-control"),
        ("what do i own on fargate", "fargate"),
        ("encrypt our s3 bucket with kms", "s3/encryption-at-rest"),
        ("who rotates kms keys", "kms/encryption-at-rest"),
    ],
)
def test_typos_and_phrasing(answerer: Answerer, question: str, entry: str) -> None:
    answer = answerer.ask(question)
    assert answer.matched and answer.entry == entry


def test_general_iam_is_not_the_iam_service(answerer: Answerer) -> None:
    answer = answerer.ask("who is responsible for iam in general")
    assert answer.matched and answer.service is None and answer.topic == "iam"


def test_second_service_is_offered_as_alternative(answerer: Answerer) -> None:
    answer = answerer.ask("who patches ec2 and ecs hosts")
    assert answer.matched
    assert {a.service for a in answer.alternatives} & {"ec2", "ecs"}


def test_near_miss_offers_did_you_mean(answerer: Answerer) -> None:
    """"lamdba" is too far from "lambda" (ratio 83) to answer, close enough to offer."""
    answer = answerer.ask("who patches lamdba")
    assert not answer.matched and answer.owner is None
    assert [(a.service, a.topic) for a in answer.alternatives] == [("lambda", "patching")]


def test_a_close_typo_is_answered(answerer: Answerer) -> None:
    answer = answerer.ask("who patches lambada")
    assert answer.matched and answer.entry == "lambda/patching"


@pytest.mark.parametrize("question", ["", "   ", "?", "a" * 40_000, "🔥" * 500, "\x00\x07\x1b[31m",
                                      "```" + "x" * 10_000])
def test_odd_input_is_refused_not_crashed(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched and answer.owner is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_a_contract_shaped_answer(answerer: Answerer, text: str) -> None:
    result = answerer.ask(text).to_contract()
    assert list(result) == ["question", "matched", "confidence", "service", "topic", "owner", "summary",
                            "aws", "customer", "sources", "entry", "alternatives", "ruling_owner", "aspect",
                            "headline", "conditions", "layers", "verified", "options"]
    assert 0.0 <= result["confidence"] <= 1.0
    if result["matched"]:
        assert result["owner"] in OWNERS and result["sources"]
        assert result["headline"] and result["verified"] and result["ruling_owner"] in OWNERS
    else:
        assert result["owner"] is None and result["aspect"] is None


def test_no_two_phrases_of_different_meaning_read_the_same_once_stemmed(kb: KnowledgeBase) -> None:
    """Stemming merges "patches" and "patching"; it must not merge words that mean different
    things in the knowledge base ("certificate" and "certification", "container" and "contain")."""
    from collections import defaultdict

    from bot.answering.matcher import stem_phrase

    meanings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for service in kb.services.values():
        for phrase in (service.id, *service.aliases, *service.hints):
            meanings[stem_phrase(phrase)][phrase].add(service.id)
    for topic in kb.topics.values():
        for phrase in (*topic.strong, *topic.weak):
            meanings[stem_phrase(phrase)][phrase].add(topic.id)
    for general in kb.general:
        for phrase in general.keywords:
            meanings[stem_phrase(phrase)][phrase].add(general.ruling.topic or general.ruling.entry)
    clashes = {}
    for key, by_phrase in meanings.items():
        sets = list(by_phrase.values())
        if any(not (a <= b or b <= a) for a in sets for b in sets):
            clashes[key] = {phrase: sorted(ids) for phrase, ids in by_phrase.items()}
    assert not clashes, clashes


# -- naming a part: how a facet's or layer's phrase is found in a question -------------------------

def _signals(answerer: Answerer, question: str) -> Signals:
    return answerer.index.scan(question)


@pytest.mark.parametrize(("question", "phrase", "named"), [
    ("who adds the replicas in other azs", "add replicas", True),  # articles are left out
    ("who creates a trail for a year of logs", "create trail", True),
    ("lightsail managed mysql database, who patches it", "managed database", True),  # one word inside
    ("a managed big mysql database", "managed database", False),  # two words inside: no
    ("the database is managed", "managed database", False),  # order matters
    ("our own key", "own key", True),
])
def test_a_parts_phrase_is_found_without_articles_and_with_one_word_inside(
        answerer: Answerer, question: str, phrase: str, named: bool) -> None:
    assert _signals(answerer, question).mentions(phrase) is named


def test_a_part_named_most_specifically_wins_and_spellings_count_once(answerer: Answerer) -> None:
    words = PartWords([("aws", ["expired items", "expired item", "managed rules", "managed rule groups"]),
                       ("yours", ["which managed rule groups", "configure ttl"])])
    # "expired item(s)" stem alike and count once: a tie with "configure ttl", so both are named.
    assert words.named(_signals(answerer, "who configures ttl for expired items"), operator.add) == ["aws", "yours"]
    # "managed rules" inside "managed rule groups" adds nothing: 3 words against 4.
    picks = _signals(answerer, "who picks which managed rule groups we use")
    assert words.scored(picks, operator.add) == (4, ["yours"])


@pytest.mark.parametrize(("question", "service"), [("who encrypts our object store uploads", "s3"),
                                                   ("backups of the managed relational db, whose job", "rds")])
def test_words_for_the_same_thing_match_alike(answerer: Answerer, question: str, service: str) -> None:
    """"db" is a database and "store" storage, in the knowledge base and in questions alike."""
    assert answerer.ask(question).service == service


def test_answers_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    """Two workers (or a worker and `srm ask`) must answer alike: no tie is broken by the order a
    set of strings iterates in, which changes with PYTHONHASHSEED."""
    evals = Path(__file__).parent / "eval"
    questions = [c["q"].replace("\n", " ") for name in ("descriptions.yaml", "aspects.yaml")
                 for c in yaml.safe_load((evals / name).read_text(encoding="utf-8"))]
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SRM_CACHE_DIR": str(tmp_path / seed)}
        done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="\n".join(questions),
                              capture_output=True, text=True, env=env, timeout=300, check=True)
        runs.append(done.stdout.splitlines())
    assert len(runs[0]) == len(questions)
    assert runs[0] == runs[1]


@pytest.mark.parametrize(("question", "refused"), [
    ("route 53 query logging enabled by default?", False),  # "query" is the knowledge's word here
    ("write an athena query over our cloudtrail logs", True),  # and a request here
])
def test_a_request_word_inside_a_knowledge_phrase_is_not_a_request(
        answerer: Answerer, question: str, refused: bool) -> None:
    assert answerer.ask(question).matched is not refused


def test_a_longer_description_outweighs_a_one_word_hint(answerer: Answerer) -> None:
    """"managed sql server" describes RDS; "instances" alone would be EC2: the specific one answers."""
    answer = answerer.ask("who patches the os under our managed sql server instances")
    assert (answer.service, answer.owner) == ("rds", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "topic", "owner"), [
    # A part only CloudFront has names CloudFront.
    ("viewer protocol policy allows plain http, on us?", "cloudfront", None, "customer"),
    # A resource word names VPC and leaves the topic to the rest of the question.
    ("do we have to patch the nat gateway", "vpc", "patching", "aws"),
    # The model's own words stay general, whichever service's parts also use them.
    ("who is responsible for data retention and deletion", None, "lifecycle", "customer"),
])
def test_a_service_is_found_by_the_parts_only_it_has(
        answerer: Answerer, question: str, service: str | None, topic: str | None, owner: str) -> None:
    answer = answerer.ask(question)
    assert answer.matched and answer.service == service and answer.owner == owner, answer.to_contract()
    assert topic is None or answer.topic == topic, answer.to_contract()


def test_a_part_alone_is_no_question(answerer: Answerer) -> None:
    """Without a question of who, a part's words are chatter, not a question about its service."""
    assert not answerer.ask("viewer protocol policy changes went out in the friday release").matched


def test_a_short_word_is_corrected_letter_for_letter_only(answerer: Answerer) -> None:
    """"flips" is an English word, not a typo of "fips" (compliance)."""
    answer = answerer.ask("failover routing so route 53 flips to us-west-2 if us-east-1 dies, we configure that?")
    assert answer.topic != "compliance" and answer.owner == "customer", answer.to_contract()
    assert answerer.ask("who patchs the hypervisor under ec2").topic == "patching"  # longer words still are


def test_the_alternative_turned_down_is_not_what_is_asked(answerer: Answerer) -> None:
    answer = answerer.ask("we want our own cmk on the queue instead of sqs-managed keys, who sets that up")
    assert (answer.service, answer.owner) == ("sqs", "customer"), answer.to_contract()
    never = answerer.ask("are CloudWatch Logs encrypted if we never set a kms key on the log group")
    assert never.owner == "aws", never.to_contract()  # the key never set is not the part asked about
    moved = answerer.ask("we run it on lambda rather than ec2 now: who patches the os")
    assert (moved.service, moved.owner) == ("lambda", "aws"), moved.to_contract()
    ruled_out = answerer.ask("elasticache valkey (node based, not serverless): who turns on encryption in transit")
    assert (ruled_out.service, ruled_out.owner) == ("elasticache", "customer"), ruled_out.to_contract()
    never_enabled = answerer.ask("we never enabled a cmk on the sqs queue, is it still encrypted at rest")
    assert (never_enabled.service, never_enabled.owner) == ("sqs", "aws"), never_enabled.to_contract()


def test_a_resource_word_inside_a_topic_phrase_hints_at_its_service(answerer: Answerer) -> None:
    """"public buckets" is an access-control phrase, and its "buckets" still says S3."""
    answer = answerer.ask("our terraform sets restrict_public_buckets = false, whose problem is that")
    assert (answer.service, answer.topic, answer.owner) == ("s3", "access-control", "customer"), answer.to_contract()


def test_the_model_named_at_length_outweighs_a_topic_word(answerer: Answerer) -> None:
    answer = answerer.ask("before the soc2 walkthrough: 'security IN the cloud' is our half of the model, right?")
    assert answer.matched and answer.topic is None and answer.owner == "customer", answer.to_contract()
    topic = answerer.ask("paas model: who owns the database configuration")  # a topic inside the model stays
    assert topic.topic == "service-config", topic.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("dnssec signing for the example.com hosted zone, aws turn that on by default?", "route53", "customer"),
    ("PITR is off on the orders table, aws keeps backups anyway right?", "dynamodb", "customer"),
    ("is data classification ever something aws does for you", None, "customer"),
])
def test_questions_people_type_in_channels(answerer: Answerer, question: str, service: str | None,
                                           owner: str) -> None:
    """A redacted domain is no request; a table is DynamoDB's; "something aws does" asks who."""
    answer = answerer.ask(question)
    assert answer.matched and (answer.service, answer.owner) == (service, owner), answer.to_contract()


def test_an_iam_action_or_condition_key_is_a_permission(answerer: Answerer) -> None:
    """"dynamodb:LeadingKeys" is a condition in a policy, not a KMS key; "status:Down" is no policy."""
    answer = answerer.ask("dynamodb:LeadingKeys condition so tenants read only their partition, is that on us?")
    assert (answer.service, answer.topic, answer.owner) == ("dynamodb", "iam", "customer"), answer.to_contract()
    assert "permission" not in answerer.index.scan("status:Down on the rds console, whose").tokens


def test_an_instance_type_names_ec2(answerer: Answerer) -> None:
    answer = answerer.ask("do we have to patch the hypervisor under our m7i fleet or is that aws")
    assert (answer.service, answer.owner) == ("ec2", "aws"), answer.to_contract()
    assert "ec2" in answerer.index.scan("c6in.xlarge nodes, whose").tokens
    assert "ec2" not in answerer.index.scan("our i18n strings and p2p sync, whose").tokens


def test_a_framework_named_as_the_purpose_is_context(answerer: Answerer) -> None:
    """"for the SOC 2 evidence pack" says why; OS patching is what is asked. "In scope for SOC 2" asks the scope."""
    purpose = answerer.ask("for the SOC 2 evidence pack, who does OS patching on our EC2 fleet, us or AWS?")
    assert (purpose.topic, purpose.owner) == ("patching", "customer"), purpose.to_contract()
    scope = answerer.ask("is s3 in scope for aws's soc 2 report")
    assert scope.topic == "compliance", scope.to_contract()



@pytest.mark.parametrize(("question", "service"), [
    ("who patches the cluster software in our warehouse", "redshift"),
    ("who backs up our shared nfs filesystem", "efs"),
    ("who tunes the parameter group on our managed mariadb", "rds"),
    ("who patches the engine of our mongo compatible database", "docdb"),
    ("who decides what pii goes into messages on our push messaging service", "sns"),
])
def test_a_service_described_in_plain_words_is_found(answerer: Answerer, question: str, service: str) -> None:
    """People who do not know the product's name describe what it does."""
    answer = answerer.ask(question)
    assert answer.matched and answer.service == service, answer.to_contract()


def test_a_service_name_is_not_a_facet_word(answerer: Answerer) -> None:
    """"Secrets Manager" stems apart from "managed": "does secrets manager rotate it by itself"
    asks about a secret you created, not about managed rotation."""
    answer = answerer.ask("rotation for our payments api secret (custom, not a db): does secrets manager rotate it "
                          "by itself or do we set it up")
    assert (answer.service, answer.owner) == ("secretsmanager", "customer"), answer.to_contract()
    managed = answerer.ask("rds managed master user password in secrets manager, who rotates it")
    assert managed.owner == "aws", managed.to_contract()


def test_an_aws_managed_key_alias_names_the_key_not_the_service(answerer: Answerer) -> None:
    """"aws/s3" is the alias of S3's AWS managed key: rotating it is a KMS question, while data
    encrypted with it stays the question of the service it serves."""
    rotated = answerer.ask("who rotates aws/ebs and aws/rds, do we?")
    assert (rotated.service, rotated.owner) == ("kms", "aws"), rotated.to_contract()
    data = answerer.ask("our secrets are encrypted with aws/secretsmanager - anything for us to do")
    assert data.service == "secretsmanager", data.to_contract()
    image = answerer.ask("lambda image FROM public.ecr.aws/lambda/python:3.12 - who patches it")
    assert image.service == "lambda", image.to_contract()  # an image path, not a key alias


def test_a_service_ruled_out_or_moved_onto(answerer: Answerer) -> None:
    """"rds (not aurora)" is about RDS; "moving off ec2 onto documentdb" is about DocumentDB."""
    ruled_out = answerer.ask("plain rds postgres (not aurora): is storage encrypted by default")
    assert ruled_out.service == "rds", ruled_out.to_contract()
    onto = answerer.ask("moving our mongo off ec2 onto documentdb - who patches the engine then")
    assert (onto.service, onto.owner) == ("docdb", "aws"), onto.to_contract()


def test_a_move_between_two_parts_asks_about_the_one_moved_to(answerer: Answerer) -> None:
    """"switching managed node groups to auto mode": the destination part leads, as a destination
    service does."""
    moved = answerer.ask("we're switching our eks managed node groups to eks auto mode - who patches the nodes then")
    assert (moved.service, moved.owner) == ("eks", "aws"), moved.to_contract()
    assert moved.aspect is not None and "Auto Mode" in moved.aspect.name


@pytest.mark.parametrize(("question", "topic", "owner"), [
    ("our ec2 app has to keep working when an az goes down - whose design is that", "availability", "customer"),
    ("does s3 keep multiple copies so a dead disk does not lose our files", "durability", "aws"),
    ("who decides which roles are allowed to use our kms key", "access-control", "customer"),
    ("do we patch the machines our lambda functions run on", "patching", "aws"),
    ("who creates aws logins for new joiners", "iam", "customer"),
    ("our eks control plane fell over last night - who fixes that", "availability", None),
    ("on fargate can another customer's task share our kernel", "virtualization", None),
    ("who patches the operating system under our rds instances", "patching", None),
    ("protection against fat finger deletes in our s3 buckets - ours?", "backup", None),
    ("data residency for our s3 data under gdpr - whose call", "compliance", None),
    ("who sets the throttling limits on our api gateway stage", "service-config", None),
    ("secrets manager: who controls which roles can read prod/db-password", "access-control", None),
    ("after moving to cloudfront, is network layer ddos protection aws's", "ddos", None),
    ("lambda throws ImportModuleError since our deploy this morning, aws or us", "application", None),
    ("our aurora writer died and we had no reader - whose gap", "availability", None),
])
def test_a_topic_said_in_peoples_words_is_found(answerer: Answerer, question: str, topic: str,
                                                 owner: str | None) -> None:
    """Not the knowledge's words: "keeps working", "multiple copies", "allowed to use", "fell over",
    "fat finger deletes", "throttling limits", an ImportModuleError after a deploy."""
    answer = answerer.ask(question)
    assert answer.matched and answer.topic == topic, answer.to_contract()
    assert owner is None or answer.owner == owner, answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("our auditors asked: since aws is pci dss certified, does that make our checkout service compliant?", None),
    ("aws holds iso 27001 - does that cover us for our own iso audit?", None),
    ("does the soc 2 report of aws cover our workloads on rds", "rds"),
])
def test_whether_awss_certification_carries_over_asks_about_ours(answerer: Answerer, question: str,
                                                                 service: str | None) -> None:
    """"Does that make us compliant?" names AWS's certifications as the premise; what is asked is
    whether they carry over, and they never do: the customer's own compliance."""
    answer = answerer.ask(question)
    assert (answer.matched, answer.service, answer.topic, answer.owner) == (True, service, "compliance", "customer"), \
        answer.to_contract()


@pytest.mark.parametrize(("question", "topic"), [
    ("are the connections between our ecs tasks and elasticache encrypted by default?", "encryption-in-transit"),
    ("is the traffic from clients to our alb encrypted", "encryption-in-transit"),
    ("emr: encryption at rest for local disks and tls between nodes, whose", "encryption-at-rest"),
    ("acme-archive bucket: who turns on default encryption", "encryption-at-rest"),  # acme is no ACM
])
def test_encrypted_alone_is_at_rest_unless_the_question_says_what_travels(answerer: Answerer, question: str,
                                                                          topic: str) -> None:
    answer = answerer.ask(question)
    assert answer.topic == topic, answer.to_contract()


@pytest.mark.parametrize("question", [
    "who encrypts traffic between azs on the aws network, us?",
    "is traffic between regions encrypted by aws or do we need a vpn",
])
def test_traffic_on_awss_own_network_is_encrypted_by_aws(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("encryption-in-transit", "aws"), answer.to_contract()


def test_attacked_words_and_blame_words_are_understood(answerer: Answerer) -> None:
    """"got ddosed" is a DDoS; "whose mess?" asks who owns it as "whose job?" does."""
    ddos = answerer.ask("our cloudfront got ddosed last night, is the network layer part on aws")
    assert (ddos.topic, ddos.owner) == ("ddos", "aws"), ddos.to_contract()
    mess = answerer.ask("someone left a security group open to the world over the weekend, whose mess is it")
    assert (mess.matched, mess.topic, mess.owner) == (True, "network-config", "customer"), mess.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("durability of our efs backups - is that something we handle", "efs"),
    ("can sqs lose messages if an az fails", "sqs"),
])
def test_what_a_topic_is_of_is_not_the_topic(answerer: Answerer, question: str, service: str) -> None:
    """"durability of the backups" asks about durability; losing messages is durability."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "durability", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", ["does turning on s3 versioning cost extra",
                                      "is shield advanced worth it for a team of five"])
def test_a_question_about_money_is_no_responsibility_question(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched, answer.to_contract()


@pytest.mark.parametrize("question", [
    "how do i restore an rds snapshot into a new instance with the cli",
    "bash one-liner to list every unencrypted rds snapshot",
    "a dynamodb table walks into a bar and asks the lambda for more capacity",
    "why did the kms key cross the road? to get rotated",
])
def test_steps_code_and_jokes_are_not_responsibility_questions(answerer: Answerer, question: str) -> None:
    """A verb an owner would do ("restore", "encrypt") inside a request for steps or code, or a
    joke's shape, does not make it a question about who owns something."""
    answer = answerer.ask(question)
    assert not answer.matched, answer.to_contract()


def test_how_do_i_know_who_still_asks_who(answerer: Answerer) -> None:
    answer = answerer.ask("how do i know if rds engine patching is on us or aws")
    assert (answer.matched, answer.owner) == (True, "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("node 20 runtime patches on our lambdas — who?", "aws"),
    ("who's going to bump our eks cluster from 1.30 to 1.31", "customer"),
])
def test_version_numbers_inside_a_phrase_do_not_hide_it(answerer: Answerer, question: str, owner: str) -> None:
    """"python 3.12 runtime" names a "python runtime"; "bump ... 1.30 to 1.31" is a version upgrade."""
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("patching", owner), answer.to_contract()


@pytest.mark.parametrize("question", [
    "UnauthorizedAccess:EC2/SSHBruteForce against our jump box, who triages it?",
    "guardduty raised CryptoCurrency:EC2/BitcoinTool.B on worker-7, who deals with it",
])
def test_who_handles_a_cited_finding_asks_for_the_response(answerer: Answerer, question: str) -> None:
    """A GuardDuty finding type points at a topic (brute force: the network's configuration); who
    handles or triages it asks for the response, which is yours."""
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("incident-response", "customer"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "eks: control plane vs our worker nodes, who owns what?",
    "rds patching, who does what?",
    "encryption of our s3 data - what part of that is ours",
])
def test_a_question_asking_for_the_split_gets_both_sides(answerer: Answerer, question: str) -> None:
    """"Who does what" asks for both sides: never one side's case alone."""
    answer = answerer.ask(question)
    assert answer.owner == "shared", answer.to_contract()
    assert {c.owner for c in answer.conditions[:2]} == {"aws", "customer"}, answer.to_contract()


@pytest.mark.parametrize(("question", "entry"), [
    ("we're migrating the openstack vms onto ec2 next quarter - do we keep patching the guest os?", "ec2/patching"),
    ("moving from azure vms to ec2: who patches the guest os then", "ec2/patching"),
    ("our vmware team asks: on ec2, who looks after the hypervisor", "ec2/virtualization"),
])
def test_another_platform_as_the_origin_or_the_team_is_not_the_subject(
        answerer: Answerer, question: str, entry: str) -> None:
    """Where the workload comes from, or whose team asks, is not what is asked about: the AWS
    service named after it is."""
    answer = answerer.ask(question)
    assert answer.matched and answer.entry == entry, answer.to_contract()


@pytest.mark.parametrize("question", [
    "gcs bucket: who manages uniform access",
    "the azure team wants to know who patches aks nodes, like on eks",
    "azure blob vs s3, who encrypts",
])
def test_another_cloud_asked_about_is_still_refused(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).matched


@pytest.mark.parametrize("question", [
    "ecs with the ec2 launch type: the nitro hypervisor and the container instances' os - who owns which?",
    "kms - the hsms holding key material, and deciding who may use a key: one owner or split?",
    "s3: durability of objects and our expiration rules, who owns those two",
])
def test_two_parts_asked_together_get_both_owners(answerer: Answerer, question: str) -> None:
    """Two parts with different owners asked about at once ("those two", "which") get both
    sides, never one part's owner for both."""
    answer = answerer.ask(question)
    assert answer.owner == "shared", answer.to_contract()
    assert {c.owner for c in answer.conditions[:2]} == {"aws", "customer"}, answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("we opted out of managed platform updates in our beanstalk env - who keeps the os patched",
     "elasticbeanstalk/patching", "customer"),
    ("if we opt out of auto minor version upgrades on rds, who applies minor versions", "rds/patching", "customer"),
])
def test_opting_out_of_a_managed_feature_says_it_is_off(answerer: Answerer, question: str, entry: str,
                                                          owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


def test_an_instance_family_inside_a_hyphenated_name_is_not_ec2(answerer: Answerer) -> None:
    """"rds-ca-ecc384-g1" is a certificate authority's name, not a g1 instance."""
    answer = answerer.ask("our rds instances must switch their cert to rds-ca-ecc384-g1, is that on us")
    assert answer.service == "rds" and answer.topic == "encryption-in-transit", answer.to_contract()
    assert answerer.ask("our c6i.large fleet: who patches the guest os").service == "ec2"


def test_standard_as_a_tier_is_not_a_compliance_standard(answerer: Answerer) -> None:
    answer = answerer.ask("the standard storage class of efs - do we replicate across zones ourselves?")
    assert answer.topic in ("durability", "availability") and answer.owner == "aws", answer.to_contract()
    assert answerer.ask("which compliance standard covers efs, ours?").topic == "compliance"


@pytest.mark.parametrize("question", [
    "security of vs in the cloud - give me the short version",
    "explain security in and of the cloud",
    "our onboarding deck says 'security IN the cloud / OF the cloud' - meaning?",
])
def test_both_halves_of_the_model_said_short_are_the_model(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.entry == "model/overview" and answer.owner == "shared", answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("going from 1.30 -> 1.31 on the eks control plane, who starts it", "eks/patching", "shared"),
    ("nodejs18 is deprecated on our lambdas; moving them to nodejs22 falls to us?", "lambda/patching", "customer"),
    ("who moves our functions from python3.9 to python3.13", "lambda/patching", "customer"),
    ("lambdas on python3.11: is patching the managed runtime on aws", "lambda/patching", "aws"),
])
def test_moving_between_versions_is_a_version_upgrade(answerer: Answerer, question: str, entry: str,
                                                        owner: str) -> None:
    """An arrow or "to" between two versions, or a deprecated runtime being left, is moving to
    another version: AWS patches within one, the move is yours to start ("python3.13" is Python 3.13)."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("we imported the alb's cert from sectigo; does it renew on its own", "elb/encryption-in-transit", "customer"),
    ("api gateway custom domain, cert imported from digicert - auto renew?", "apigateway/encryption-in-transit",
     "customer"),
    ("cloudfront alternate domain with an acm issued certificate - who renews it", "cloudfront/encryption-in-transit",
     "aws"),
])
def test_acm_renews_only_the_certificates_it_issued(answerer: Answerer, question: str, entry: str,
                                                    owner: str) -> None:
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


def test_what_a_question_does_without_is_not_asked_about(answerer: Answerer) -> None:
    """"Without paying for Shield Advanced" turns it down: the protection you get anyway is asked."""
    answer = answerer.ask("cloudfront: do we get layer 4 flood protection without subscribing to shield advanced")
    assert (answer.topic, answer.owner) == ("ddos", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("sagemaker endpoint on a byo inference image - who patches the image", "sagemaker/patching", "customer"),
    ("memcached -> elasticache. then the sns alerts (which topics page us) - who sets up the cache's auth tokens",
     "elasticache/iam", "customer"),
    ("kms key rotation for the key our dynamodb and sqs share, ours?", "kms/encryption-at-rest", "customer"),
])
def test_the_part_named_first_is_what_is_asked(answerer: Answerer, question: str, entry: str, owner: str) -> None:
    """"byo" is bring your own; the service right after an arrow is where things go; a service word
    that is also a topic word ("kms") followed by its own part ("key rotation") is the service."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


@pytest.mark.parametrize(("question", "entry"), [
    ("ddb table got wiped by a script with write access and we'd be toast without point in time recovery. ours?",
     "dynamodb/backup"),
    ("i've heard it called the shared model: lambda runtime patching, aws or us?", "lambda/patching"),
])
def test_idioms_are_not_requests_of_another_kind(answerer: Answerer, question: str, entry: str) -> None:
    """"Write access", "we'd be toast", "heard it called": words of a poem or trivia request used
    otherwise; a question of who owns something is answered."""
    answer = answerer.ask(question)
    assert answer.matched and answer.entry == entry, answer.to_contract()


@pytest.mark.parametrize("question", ["write a limerick about who encrypts ebs", "why is it called a bastion host"])
def test_real_poem_and_trivia_requests_are_still_refused(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).matched


def test_aws_s_standing_alone_asks_whose(answerer: Answerer) -> None:
    answer = answerer.ask("a flaw in the nitro hypervisor itself: squarely AWS's, yes?")
    assert answer.matched and answer.owner == "aws", answer.to_contract()
    assert not answerer.ask("aws's soc 2 report arrived in the team drive").matched


def test_the_tool_that_reports_a_finding_is_not_the_subject(answerer: Answerer) -> None:
    """"Inspector finding" on an AMI is about the AMI (EC2), though Inspector is not covered."""
    answer = answerer.ask("inspector findings on our golden ami: old kernel packages. ours to rebuild?")
    assert (answer.service, answer.owner) == ("ec2", "customer"), answer.to_contract()
    assert not answerer.ask("amazon inspector: who runs the scanning engine").matched


@pytest.mark.parametrize(("question", "service", "topic"), [
    ("requiring imdsv2 on our instances - is that a config we own or aws's", "ec2", "service-config"),
    ("who mitigates it when someone ddoses the route 53 name servers", "route53", "ddos"),
    ("does cloudtrail keep object downloads from our buckets by default", "cloudtrail", "logging"),
])
def test_what_the_question_is_about(answerer: Answerer, question: str, service: str, topic: str | None) -> None:
    """"a config" is the noun, not AWS Config; ddoses is a DDoS; object downloads are data events,
    never Event history."""
    answer = answerer.ask(question)
    assert answer.service == service and (topic is None or answer.topic == topic), answer.to_contract()
    if service == "cloudtrail":
        assert answer.owner == "customer", answer.to_contract()


def test_pointing_an_assessor_at_aws_s_attestation_asks_if_it_carries_over(answerer: Answerer) -> None:
    answer = answerer.ask("our payments api runs on eks; could we rely on AWS's PCI AOC for the assessment?")
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


def test_a_resource_dated_before_a_default_is_the_older_case(answerer: Answerer) -> None:
    """Dated before the default's own date, the older resource's case leads, whatever else is named."""
    answer = answerer.ask("files put in the bucket back in 2018, before s3 encrypted by default - still plaintext?")
    assert (answer.topic, answer.owner) == ("encryption-at-rest", "customer"), answer.to_contract()


def test_count_mode_is_your_setting_not_the_rule_group_s_rules(answerer: Answerer) -> None:
    answer = answerer.ask("the known bad inputs managed rule group is only in count mode on our web acl - whose miss?")
    assert (answer.service, answer.owner) == ("waf", "customer"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "opensearch snapshots: who schedules them and who keeps them safe",
    "aurora failover: who creates the replicas and who promotes one when the writer dies",
])
def test_a_question_of_who_for_each_part_gets_both_sides(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.owner == "shared", answer.to_contract()
    assert {c.owner for c in answer.conditions[:2]} == {"aws", "customer"}, answer.to_contract()


def test_who_written_into_a_compound_is_not_a_second_question(answerer: Answerer) -> None:
    answer = answerer.ask("lambda: who sets the resource policy and who-can-invoke-what")
    assert answer.owner == "customer", answer.to_contract()


@pytest.mark.parametrize(("question", "entry"), [
    ("expiring rows with ttl on the sessions table - our config?", "dynamodb/lifecycle"),
    ("the distributed training job's role has admin rights, tightening it is ours?", "sagemaker/iam"),
    ("cve in the base image of our custom container behind the realtime endpoint, whose fix", "sagemaker/patching"),
])
def test_parts_people_name_for_their_service(answerer: Answerer, question: str, entry: str) -> None:
    """"our config" is the noun; training jobs, inference containers and realtime endpoints are
    SageMaker's; "distributed" is never read as CloudFront's "distribution"."""
    answer = answerer.ask(question)
    assert answer.matched and answer.entry == entry and answer.owner == "customer", answer.to_contract()


def test_on_before_a_place_is_a_preposition_not_a_setting(answerer: Answerer) -> None:
    """"pitr on the sessions table" is not "pitr on": is it on by default is the default's case (off)."""
    answer = answerer.ask("point in time recovery on the sessions table, enabled out of the box or do we do it?")
    assert (answer.entry, answer.owner) == ("dynamodb/backup", "customer"), answer.to_contract()
    on = answerer.ask("our table has point in time recovery on - who takes the continuous backups")
    assert on.owner == "aws", on.to_contract()


def test_a_copy_in_another_region_is_not_the_eleven_nines(answerer: Answerer) -> None:
    answer = answerer.ask("s3 durability: does it keep a copy in another region for us, or is crr ours")
    assert (answer.entry, answer.owner) == ("s3/durability", "customer"), answer.to_contract()
    assert answerer.ask("s3 durability across azs, ours to engineer?").owner == "aws"


def test_is_aws_s_attestation_enough_asks_if_it_carries_over(answerer: Answerer) -> None:
    answer = answerer.ask("is AWS's SOC 2 report sufficient for our dynamodb workload's audit?")
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("events fell off the stream after 24 hours - retention is our setting?", "kinesis/lifecycle", "customer"),
    ("opensearch multi az with standby and zone awareness - aws sets that up for our domain?",
     "opensearch/availability", "customer"),
])
def test_streams_and_zone_awareness(answerer: Answerer, question: str, entry: str, owner: str) -> None:
    """"The stream" is Kinesis's; whether a domain spans zones is your choice, not AWS's failover."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()
    assert not answerer.ask("who pays for the shared netflix streaming account lol").matched


def test_an_audit_as_the_occasion_leaves_the_model_question(answerer: Answerer) -> None:
    answer = answerer.ask("prepping for the iso 27001 audit: how is security divided between aws and us under the "
                          "shared responsibility model, one line")
    assert (answer.entry, answer.owner) == ("model/overview", "shared"), answer.to_contract()


def test_flood_words_need_no_cloud_word(answerer: Answerer) -> None:
    """"UDP reflection floods on our endpoints" is infrastructure whoever asks; a badge reader is not."""
    answer = answerer.ask("udp reflection floods hitting our endpoints - do we have to switch anything on?")
    assert answer.matched and (answer.topic, answer.owner) == ("ddos", "aws"), answer.to_contract()
    assert not answer.service, answer.to_contract()


@pytest.mark.parametrize("question", [
    "the ci role has AWS managed policies attached and they're over privileged - who narrows them down",
    "deploy role uses an aws managed policy that grants too much access - whose fix?",
    "we attach aws managed policies to every developer role. whose call is that?",
])
def test_trimming_an_aws_managed_policy_to_least_privilege_is_yours(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.owner == "customer", answer.to_contract()
    assert answerer.ask("aws managed policies like ReadOnlyAccess - who maintains what is in them?").owner == "aws"


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("who is responsible for physical security?", "general/physical", "aws"),
    ("who's responsible for durability of our stored data", "general/durability", "aws"),
])
def test_a_bare_question_of_who_owns_a_topic_is_the_model_s(answerer: Answerer, question: str, entry: str,
                                                             owner: str) -> None:
    """The seed's own statements, asked with nothing else: a bot about AWS answers them."""
    answer = answerer.ask(question)
    assert answer.matched and answer.owner == owner and answer.service is None, answer.to_contract()
    assert answer.entry == entry, answer.to_contract()


@pytest.mark.parametrize("question", ["who's responsible for physical security at the colo",
                                      "who is responsible for physical security of the office"])
def test_the_same_question_somewhere_else_is_not_answered(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).matched


@pytest.mark.parametrize(("question", "entry"), [
    ("the root user of our sandbox account has no mfa yet - who fixes that", "iam/iam"),
    ("nacls on the db subnets allow everything inbound, whose to tighten", "vpc/network-config"),
])
def test_your_root_user_and_nacls_are_the_service_s(answerer: Answerer, question: str, entry: str) -> None:
    """Resources that are also the seed's statements name the service when they are yours."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, "customer"), answer.to_contract()
    assert answerer.ask("under the shared responsibility model, who protects the root user in general").service is None


def test_an_auditor_is_who_asks_not_what_is_asked(answerer: Answerer) -> None:
    answer = answerer.ask("soc2 auditor wants evidence for the physical controls at the data centers - "
                          "ours to produce?")
    assert (answer.topic, answer.owner) == ("physical", "aws"), answer.to_contract()


def test_how_a_framework_splits_gets_both_sides(answerer: Answerer) -> None:
    answer = answerer.ask("how does gdpr responsibility split between aws and us?")
    assert (answer.topic, answer.owner) == ("compliance", "shared"), answer.to_contract()
    assert [c.owner for c in answer.conditions[:2]] == ["aws", "customer"], answer.to_contract()


@pytest.mark.parametrize(("question", "topic", "owner"), [
    ("are the hsms under kms kept patched by aws? just checking for the questionnaire", "patching", "aws"),
    ("stale kms grants left from a decommissioned app - removing them is on who", "access-control", "customer"),
])
def test_passive_agent_and_decommissioned_things(answerer: Answerer, question: str, topic: str, owner: str) -> None:
    """"Patched by aws?" asks who; a decommissioned app is no retired drive."""
    answer = answerer.ask(question)
    assert answer.matched and (answer.topic, answer.owner) == (topic, owner), answer.to_contract()


def test_kms_keeps_multi_region_replicas_in_sync(answerer: Answerer) -> None:
    answer = answerer.ask("our multi region key's replica in eu-west-1: does kms keep its key material synchronized?")
    assert (answer.service, answer.owner) == ("kms", "aws"), answer.to_contract()
    assert answerer.ask("replicating a multi region kms key into another region - ours?").owner == "customer"


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("dynamodb fine grained access control with leading keys so each tenant reads only its rows - aws enforces "
     "tenant isolation?",
     "dynamodb/access-control", "customer"),
    ("masking card numbers in log events with a cloudwatch data protection policy, ours to set up?",
     "cloudwatch/data-classification", "customer"),
])
def test_a_part_named_more_specifically_than_the_topic_leads(answerer: Answerer, question: str, entry: str,
                                                             owner: str) -> None:
    """A part named by two or more words more than the topic word is what is asked, wherever it is filed."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


def test_logs_older_than_event_history_are_not_event_history(answerer: Answerer) -> None:
    answer = answerer.ask("is cloudtrail on by default? we need api logs from three months back for the incident")
    assert answer.owner == "customer", answer.to_contract()


@pytest.mark.parametrize(("question", "entry"), [
    ("a resource policy on the secret lets the analytics account read it - ours?", "secretsmanager/access-control"),
    ("is trail log file validation turned on out of the box?", "cloudtrail/logging"),
])
def test_secrets_and_out_of_the_box(answerer: Answerer, question: str, entry: str) -> None:
    """"The secret" is Secrets Manager's; "out of the box" asks about a default (its box is no EC2)."""
    answer = answerer.ask(question)
    assert answer.entry == entry and answer.owner == "customer", answer.to_contract()
    assert not answerer.ask("okta leaked a client secret, whose problem").matched


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("rds postgres engine cve, and auto minor version upgrade was off on that db - whose call", "rds/patching",
     "customer"),
    ("the alarm never fired, it sat in insufficient data all night. who set it up, us", "cloudwatch/logging",
     "customer"),
    ("our access key showed up on github and aws attached a quarantine policy - so aws handled it?", None, "customer"),
])
def test_incident_channel_phrasings(answerer: Answerer, question: str, entry: str | None, owner: str) -> None:
    """A state said in the past ("was off"), an alarm named without CloudWatch, a tool named as where
    a key leaked: answered, with the owner of what is asked."""
    answer = answerer.ask(question)
    assert answer.matched and answer.owner == owner, answer.to_contract()
    assert entry is None or answer.entry == entry, answer.to_contract()
    assert not answerer.ask("what % sla credit do we get back if ec2 was down for an hour").matched


def test_fire_is_never_corrected_to_fibre(answerer: Answerer) -> None:
    """"The region is on fire" is an outage; "fire" is no typo of "fibre" (the physical layer)."""
    assert "fire" in answerer.index.scan("us-east-1 is on fire, whose problem").tokens
    answer = answerer.ask("us-east-1 is on fire. route53 failing our app over to the other region - who makes it work")
    assert answer.topic != "physical", answer.to_contract()


@pytest.mark.parametrize(("question", "entry", "owner"), [
    ("the function's role grants s3:* on * - aws enforces least privilege on lambda roles, right?", "lambda/iam",
     "customer"),
    ("we switched managed updates off on our EB env last year - who patches the instances now",
     "elasticbeanstalk/patching", "customer"),
    ("EB env https: attaching the acm cert to the listener is ours?", "elasticbeanstalk/encryption-in-transit",
     "customer"),
    ("python3.13 managed runtime, runtime management untouched - who applies the runtime patches",
     "lambda/patching", "aws"),
    ("syn flood against our edge optimized api, do we mitigate that", "apigateway/ddos", "aws"),
])
def test_app_developer_phrasings(answerer: Answerer, question: str, entry: str, owner: str) -> None:
    """An IAM action names what is granted, not the subject; "EB" is Elastic Beanstalk; attaching an
    ACM certificate is yours (ACM renews it); a managed runtime and an edge-optimized API name their services."""
    answer = answerer.ask(question)
    assert (answer.entry, answer.owner) == (entry, owner), answer.to_contract()


def test_the_service_a_team_comes_from_is_not_the_subject(answerer: Answerer) -> None:
    answer = answerer.ask("coming from mysql on ec2 - what do we own security-wise on dynamodb?")
    assert answer.service == "dynamodb", answer.to_contract()
    assert answerer.ask("slow logs from opensearch to cloudwatch - ours to turn on?").service == "opensearch"


def test_an_arrow_to_no_service_is_no_move(answerer: Answerer) -> None:
    """"route 53 record still pointing at an old elb -> outage": the arrow leads to no service, so the
    last service named is not a destination."""
    answer = answerer.ask("route 53 record still points at our old load balancer -> outage. whose mistake?")
    assert answer.service == "route53", answer.to_contract()


def test_every_split_ask_has_a_word_of_the_quick_reject() -> None:
    """asks_for_the_split stops early when a question has none of _SPLIT_WORDS: a phrase added to
    _SPLIT_ASKS without one of them would never be found."""
    from bot.answering.phrasing import _SPLIT_ASKS, _SPLIT_WORDS

    assert [gram for gram in _SPLIT_ASKS if _SPLIT_WORDS.isdisjoint(gram)] == []


@pytest.mark.parametrize(("question", "owner"), [
    ("uptime on aws in general: is availability on amazon or on us?", "shared"),
    ("multi az vs single az for our services - whose decision?", "customer"),
    ("aws service level agreements - whose job is keeping services available?", "aws"),
])
def test_availability_asked_whole_is_the_resiliency_model(answerer: Answerer, question: str, owner: str) -> None:
    """The Well-Architected resiliency model: of the cloud AWS's, in the cloud yours, so availability
    asked about as a whole is shared; a design choice named is yours."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (None, "availability", owner), answer.to_contract()


def test_an_acronym_s_plural_is_one_word(answerer: Answerer) -> None:
    """"AZs", "AMIs", "VPCs" are plurals, not the API-name split "A Zs" that "PutBucketAcl" gets."""
    tokens = answerer.index.scan("our AMIs span three AZs and two VPCs; PutBucketAcl failed").tokens
    assert {stem("amis"), stem("azs"), stem("vpcs")} <= set(tokens), tokens
    assert {"bucket", "acl"} <= set(tokens), tokens
    assert "zs" not in tokens, tokens


@pytest.mark.parametrize(("question", "service"), [
    ("does dynamo keep our table's data across AZs on its own, or is that config we own?", "dynamodb"),
    ("documentdb: replicating the data across AZs - aws's doing?", "docdb"),
])
def test_replication_across_azs_is_the_storage_s_durability(answerer: Answerer, question: str, service: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "durability", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "a customer's security review wants our iso 27001 - can we forward them aws's certificate?",
    "can we submit aws's pci attestation as our own evidence?",
])
def test_handing_over_aws_s_report_as_ours_is_asked_and_is_yours(answerer: Answerer, question: str) -> None:
    """Whether AWS's report can stand in for ours: asked even without "who", and never so."""
    answer = answerer.ask(question)
    assert answer.matched and (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("guardduty flagged our ec2 instance talking to a known bad ip; the instance reads from s3. who responds?",
     "guardduty"),
    ("redshift audit logs go to s3 and cloudwatch - who turns redshift audit logging on?", "redshift"),
    ("managed services like s3, lambda and dynamodb: who owns access control?", None),
    ("cloudtrail/cloudwatch/config are there, but who configures the logging under the model?", None),
])
def test_three_services_are_examples_only_when_listed(answerer: Answerer, question: str, service: str | None) -> None:
    """Services given as examples ("like s3, lambda and dynamodb", one after another) leave the
    question about the model; three services named in the course of a story do not."""
    answer = answerer.ask(question)
    assert answer.matched and answer.service == service, answer.to_contract()


def test_inherit_versus_implement_asks_for_both_sides(answerer: Answerer) -> None:
    answer = answerer.ask("soc 2 prep: what can we rely on aws's attestation for vs what do we implement ourselves?")
    assert (answer.topic, answer.owner) == ("compliance", "shared"), answer.to_contract()


def test_a_cis_level_is_os_hardening_not_a_compliance_question(answerer: Answerer) -> None:
    answer = answerer.ask("making our ec2 images meet cis level 2 - whose job?")
    assert (answer.service, answer.topic, answer.owner) == ("ec2", "os-config", "customer"), answer.to_contract()


def test_a_deprecation_notice_is_about_patching(answerer: Answerer) -> None:
    answer = answerer.ask("aws sent a deprecation notice for nodejs18 on our lambdas - who moves them?")
    assert (answer.service, answer.topic, answer.owner) == ("lambda", "patching", "customer"), answer.to_contract()


def test_on_by_default_asks_who_turns_it_on(answerer: Answerer) -> None:
    """"Is it on by default?" is a question of ownership (does anyone have to turn it on), and the words
    that described the service ("threat detection") name no part of it."""
    answer = answerer.ask("the managed threat detection service - is it switched on by default in a new account?")
    assert (answer.service, answer.topic, answer.owner) == ("guardduty", "service-config", "customer"), \
        answer.to_contract()


def test_ip_ranges_allowed_in_are_network_configuration(answerer: Answerer) -> None:
    answer = answerer.ask("workspaces: only allow logins from our vpn ip ranges - who configures that?")
    assert (answer.service, answer.topic, answer.owner) == ("workspaces", "network-config", "customer"), \
        answer.to_contract()


def test_which_callers_are_allowed_is_access_control(answerer: Answerer) -> None:
    answer = answerer.ask("sqs queue: allowed callers from other accounts, ours to set?")
    assert (answer.service, answer.topic, answer.owner) == ("sqs", "access-control", "customer"), answer.to_contract()


def test_an_on_call_occasion_leaves_the_question_about_its_subject(answerer: Answerer) -> None:
    """"For the on-call runbook: who applies X?": the on-call rota is the occasion, X the subject; a
    finding someone must handle stays a question of response."""
    answer = answerer.ask("for the on-call runbook: who applies rds minor version upgrades?")
    assert (answer.service, answer.topic, answer.owner) == ("rds", "patching", "aws"), answer.to_contract()
    finding = answerer.ask("guardduty UnauthorizedAccess:EC2/SSHBruteForce on the bastion - who handles this")
    assert finding.topic == "incident-response", finding.to_contract()


def test_how_many_asked_as_our_call_is_a_responsibility_question(answerer: Answerer) -> None:
    """"How many" is a quota question, unless the message asks whose decision it is."""
    answer = answerer.ask("how many aurora readers we keep and in which promotion tiers - our decision?")
    assert (answer.service, answer.owner) == ("aurora", "customer"), answer.to_contract()
    assert not answerer.ask("how many read replicas can an aurora cluster have?").matched


def test_perms_is_permissions(answerer: Answerer) -> None:
    short = answerer.index.scan("who sets the perms").tokens[-1]
    assert short == answerer.index.scan("who sets the permissions").tokens[-1]


def test_a_count_of_azs_names_no_service(answerer: Answerer) -> None:
    """"Three AZs" is a fact of many services (Aurora's volume, Kinesis's records, EKS's control plane):
    said without a service, it must not pick the one whose facet happens to use the words."""
    assert answerer.ask("we keep the data in three AZs, who is responsible for that?").service != "kinesis"
    described = answerer.ask("our postgres-compatible cluster database stores six copies over 3 AZs: "
                             "who makes sure that copying works?")
    assert (described.service, described.owner) == ("aurora", "aws"), described.to_contract()


def test_a_retirement_notice_asking_about_the_hardware_is_answered_for_the_hardware(answerer: Answerer) -> None:
    """The scheduled event is shared (you move the instance), but the failing hardware under it is
    AWS's: the owner of what was asked. A word only an `unless` uses ("faulty") is not corrected away."""
    hardware = answerer.ask("retirement notice on i-0abc1234: is the faulty hardware under it ours to deal with?")
    assert (hardware.service, hardware.owner) == ("ec2", "aws"), hardware.to_contract()
    move = answerer.ask("ec2 box has a scheduled retirement event, whose job is moving it before the date?")
    assert (move.service, move.owner) == ("ec2", "shared"), move.to_contract()


def test_an_elasticache_security_update_with_an_apply_by_date_is_shared(answerer: Answerer) -> None:
    """A security update is the shared case (AWS applies critical ones itself) even when its notice
    carries the apply-by date every self-service update has; other service updates stay yours."""
    security = answerer.ask("valkey node cluster: security update pending, apply-by date friday. ours or aws?")
    assert (security.service, security.owner) == ("elasticache", "shared"), security.to_contract()
    other = answerer.ask("valkey node cluster: a service update pending, apply-by date friday. whose move?")
    assert (other.service, other.owner) == ("elasticache", "customer"), other.to_contract()


def test_instance_store_data_lost_is_yours_to_have_kept(answerer: Answerer) -> None:
    """Data gone from an instance store asks about keeping it, not about its (always-on) encryption;
    "backing it up" is a backup, with the pronoun inside the phrasal verb."""
    gone = answerer.ask("after the reboot onto new hardware our ec2 instance store data is gone - aws's fault?")
    assert (gone.service, gone.topic, gone.owner) == ("ec2", "durability", "customer"), gone.to_contract()
    backup = answerer.ask("scratch files on the ec2 instance store: who should be backing them up?")
    assert (backup.service, backup.topic, backup.owner) == ("ec2", "backup", "customer"), backup.to_contract()
    encrypted = answerer.ask("is the ec2 instance store encrypted at rest, or do we do that?")
    assert (encrypted.topic, encrypted.owner) == ("encryption-at-rest", "aws"), encrypted.to_contract()


def test_beanstalk_managed_updates_on_is_shared_and_off_is_yours(answerer: Answerer) -> None:
    """AWS documents platform maintenance as a shared model: with managed updates on, Elastic Beanstalk
    applies patch and minor versions in your window, the rest stays yours. Said to be off, the off case."""
    on = answerer.ask("our eb environment has managed platform updates enabled - so who keeps its OS patched?")
    assert (on.service, on.topic, on.owner) == ("elasticbeanstalk", "patching", "shared"), on.to_contract()
    off = answerer.ask("managed platform updates are disabled on the eb environment - who keeps its OS patched?")
    assert (off.service, off.owner) == ("elasticbeanstalk", "customer"), off.to_contract()


def test_a_region_or_an_az_in_a_facets_words_names_no_service(answerer: Answerer) -> None:
    """Route 53's "us-east-1 control plane" case and EFS's "AZ fails" case are places, not the service:
    said with no service, they leave the question about the model."""
    region = answerer.ask("us-east-1 was degraded for hours yesterday and an az failing took our app down: "
                          "whose job was surviving that?")
    assert region.service is None and region.topic == "availability", region.to_contract()
    named = answerer.ask("route 53 during a us-east-1 outage: can we still change our records, whose problem?")
    assert (named.service, named.owner) == ("route53", "customer"), named.to_contract()
    kinesis = answerer.ask("if an az fails does kinesis keep our stream's records or is that on us")
    assert (kinesis.service, kinesis.owner) == ("kinesis", "aws"), kinesis.to_contract()


def test_what_a_question_sets_aside_is_not_what_it_asks(answerer: Answerer) -> None:
    """"Not talking about X - Y?", "leaving aside X, Y?": X is set aside up to the clause's end (a
    spaced dash ends it too; a hyphen inside a word does not)."""
    answer = answerer.ask("not asking about backups - the way an ebs volume is replicated within its az, aws's job?")
    assert (answer.topic, answer.owner) == ("durability", "aws"), answer.to_contract()
    aside = answerer.ask("leaving aside sse-kms, who makes sure the s3 objects are durable?")
    assert (aside.service, aside.topic, aside.owner) == ("s3", "durability", "aws"), aside.to_contract()


def test_a_comparison_typed_as_a_symbol_is_read_in_words(answerer: Answerer) -> None:
    """"> 90 days" (or "90+ days", as Slack escapes it too) is more than 90 days: not Event history's
    own 90 days."""
    for question in ("cloudtrail: api logs kept > 90 days, is setting that up on us?",
                     "cloudtrail: api logs kept &gt; 90 days, is setting that up on us?",
                     "cloudtrail: api logs for 365+ days, is setting that up on us?"):
        answer = answerer.ask(question)
        assert (answer.service, answer.owner) == ("cloudtrail", "customer"), answer.to_contract()


def test_the_load_balancer_itself_scaling_is_aws(answerer: Answerer) -> None:
    """The load balancer's own capacity (its nodes) is AWS's to scale, however it is said."""
    for question in ("product launch next week: will the nlb itself keep up or is sizing it on us?",
                     "for a product launch, does our application load balancer scale up on its own, or ours to do?"):
        answer = answerer.ask(question)
        assert (answer.service, answer.owner) == ("elb", "aws"), answer.to_contract()


def test_a_premise_crediting_both_sides_gets_both(answerer: Answerer) -> None:
    """"AWS does X and we do Y - so who owns it?" gives each side a part and asks for the whole: both
    sides, never one; "does aws do it or do we" still asks for one owner."""
    both = answerer.ask("dynamodb: aws keeps the table across azs and we decide on global tables, so who owns "
                        "availability?")
    assert both.owner == "shared" and {c.owner for c in both.depends} == {"aws", "customer"}, both.to_contract()
    one = answerer.ask("does aws patch the rds engine or do we?")
    assert (one.service, one.owner) == ("rds", "aws"), one.to_contract()


@pytest.mark.parametrize("question", [
    "service quota for sqs in-flight messages, what is it by default",   # a quota, in Service Quotas' own words
    "can you estimate our yearly spend if we moved search to opensearch",  # a price estimate
])
def test_a_quota_or_a_price_estimate_is_refused(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).matched, answerer.ask(question).to_contract()


def test_a_quota_asked_as_whose_job_is_still_answered(answerer: Answerer) -> None:
    answer = answerer.ask("who is responsible for raising our lambda concurrency quota before launch?")
    assert answer.matched and answer.service == "lambda", answer.to_contract()


def test_asking_about_both_parts_gets_both_sides(answerer: Answerer) -> None:
    """"Asking about both", "both sides": the two parts named are the answer, each with its owner."""
    answer = answerer.ask("rds: the host os and our db users' passwords - who owns them, asking about both")
    assert answer.owner == "shared" and {c.owner for c in answer.depends} == {"aws", "customer"}, answer.to_contract()


def test_the_service_another_runs_on_leaves_the_question_about_the_other(answerer: Answerer) -> None:
    """"The ec2 instances underneath our rds database": what RDS runs on is RDS's question; "the ec2
    instances behind our alb" are still EC2's (targets, not what the load balancer runs on)."""
    under = answerer.ask("the ec2 hosts underneath our rds database - is patching their os on us?")
    assert (under.service, under.owner) == ("rds", "aws"), under.to_contract()
    behind = answerer.ask("the ec2 instances behind our alb - is patching their os on us?")
    assert (behind.service, behind.owner) == ("ec2", "customer"), behind.to_contract()


def test_a_description_that_says_the_service_names_it(answerer: Answerer) -> None:
    """"emr security configuration" is a description of EMR that says EMR: with S3 also named, it names
    EMR as the name alone would, and the question is EMR's."""
    answer = answerer.ask("there's no emr security configuration, so our s3 output isn't encrypted - who fixes that?")
    assert (answer.service, answer.owner) == ("emr", "customer"), answer.to_contract()


def test_asking_where_a_thing_comes_from_asks_whose_it_is(answerer: Answerer) -> None:
    """"Those come from aws, not something we produce?", "where does it come from" ask whose the reports are."""
    where = answerer.ask("the bank wants the soc 1 report, where does it come from?")
    assert (where.topic, where.owner) == ("compliance", "aws"), where.to_contract()
    answer = answerer.ask("the pci attestation and soc 1 report the bank asked for - those come from aws, "
                          "not something we produce")
    assert (answer.topic, answer.owner) == ("compliance", "aws"), answer.to_contract()


def test_sorting_out_which_data_is_which_is_classification(answerer: Answerer) -> None:
    answer = answerer.ask("who works out which kind of data in our warehouse counts as patient records, aws or us?")
    assert (answer.topic, answer.owner) == ("data-classification", "customer"), answer.to_contract()


def test_a_config_managed_rule_id_is_the_rule_not_its_service(answerer: Answerer) -> None:
    """"rds-storage-encrypted" said as a rule is an AWS Config managed rule, whose logic AWS writes;
    the rule's failing result stays the resource's (yours to fix)."""
    logic = answerer.ask("the config rule rds-storage-encrypted: who keeps its check logic up to date?")
    assert (logic.service, logic.owner) == ("config", "aws"), logic.to_contract()
    failing = answerer.ask("config rule rds-storage-encrypted is NON_COMPLIANT for orders-db, who fixes it?")
    assert failing.owner == "customer", failing.to_contract()


def test_a_question_about_our_data_needs_no_word_of_a_cloud(answerer: Answerer) -> None:
    """Asked of this bot, "who labels which of our records are sensitive" is data classification in the
    cloud, though no cloud is named; an office chore still needs one."""
    answer = answerer.ask("whose job is labelling which of our records hold sensitive data?")
    assert (answer.topic, answer.owner) == ("data-classification", "customer"), answer.to_contract()
    assert not answerer.ask("who is organising the pizza for the data classification training").matched


def test_a_questionnaire_item_asks_who_does_it(answerer: Answerer) -> None:
    """A vendor questionnaire's line ("describe X") asks who answers for X, in no words of "who"."""
    answer = answerer.ask("questionnaire: badge access, guards and cctv at the facilities hosting our data")
    assert (answer.topic, answer.owner) == ("physical", "aws"), answer.to_contract()


def test_free_asked_as_whether_it_is_included_is_a_responsibility_question(answerer: Answerer) -> None:
    """"For free, or do we have to enable something?" asks whether AWS gives it without us; a price
    asked in so many words is still refused."""
    answer = answerer.ask("is the layer 3/4 ddos protection free on our cloudfront, or do we have to enable it?")
    assert answer.matched and answer.owner == "aws", answer.to_contract()
    assert not answerer.ask("how much do we have to pay per month for shield advanced").matched
    assert not answerer.ask("is guardduty free for the first 30 days").matched


def test_a_dns_query_flood_is_ddos_and_an_aws_problem_asks_whose(answerer: Answerer) -> None:
    """"Query flood" is an attack, not a request for a query; "aws problem?" asks whose it is even
    where a limit is named."""
    flood = answerer.ask("big dns query flood against our route 53 zone overnight - handled on aws's side?")
    assert (flood.service, flood.topic, flood.owner) == ("route53", "ddos", "aws"), flood.to_contract()
    limit = answerer.ask("sqs: hitting the in-flight message limit during the sale, aws problem?")
    assert limit.matched and limit.service == "sqs", limit.to_contract()


def test_event_history_covers_last_month_but_not_months_ago(answerer: Answerer) -> None:
    """With no trail ever created, last month's console actions are in Event history (AWS's); an
    intrusion five months back is past its 90 days. A turned-down clause ends at "but"."""
    recent = answerer.ask("never set up a trail - does cloudtrail still hold any record of who did what last month?")
    assert (recent.service, recent.owner) == ("cloudtrail", "aws"), recent.to_contract()
    old = answerer.ask("no trail, only event history, and the breach began 5 months ago - was aws meant to keep that?")
    assert old.owner == "customer", old.to_contract()
    kept = answerer.ask("we never made a trail but cloudtrail event history still shows events - aws keeps that?")
    assert (kept.service, kept.owner) == ("cloudtrail", "aws"), kept.to_contract()


def test_a_compound_names_its_head_not_both_parts(answerer: Answerer) -> None:
    """"Automated backup retention" is the retention of automated backups: the head of the compound
    leads, not both of the parts its words name; "automated backups and the retention" are two."""
    head = answerer.ask("rds automated backup retention: who picks it?")
    assert (head.service, head.owner) == ("rds", "customer"), head.to_contract()
    assert head.aspect is not None and "retention" in head.aspect.name, head.to_contract()


def test_shield_proactive_engagement_is_yours_to_set_up(answerer: Answerer) -> None:
    """Proactive engagement (contacts, health checks) is yours to enable; "shield advanced proactive
    engagement" names the engagement, the compound's head."""
    answer = answerer.ask("shield advanced proactive engagement - the emergency contact list, whose to maintain?")
    assert (answer.service, answer.owner) == ("shield", "customer"), answer.to_contract()
    assert answer.aspect is not None and answer.aspect.name == "Turning on proactive engagement", answer.to_contract()


def test_one_side_versus_ours_asks_for_the_split(answerer: Answerer) -> None:
    """"AWS's part vs our part", "the overall split": both sides; "a flood vs our site" is an attack."""
    split = answerer.ask("ecs on fargate, the host patching vs our container images - one line for the runbook?")
    assert split.owner == "shared" and {c.owner for c in split.depends} == {"aws", "customer"}, split.to_contract()
    overall = answerer.ask("opensearch backups, the overall split pls: automated vs manual snapshots")
    assert overall.owner == "shared", overall.to_contract()
    attack = answerer.ask("udp flood vs our cloudfront distribution last night, absorbed by aws?")
    assert (attack.topic, attack.owner) == ("ddos", "aws"), attack.to_contract()


def test_aws_slash_us_is_the_two_sides_not_a_key_alias(answerer: Answerer) -> None:
    """"aws/us" is "aws or us", not an AWS managed key alias like "aws/s3"."""
    answer = answerer.ask("rds engine patching: the aws/us split?")
    assert (answer.service, answer.topic) == ("rds", "patching"), answer.to_contract()
    key = answerer.ask("who rotates aws/s3, the aws managed key?")
    assert key.service == "kms", key.to_contract()


def test_a_hypervisor_on_a_metal_instance_is_yours(answerer: Answerer) -> None:
    """A hypervisor run on a .metal instance (KVM, ESXi) is yours to patch; Nitro under normal instances is AWS's."""
    metal = answerer.ask("we run our own esxi on a c5.metal box - whose hypervisor is that to patch?")
    assert (metal.service, metal.owner) == ("ec2", "customer"), metal.to_contract()
    nitro = answerer.ask("who patches the hypervisor under our normal ec2 instances?")
    assert (nitro.service, nitro.owner) == ("ec2", "aws"), nitro.to_contract()


def test_disks_under_deleted_objects_are_the_physical_layer(answerer: Answerer) -> None:
    """What happens to the disks under deleted objects is media sanitization (AWS's); the objects
    deleted by mistake stay yours to have protected."""
    disks = answerer.ask("after we delete objects in s3, who makes sure the drives they sat on are wiped?")
    assert (disks.service, disks.owner) == ("s3", "aws"), disks.to_contract()
    objects = answerer.ask("a script deleted objects in our s3 bucket by mistake - whose problem?")
    assert objects.owner == "customer", objects.to_contract()


def test_a_certificate_of_destruction_is_the_physical_layer(answerer: Answerer) -> None:
    """"A certificate of destruction" for retired drives is media sanitization, not a TLS certificate."""
    answer = answerer.ask("auditor asks for a certificate of destruction for the disks under our rds storage. ours?")
    assert (answer.topic, answer.owner) == ("physical", "aws"), answer.to_contract()


def test_logs_older_than_ninety_days_are_not_event_history(answerer: Answerer) -> None:
    answer = answerer.ask("cloudtrail: we need the api logs older than 90 days for the investigation - ours?")
    assert (answer.service, answer.owner) == ("cloudtrail", "customer"), answer.to_contract()


def test_one_billing_alarm_is_a_cloudwatch_alarm_and_billing_alarms_the_practice(answerer: Answerer) -> None:
    """One alarm on spend ("a billing alarm", "estimated charges") is a CloudWatch alarm, asked as
    billing; "billing alarms" in general is the seed's statement, which names no service."""
    one = answerer.ask("we want a billing alarm that pings finance over 12k - who creates it")
    assert (one.service, one.topic, one.owner) == ("cloudwatch", "billing", "customer"), one.to_contract()
    metric = answerer.ask("who builds the alert on the estimated charges metric, aws or us")
    assert (metric.service, metric.topic) == ("cloudwatch", "billing"), metric.to_contract()
    practice = answerer.ask("billing alarms and watching usage, whose duty under the model")
    assert (practice.service, practice.topic) == (None, "billing"), practice.to_contract()


def test_what_is_inside_a_waf_managed_rule_group_is_its_configuration_not_patching(answerer: Answerer) -> None:
    """Keeping a managed rule group's rules current is AWS's part of the web ACL's configuration
    (as AWS's WAF guide files it), not a patch; a version you pinned is yours to upgrade."""
    rules = answerer.ask(
        "the waf managed rule groups we attached: who refreshes their detection rules as new exploits appear?")
    assert (rules.service, rules.topic, rules.owner) == ("waf", "service-config", "aws"), rules.to_contract()
    pinned = answerer.ask("we locked a waf managed rule group to an old static version - upgrading it is on whom?")
    assert (pinned.service, pinned.owner) == ("waf", "customer"), pinned.to_contract()


def test_guardduty_s_detection_is_filed_with_its_findings(answerer: Answerer) -> None:
    """GuardDuty's threat intelligence and models are AWS's part of detection and response (the
    finding it generates), as writers ask it, not a patch and not a log you turn on."""
    answer = answerer.ask("guardduty's ml models and threat feeds behind findings - does aws own keeping those fresh?")
    assert (answer.service, answer.topic, answer.owner) == ("guardduty", "incident-response", "aws"), \
        answer.to_contract()


def test_our_own_certification_is_ours_to_earn(answerer: Answerer) -> None:
    """A certification said to be ours ("our iso 27001 audit") is the customer's to earn; AWS's own
    reports ("aws's own soc 2") stay AWS's."""
    ours = answerer.ask("our iso 27001 certification next spring - who has to put the controls in place?")
    assert (ours.service, ours.topic, ours.owner) == (None, "compliance", "customer"), ours.to_contract()
    theirs = answerer.ask("the vendor wants aws's own iso 27001 certificate - who supplies that?")
    assert (theirs.topic, theirs.owner) == ("compliance", "aws"), theirs.to_contract()


def test_a_channel_typed_as_text_is_where_it_was_asked(answerer: Answerer) -> None:
    """"#ddos-drills" names a channel, as Slack's <#C123|ddos-drills> does: not the question's topic."""
    answer = answerer.ask("people in #ddos-drills keep asking: who patches rds?")
    assert (answer.service, answer.topic, answer.owner) == ("rds", "patching", "aws"), answer.to_contract()
    assert clean_text("see #infra and C# code") == "see and c# code"


def test_infra_is_short_for_infrastructure(answerer: Answerer) -> None:
    answer = answerer.ask("the physical infra under the regions - whose to secure?")
    assert (answer.topic, answer.owner) == ("physical", "aws"), answer.to_contract()


def test_untrusted_input_reaching_a_command_is_application_security(answerer: Answerer) -> None:
    answer = answerer.ask("our ecs service builds a shell command from unsanitized user input - who owns fixing that?")
    assert (answer.service, answer.topic, answer.owner) == ("ecs", "application", "customer"), answer.to_contract()


def test_whether_an_actor_can_be_seen_asks_about_the_record(answerer: Answerer) -> None:
    """"Can we still see who deleted it" asks whether a record exists (CloudTrail's Event history keeps
    90 days of management events with nothing set up); "who deleted it" alone is an investigation."""
    seen = answerer.ask("no trail was ever set up here - could we still see who terminated that instance on monday?")
    assert (seen.service, seen.topic, seen.owner) == ("cloudtrail", "logging", "aws"), seen.to_contract()
    whodunit = answerer.ask("cloudtrail: who terminated that instance on monday?")
    assert whodunit.topic == "incident-response", whodunit.to_contract()


def test_an_iac_tool_as_where_a_resource_came_from_is_not_a_code_request(answerer: Answerer) -> None:
    """"The bucket our cloudformation made" says where a resource came from; "write me the terraform
    for a bucket" asks for code."""
    context = answerer.ask("the sns topic our pulumi stack made - is it encrypted at rest already?")
    assert context.matched and context.service == "sns", context.to_contract()
    code = answerer.ask("paste the cloudformation template for an encrypted sns topic")
    assert not code.matched, code.to_contract()


def test_a_shortened_resource_id_still_names_its_service(answerer: Answerer) -> None:
    """People shorten ids ("vol-0e51", "i-07bd11"); a run of hex with a digit after a known prefix is one."""
    answer = answerer.ask("vol-09f3 has no encryption - whose job to fix?")
    assert (answer.service, answer.topic, answer.owner) == ("ebs", "encryption-at-rest", "customer"), \
        answer.to_contract()
    assert answerer.ask("i-deaf? who patches the os").service is None


def test_our_mess_asks_whose_it_is(answerer: Answerer) -> None:
    answer = answerer.ask("a contractor left rdp open to the internet on a prod security group - our mess?")
    assert answer.matched and answer.owner == "customer", answer.to_contract()


def test_the_iam_service_itself_is_the_service_not_the_model_s_statement(answerer: Answerer) -> None:
    """"The IAM service itself" names the service (AWS runs it); IAM in general stays the model's line."""
    answer = answerer.ask("the iam service itself - its sign-in endpoints being up and secure - is that amazon's?")
    assert (answer.service, answer.topic, answer.owner) == ("iam", "iam", "aws"), answer.to_contract()
    general = answerer.ask("who is responsible for iam in general")
    assert (general.service, general.topic) == (None, "iam"), general.to_contract()


def test_a_generic_word_that_is_also_another_cloud_s_product_among_aws_words(answerer: Answerer) -> None:
    """"Pub/sub" is Google's product and a kind of messaging: beside SNS's own words ("subscribers",
    "topic policy") it is SNS; alone it is still the other cloud."""
    answer = answerer.ask("the pub/sub topic policy allows any account's subscribers - ours to lock down?")
    assert (answer.service, answer.owner) == ("sns", "customer"), answer.to_contract()
    assert not answerer.ask("who patches google pub/sub").matched


def test_who_can_see_which_data_is_access_control(answerer: Answerer) -> None:
    answer = answerer.ask("in our data warehouse, who decides which teams can see the finance tables?")
    assert (answer.service, answer.topic, answer.owner) == ("redshift", "access-control", "customer"), \
        answer.to_contract()


def test_aws_s_job_asks_whose_it_is(answerer: Answerer) -> None:
    """"Is X basically AWS's job/problem?" asks whose it is, said with the possessive."""
    answer = answerer.ask("is compliance pretty much AWS's problem given their certifications?")
    assert answer.matched and (answer.service, answer.topic) == (None, "compliance"), answer.to_contract()
    moved = answerer.ask("moving our site from ec2 to s3 + cloudfront - is syn flood protection aws's job then?")
    assert moved.service in ("cloudfront", "s3"), moved.to_contract()


def test_who_can_access_our_data_is_access_control(answerer: Answerer) -> None:
    answer = answerer.ask("who decides who can access our content in aws, amazon or us?")
    assert (answer.service, answer.topic, answer.owner) == (None, "access-control", "customer"), answer.to_contract()


def test_updating_the_os_is_patching_not_configuring_it(answerer: Answerer) -> None:
    answer = answerer.ask("our self-run build servers on ec2 - who upgrades the kernel and os on them?")
    assert (answer.service, answer.topic, answer.owner) == ("ec2", "patching", "customer"), answer.to_contract()


def test_who_did_it_asks_for_the_actor(answerer: Answerer) -> None:
    answer = answerer.ask("the kms key policy on prod-key was rewritten last night, who did it")
    assert (answer.service, answer.topic, answer.owner) == ("kms", "incident-response", "customer"), \
        answer.to_contract()


def test_sign_ins_and_mfa_devices_of_our_account_name_iam(answerer: Answerer) -> None:
    """A console login, a root login or an MFA device of ours is the IAM service's, not the model's IAM line."""
    login = answerer.ask("console login as root at 3am from an ip nobody knows - who investigates?")
    assert (login.service, login.owner) == ("iam", "customer"), login.to_contract()
    device = answerer.ask("someone removed the mfa device from our break glass user. ours?")
    assert (device.service, device.owner) == ("iam", "customer"), device.to_contract()
    general = answerer.ask("who is responsible for mfa in general under the model")
    assert general.service is None, general.to_contract()


def test_setting_up_a_secret_s_rotation_is_configuring_the_service(answerer: Answerer) -> None:
    answer = answerer.ask("secrets manager: who builds the rotation function for our partner's credentials?")
    assert (answer.service, answer.topic, answer.owner) == ("secretsmanager", "service-config", "customer"), \
        answer.to_contract()


def test_aws_versus_us_on_a_service_asks_for_its_overview(answerer: Answerer) -> None:
    answer = answerer.ask("what's aws vs us on sqs?")
    assert answer.matched and (answer.service, answer.topic) == ("sqs", None), answer.to_contract()
    between = answerer.ask("split between aws and us for cloudfront")
    assert between.matched and (between.service, between.topic) == ("cloudfront", None), between.to_contract()


def test_our_runtime_management_setting_is_lambda_s(answerer: Answerer) -> None:
    """"Runtime management" is the seed's PaaS line, and a Lambda setting when it is ours."""
    answer = answerer.ask("after a bad release we pinned runtime management to Manual. who patches the runtime now?")
    assert (answer.service, answer.topic, answer.owner) == ("lambda", "patching", "customer"), answer.to_contract()


def test_need_to_do_anything_asks_whose_it_is(answerer: Answerer) -> None:
    answer = answerer.ask("http/2 rapid reset aimed at our cloudfront site - need to do anything?")
    assert answer.matched and answer.service == "cloudfront", answer.to_contract()


def test_a_recommendation_or_explanation_is_refused_but_whose_is_answered(answerer: Answerer) -> None:
    """"Which is better", "is it worth it", "explain how X works" ask for advice, not an owner; said
    with a duty ("should we patch them or does aws") they still ask whose it is."""
    for question in ("is aurora or dynamodb better for our session store?",
                     "explain how sqs visibility timeouts work"):
        answer = answerer.ask(question)
        assert not answer.matched, answer.to_contract()
        assert "recommend" in answer.refusal, answer.refusal
    assert not answerer.ask("is guardduty malware protection worth it for a small team").matched
    duty = answerer.ask("should we patch the eks nodes ourselves or does aws?")
    assert duty.matched and duty.service == "eks", duty.to_contract()


def test_everyday_words_for_exposure_retention_and_no_replica(answerer: Answerer) -> None:
    exposed = answerer.ask("our efs share turned out to be world readable - whose fault?")
    assert (exposed.service, exposed.topic) == ("efs", "access-control"), exposed.to_contract()
    kept = answerer.ask("kinesis: how long do they stay in the stream before they disappear - do we set that?")
    assert (kept.service, kept.topic, kept.owner) == ("kinesis", "lifecycle", "customer"), kept.to_contract()
    alone = answerer.ask("our docdb cluster has zero replicas and the primary hung for 10 minutes - aws's fault?")
    assert (alone.service, alone.topic) == ("docdb", "availability"), alone.to_contract()


def test_public_before_an_internet_facing_thing_says_which_one(answerer: Answerer) -> None:
    """"The public api stage" names which stage; "a public bucket" is the access asked about."""
    facing = answerer.ask("tls on our public api stage - which part is ours?")
    assert (facing.service, facing.topic) == ("apigateway", "encryption-in-transit"), facing.to_contract()
    data = answerer.ask("someone made a public bucket in prod - whose problem?")
    assert (data.service, data.topic, data.owner) == ("s3", "access-control", "customer"), data.to_contract()


def test_off_peak_windows_and_resharding_words(answerer: Answerer) -> None:
    window = answerer.ask("the off-peak window on our opensearch domain - who sets it?")
    assert (window.service, window.topic, window.owner) == ("opensearch", "service-config", "customer"), \
        window.to_contract()
    shards = answerer.ask("provisioned kinesis stream is hot - who does the resharding?")
    assert (shards.service, shards.topic, shards.owner) == ("kinesis", "availability", "customer"), \
        shards.to_contract()


def test_in_flight_messages_are_not_traffic_in_transit(answerer: Answerer) -> None:
    """"In-flight messages" of a queue are ones being processed; "data in flight" is traffic in transit."""
    queue = answerer.ask("are in-flight sqs messages lost if aws loses a disk?")
    assert (queue.service, queue.topic) == ("sqs", "durability"), queue.to_contract()
    data = answerer.ask("is data in flight between our app and sqs encrypted?")
    assert (data.service, data.topic) == ("sqs", "encryption-in-transit"), data.to_contract()


def test_aws_s_certificate_as_premise_of_our_thing_being_compliant(answerer: Answerer) -> None:
    """"AWS has SOC 2, so our <thing, however long its name> is compliant?" asks whether AWS's carries
    over to ours: it never does."""
    ours = answerer.ask("aws has iso 27001, so our whole reporting stack for the regulators is compliant too?")
    assert (ours.topic, ours.owner) == ("compliance", "customer"), ours.to_contract()
    theirs = answerer.ask("is aws iso 27001 certified?")
    assert (theirs.topic, theirs.owner) == ("compliance", "aws"), theirs.to_contract()


def test_a_machine_named_by_the_software_it_runs_is_the_machine(answerer: Answerer) -> None:
    """"The kafka instances", "the sftp box": software the bot does not cover, naming a machine it does."""
    machine = answerer.ask("our kafka instances have port 9092 open to 0.0.0.0/0, whose job to close it?")
    assert (machine.service, machine.topic, machine.owner) == ("ec2", "network-config", "customer"), \
        machine.to_contract()
    managed = answerer.ask("who patches the servers behind transfer family sftp?")
    assert not managed.matched, managed.to_contract()


def test_back_these_up_is_backup(answerer: Answerer) -> None:
    tables = answerer.ask("our dynamodb tables: does anyone back these up automatically?")
    assert (tables.service, tables.topic) == ("dynamodb", "backup"), tables.to_contract()


def test_a_resource_word_with_nothing_asked_is_chat(answerer: Answerer) -> None:
    """A remark that only mentions a resource ("the dashboard") is not a question; a terse one that
    names what about it ("retention shows never expire") still is."""
    chat = answerer.ask("haha the new ops dashboard is looking slick this morning")
    assert not chat.matched and chat.alternatives, chat.to_contract()
    terse = answerer.ask("log group retention says never expire, default or someone's doing")
    assert (terse.service, terse.topic) == ("cloudwatch", "lifecycle"), terse.to_contract()


def test_which_actors_may_act_is_access_control(answerer: Answerer) -> None:
    """"Which X can <act> on it", whatever X is called: who may act on a resource is access control."""
    queue = answerer.ask("sqs orders queue: who decides which vendor apps are allowed to receive from it")
    assert (queue.service, queue.topic, queue.owner) == ("sqs", "access-control", "customer"), queue.to_contract()
    stream = answerer.ask("which consumers may read the kinesis stream - on us?")
    assert (stream.service, stream.topic) == ("kinesis", "access-control"), stream.to_contract()


def test_aws_does_it_or_we_do_asks_whose_and_azs_are_cloud_words(answerer: Answerer) -> None:
    both = answerer.ask("mfa and password rules for our iam users overall - aws enforces that or we do?")
    assert (both.topic, both.owner) == ("iam", "customer"), both.to_contract()
    azs = answerer.ask("who makes sure the AZs themselves have power and cooling")
    assert azs.matched and azs.owner == "aws", azs.to_contract()


def test_rotating_a_secret_is_secrets_manager_s_whichever_service_s_password(answerer: Answerer) -> None:
    """A service's mechanism (knowledge `mechanisms`): named beside the service whose password the
    secret holds, rotating it is Secrets Manager's; its managed-rotation case says who does it."""
    managed = answerer.ask("docdb admin password is managed by rds in secrets manager; are we the ones rotating it?")
    assert (managed.service, managed.topic, managed.owner) == ("secretsmanager", "service-config", "aws"), \
        managed.to_contract()
    key = answerer.ask("rotation of the kms key that encrypts our rds instance - whose?")
    assert key.service in ("kms", "rds") and key.topic == "encryption-at-rest", key.to_contract()


def test_must_we_buy_the_paid_tier_to_get_it_asks_about_the_free_one(answerer: Answerer) -> None:
    """"Do we need to buy X to get Y?" asks whether Y comes without X; X is not the subject."""
    free = answerer.ask("need to subscribe to shield advanced to have basic syn flood protection on our alb?")
    assert free.owner == "aws" and free.topic == "ddos", free.to_contract()
    paid = answerer.ask("who has to subscribe to shield advanced?")
    assert paid.owner == "customer", paid.to_contract()


def test_a_remote_access_port_exposed_is_network_configuration(answerer: Answerer) -> None:
    rdp = answerer.ask("rdp exposed to the internet on a windows ec2, who closes it")
    assert (rdp.service, rdp.topic, rdp.owner) == ("ec2", "network-config", "customer"), rdp.to_contract()


def test_data_that_rots_or_degrades_is_durability(answerer: Answerer) -> None:
    kept = answerer.ask("ten years in s3 glacier - does anyone make sure the archives don't degrade over time?")
    assert (kept.service, kept.topic, kept.owner) == ("glacier", "durability", "aws"), kept.to_contract()


def test_write_once_retention_on_archive_vaults_is_glacier_lifecycle(answerer: Answerer) -> None:
    kept = answerer.ask("regulators: the archive vaults must be write once read many for 10 years - who configures it")
    assert (kept.service, kept.topic, kept.owner) == ("glacier", "lifecycle", "customer"), kept.to_contract()


def test_optional_documentdb_updates_are_ours_to_apply(answerer: Answerer) -> None:
    optional = answerer.ask("documentdb console lists an optional patch for the engine - will aws apply it or is it us")
    assert (optional.service, optional.topic, optional.owner) == ("docdb", "patching", "customer"), \
        optional.to_contract()
    required = answerer.ask("documentdb required os update pending - will aws apply it?")
    assert required.owner == "aws", required.to_contract()


def test_a_cli_command_or_code_asked_for_is_a_how_to(answerer: Answerer) -> None:
    """A verb of ownership inside a request for a command or code describes the task, not a question."""
    command = answerer.ask("what's the cli command that enables s3 bucket versioning on all our buckets")
    assert not command.matched, command.to_contract()
    code = answerer.ask("could you write a lambda that rotates our kms keys every month?")
    assert not code.matched, code.to_contract()
    whose = answerer.ask("who has to enable s3 bucket versioning on our buckets?")
    assert whose.matched and whose.owner == "customer", whose.to_contract()


def test_the_os_of_opensearch_nodes_is_aws_s(answerer: Answerer) -> None:
    nodes = answerer.ask("who updates the operating system running on our opensearch dedicated master nodes?")
    assert (nodes.service, nodes.owner) == ("opensearch", "aws"), nodes.to_contract()


def test_opensearch_automatic_software_updates_on_is_aws_applying_optional_ones(answerer: Answerer) -> None:
    on = answerer.ask("our opensearch domain has automatic software update enabled - who installs optional updates?")
    assert (on.service, on.topic, on.owner) == ("opensearch", "patching", "aws"), on.to_contract()
    plain = answerer.ask("opensearch: an optional update to the service software showed up - ours to schedule?")
    assert plain.owner == "customer", plain.to_contract()


def test_a_container_orchestrator_on_our_own_hosts_is_ecs_on_instances(answerer: Answerer) -> None:
    hosts = answerer.ask("aws's container orchestrator, on our own container hosts - who keeps those patched?")
    assert (hosts.service, hosts.owner) == ("ecs", "customer"), hosts.to_contract()


def test_a_vps_on_aws_is_lightsail(answerer: Answerer) -> None:
    vps = answerer.ask("the vps bundles: who takes backups")
    assert (vps.service, vps.topic, vps.owner) == ("lightsail", "backup", "customer"), vps.to_contract()


def test_the_layer_under_a_named_part_is_what_is_asked(answerer: Answerer) -> None:
    """"The hypervisor beneath our ECS container instances": the head of the phrase is the layer, not the
    container instances it sits under."""
    under = answerer.ask("is the hypervisor beneath the ecs container instances our concern?")
    assert (under.service, under.owner) == ("ecs", "aws"), under.to_contract()
    instances = answerer.ask("the ecs container instances themselves - who patches their os?")
    assert instances.owner == "customer", instances.to_contract()


def test_the_key_turned_down_is_not_the_one_asked_about(answerer: Answerer) -> None:
    """"With our KMS key, not the AWS owned one": the owned key is named only to be turned down; and the
    storage both keys would encrypt names neither case."""
    ours = answerer.ask("fargate task storage encrypted under our kms key, not the default one - who sets it up")
    assert (ours.service, ours.owner) == ("fargate", "customer"), ours.to_contract()
    default = answerer.ask("is fargate ephemeral storage encrypted at rest by default?")
    assert default.owner == "aws", default.to_contract()


def test_does_aws_s_report_cover_it_asks_if_ours_is_inherited(answerer: Answerer) -> None:
    covered = answerer.ask("the hipaa audit of the patient api on lambda: does aws's soc 2 report cover that?")
    assert (covered.topic, covered.owner) == ("compliance", "customer"), covered.to_contract()


def test_auto_mode_is_eks_auto_mode(answerer: Answerer) -> None:
    auto = answerer.ask("our cluster runs in auto mode - who patches the nodes' os?")
    assert (auto.service, auto.topic, auto.owner) == ("eks", "patching", "aws"), auto.to_contract()


def test_promoting_a_replica_is_failover(answerer: Answerer) -> None:
    """A replica made primary is failover, whatever the replica is called; a writer that died is the
    failover case."""
    promoted = answerer.ask("who promotes one of the aurora readers when the writer dies")
    assert (promoted.service, promoted.topic, promoted.owner) == ("aurora", "availability", "aws"), \
        promoted.to_contract()


def test_another_identity_provider_federated_into_aws_is_about_the_aws_service(answerer: Answerer) -> None:
    federated = answerer.ask("entra id saml into iam identity center: who enforces mfa for those sign-ins?")
    assert federated.matched and federated.owner == "customer", federated.to_contract()
    elsewhere = answerer.ask("who enforces mfa in entra id?")
    assert not elsewhere.matched, elsewhere.to_contract()


def test_object_uploads_without_an_encryption_header_are_s3(answerer: Answerer) -> None:
    uploads = answerer.ask("object uploads that send no sse header - still encrypted at rest?")
    assert (uploads.service, uploads.topic, uploads.owner) == ("s3", "encryption-at-rest", "aws"), \
        uploads.to_contract()


def test_which_is_best_asks_for_a_recommendation(answerer: Answerer) -> None:
    best = answerer.ask("what's the best option for storing our build artifacts, efs or s3?")
    assert not best.matched, best.to_contract()


def test_the_end_of_eks_extended_support_is_aws_upgrading_the_control_plane(answerer: Answerer) -> None:
    ended = answerer.ask("our eks cluster hit the end of extended support - who moves the control plane up?")
    assert (ended.service, ended.topic, ended.owner) == ("eks", "patching", "aws"), ended.to_contract()


def test_data_a_resource_contains_is_not_containing_an_incident(answerer: Answerer) -> None:
    """"Which tables contain card data": holding data (its classification), not containing an incident."""
    held = answerer.ask("who works out which dynamodb tables contain card data?")
    assert (held.service, held.topic, held.owner) == ("dynamodb", "data-classification", "customer"), \
        held.to_contract()
    incident = answerer.ask("someone is exfiltrating from our dynamodb table right now - who has to contain it?")
    assert incident.topic == "incident-response", incident.to_contract()


def test_whether_who_did_what_is_logged_is_logging(answerer: Answerer) -> None:
    """"(Who read what) logged by default?" asks whether there is a record, not who did it."""
    logged = answerer.ask("is access to our bucket (who downloaded which file) logged automatically?")
    assert (logged.service, logged.topic) == ("s3", "logging"), logged.to_contract()


def test_an_availability_zone_or_region_itself_is_aws_s(answerer: Answerer) -> None:
    itself = answerer.ask("the availability zone itself staying up - whose job")
    assert itself.owner == "aws", itself.to_contract()


def test_a_service_named_itself_is_the_running_of_the_service(answerer: Answerer) -> None:
    """"Is CloudWatch itself highly available?": the service itself, which AWS runs."""
    itself = answerer.ask("is cloudwatch itself highly available or do we need a backup monitoring setup?")
    assert (itself.service, itself.owner) == ("cloudwatch", "aws"), itself.to_contract()


def test_a_server_dying_and_messages_gone_is_durability(answerer: Answerer) -> None:
    gone = answerer.ask("if one of the sns servers died, would our messages be gone?")
    assert (gone.service, gone.topic, gone.owner) == ("sns", "durability", "aws"), gone.to_contract()


def test_aws_s_job_versus_mine_asks_for_the_overview(answerer: Answerer) -> None:
    """"What's AWS's job vs mine?" asks for the whole split, whatever part the rest of it mentions."""
    split = answerer.ask("first dynamodb table in our app - what's aws's job vs ours?")
    assert (split.service, split.topic) == ("dynamodb", None), split.to_contract()


def test_a_product_name_that_is_a_topic_word_still_names_its_service(answerer: Answerer) -> None:
    """"Shield Advanced" is a product with its own settings: named beside the resources it protects, it
    is what is asked; "kms" or "iam users" beside another service stay the topic."""
    product = answerer.ask("after buying shield advanced, do our cloudfront distributions get covered on their own?")
    assert (product.service, product.owner) == ("shield", "customer"), product.to_contract()
    topic = answerer.ask("who encrypts our s3 buckets with kms?")
    assert topic.service == "s3", topic.to_contract()


def test_an_aws_managed_key_is_a_kind_of_key_not_aws_acting(answerer: Answerer) -> None:
    """"The AWS managed key ... and can we": AWS names the key's kind, so the question does not give
    AWS one part and you another; it asks about that key, whose rotation is AWS's."""
    answer = answerer.ask("secrets in secrets manager use the aws managed key and can we rotate that key ourselves")
    assert answer.owner == "aws", answer.to_contract()


@pytest.mark.parametrize(("question", "owner"), [
    ("all our clusters run eks auto mode now and we don't use managed node groups - who patches the worker os", "aws"),
    ("we no longer use a customer managed key on that bucket; who rotates its encryption key now", "aws"),
    ("is it not the hypervisor that aws patches on our ec2 fleet?", "aws"),  # a question put in the negative
])
def test_a_part_the_asker_says_they_do_not_use_is_not_asked_about(answerer: Answerer, question: str,
                                                                  owner: str) -> None:
    answer = answerer.ask(question)
    assert answer.owner == owner, answer.to_contract()


def test_which_resources_keep_sensitive_data_is_classification(answerer: Answerer) -> None:
    """"Which X hold/store/keep <data>": where sensitive data sits is classification, not logging
    or storage, whatever else the sentence mentions."""
    answer = answerer.ask("which of our rds databases have payment details - aws job to monitor that?")
    assert (answer.service, answer.topic, answer.owner) == ("rds", "data-classification", "customer"), \
        answer.to_contract()


def test_az_redundancy_is_availability(answerer: Answerer) -> None:
    """"AZ redundancy" is the multi-AZ design (availability), not the storage's own durability."""
    answer = answerer.ask("az redundancy for our ecs services - who has to set that up")
    assert (answer.service, answer.topic) == ("ecs", "availability"), answer.to_contract()


def test_sharing_hardware_with_other_tenants_is_virtualization(answerer: Answerer) -> None:
    """Other tenants on the same hardware ask about the isolation between them (virtualization),
    not about the hardware's physical security."""
    answer = answerer.ask("other companies' instances on the same physical server as our ec2 ones - who keeps us apart")
    assert (answer.service, answer.topic, answer.owner) == ("ec2", "virtualization", "aws"), answer.to_contract()


def test_a_question_about_who_owns_each_layer_gets_the_stack(answerer: Answerer) -> None:
    """Three or more layers named and who owns each asked: the overview with its layer stack, not
    one layer's topic."""
    answer = answerer.ask("ec2 from top to bottom for the onboarding doc - the golden ami, the guest os, the "
                          "hypervisor, the data center: who owns each one")
    assert (answer.service, answer.topic) == ("ec2", None), answer.to_contract()
    assert answer.layers, answer.to_contract()
    patched = answerer.ask("who patches each layer on ec2 - our app, the guest os, the hypervisor")
    assert patched.topic == "patching", patched.to_contract()


def test_a_security_group_said_of_is_the_vpcs(answerer: Answerer) -> None:
    """A security group with something said of it (a port, a CIDR, its rules) is a VPC resource,
    as a NACL is; a chat group that happens to be called one is no question."""
    answer = answerer.ask("a prod security group allows port 3389 from anywhere - whose fix is that")
    assert (answer.service, answer.topic, answer.owner) == ("vpc", "network-config", "customer"), \
        answer.to_contract()
    assert not answerer.ask("the security group for the book club moved to signal, who runs it now").matched


def test_injecting_an_agent_is_not_an_injection_attack(answerer: Answerer) -> None:
    """"Who injects the sidecar" deploys an agent; only "injection" is the attack (application security)."""
    answer = answerer.ask("guardduty agent management is enabled for ecs fargate - who injects the security agent "
                          "into our tasks and updates it")
    assert answer.topic != "application" and answer.owner == "aws", answer.to_contract()
    attack = answerer.ask("sql injection in the api behind our alb, whose problem")
    assert attack.topic == "application", attack.to_contract()


def test_upgrading_to_a_new_engine_version_is_patching(answerer: Answerer) -> None:
    """An update verb with a version as its object is patching; choosing a version alone stays the
    service's configuration."""
    upgrade = answerer.ask("the valkey cluster needs upgrading to a newer engine version, on us?")
    assert (upgrade.service, upgrade.topic) == ("elasticache", "patching"), upgrade.to_contract()
    pick = answerer.ask("which engine version our valkey cluster runs - who picks that")
    assert pick.topic == "service-config", pick.to_contract()


def test_a_part_only_one_of_two_alike_services_has_says_which(answerer: Answerer) -> None:
    """Described alike by the rest of the question, two services tie; a part only one of them has
    (SSE-C is S3's) says which, instead of asking."""
    answer = answerer.ask("the files we upload use sse-c - who is looking after those encryption keys")
    assert (answer.matched, answer.service, answer.owner) == (True, "s3", "customer"), answer.to_contract()


def test_a_part_named_only_inside_a_longer_part_is_not_a_second_side(answerer: Answerer) -> None:
    """"Who drafts the vault lock policy and who completes the lock": "vault" there is part of the
    lock policy's name, not the archives AWS keeps, so there is no AWS side to show."""
    answer = answerer.ask("the vault lock policy on our glacier vault: who drafts it, and who completes the lock?")
    assert (answer.service, answer.owner) == ("glacier", "customer"), answer.to_contract()


def test_who_decides_between_parts_is_the_choice_you_own(answerer: Answerer) -> None:
    """"Who picks whether it uses the AWS managed key or a CMK": the choice between the parts is
    yours, whoever owns each part once chosen."""
    choice = answerer.ask("who picks whether the sns topic uses the aws managed key or a cmk")
    assert (choice.service, choice.owner) == ("sns", "customer"), choice.to_contract()
    queue = answerer.ask("our sqs queues use the default sse-sqs. whose choice is it to move them to a kms key instead")
    assert (queue.service, queue.owner) == ("sqs", "customer"), queue.to_contract()
    default = answerer.ask("which key encrypts our sqs queue by default")  # the default, not the choice
    assert (default.service, default.owner) == ("sqs", "aws"), default.to_contract()
    multi_az = answerer.ask("whether our prod postgres on rds gets a standby in a second az - whose call is it")
    assert (multi_az.topic, multi_az.owner) == ("availability", "customer"), multi_az.to_contract()


def test_a_keys_alias_is_one_name_not_two_words_apart(answerer: Answerer) -> None:
    """"aws/ebs" is the AWS managed key's name; "does aws encrypt ebs volumes" says AWS and EBS with a
    verb between, and asks about EBS encryption (off until you turn it on), not that key."""
    answer = answerer.ask("does aws encrypt ebs volumes at rest or do we")
    assert (answer.service, answer.owner, answer.aspect) == ("ebs", "customer", None), answer.to_contract()


def test_a_setting_never_set_is_asked_about_at_its_default(answerer: Answerer) -> None:
    """"We never set backup retention" leaves the setting at its default, and that setting is asked
    about; "we never set a kms key" turns the key down, and the default encryption is asked."""
    retention = answerer.ask("our aurora cluster came from terraform and we never set backup_retention_period - "
                             "who makes sure we can restore more than a day back")
    assert (retention.service, retention.owner) == ("aurora", "customer"), retention.to_contract()
    key = answerer.ask("are cloudwatch logs encrypted if we never set a kms key on the log group")
    assert key.owner == "aws", key.to_contract()


@pytest.mark.parametrize("question", [
    "which kms key spec is best for signing our release artifacts",
    "we want to standardize on one log pipeline, firehose or kinesis data streams?",
])
def test_a_recommendation_is_not_an_ownership_question(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.matched, answer.to_contract()


def test_best_beside_who_owns_is_still_answered(answerer: Answerer) -> None:
    answer = answerer.ask("who is responsible for picking the best kms key spec for our signing keys")
    assert answer.matched, answer.to_contract()


def test_an_unless_phrase_around_a_parts_own_words_rules_out_only_that_mention(answerer: Answerer) -> None:
    """"Self managed node group" holds "managed node group": said alone it is the self-managed kind
    (yours); the managed kind still holds where it is also named on its own."""
    alone = answerer.ask("our self managed node group is three amis behind - who rolls those nodes")
    assert (alone.service, alone.owner) == ("eks", "customer"), alone.to_contract()
    managed = answerer.ask("who rolls the nodes in our managed node group when a patched ami comes out")
    assert (managed.service, managed.owner) == ("eks", "shared"), managed.to_contract()
    rotation = answerer.ask("automatic rotation is turned on for our customer managed key - who rotates it now")
    assert (rotation.service, rotation.owner) == ("kms", "aws"), rotation.to_contract()


def test_our_virtual_machines_are_ec2_instances(answerer: Answerer) -> None:
    """"Virtual machines" said of ours are EC2 instances; said as a class ("who patches virtual
    machines in iaas") they stay the model's statement."""
    ours = answerer.ask("the nitro hypervisor under our virtual machines has a cve - who patches it")
    assert (ours.service, ours.owner) == ("ec2", "aws"), ours.to_contract()
    model = answerer.ask("in iaas who patches the guest os of virtual machines")
    assert (model.service, model.owner) == (None, "customer"), model.to_contract()


def test_getting_a_flood_is_not_an_s3_get_flood(answerer: Answerer) -> None:
    """"Getting an HTTP flood" is not S3's GET request flood: nothing here names S3."""
    answer = answerer.ask("we're getting an http flood on the signup endpoint from a botnet, who deals with that")
    assert answer.service != "s3" and answer.owner == "customer", answer.to_contract()


def test_keeping_a_record_longer_than_event_history_is_yours(answerer: Answerer) -> None:
    """Event history keeps 90 days and cannot be lengthened: keeping the record longer is a trail, yours."""
    answer = answerer.ask("event history in cloudtrail is only 90 days, legal wants us to keep them longer - whose job")
    assert (answer.service, answer.owner) == ("cloudtrail", "customer"), answer.to_contract()


def test_guardduty_agent_management_said_to_be_off_is_not_the_automated_case(answerer: Answerer) -> None:
    """"Agent management" names the automated configuration, AWS's, unless it is said to be manual or
    disabled: then deploying the agent is yours."""
    off = answerer.ask("agent management for guardduty runtime monitoring is disabled on our fargate tasks - who "
                       "deploys the agent")
    assert (off.service, off.owner) == ("guardduty", "customer"), off.to_contract()


def test_an_engine_compatible_cluster_is_aurora(answerer: Answerer) -> None:
    """AWS describes Aurora as "MySQL- and PostgreSQL-compatible": said of a cluster, that is Aurora,
    even without the word "database"."""
    answer = answerer.ask("who upgrades the engine minor version on our postgresql-compatible cluster")
    assert (answer.service, answer.topic, answer.owner) == ("aurora", "patching", "aws"), answer.to_contract()


def test_network_gear_under_a_service_is_physical_infrastructure(answerer: Answerer) -> None:
    """Network equipment is hardware in AWS's facilities, not the network configuration you set."""
    answer = answerer.ask("who looks after the networking equipment under our elasticache cluster")
    assert (answer.service, answer.topic, answer.owner) == ("elasticache", "physical", "aws"), answer.to_contract()


def test_our_share_is_a_portion_not_sharing_a_resource(answerer: Answerer) -> None:
    """"Our share" / "the customer's share" is the part of the work that is ours, not access control;
    sharing an AMI with someone still is."""
    portion = answerer.ask("moving from iaas to saas, how does the customer's share shrink")
    assert (portion.service, portion.topic, portion.owner) == (None, None, "shared"), portion.to_contract()
    sharing = answerer.ask("who can we share our ami with")
    assert (sharing.service, sharing.topic) == ("ec2", "access-control"), sharing.to_contract()


def test_prefixes_and_eleven_nines_are_s3s_words(answerer: Answerer) -> None:
    """Object key prefixes and the eleven nines of durability are S3's, with no bucket named; a VPC
    prefix list is still the VPC's."""
    prefixes = answerer.ask("who decides which prefixes hold customer pii")
    assert (prefixes.service, prefixes.owner) == ("s3", "customer"), prefixes.to_contract()
    nines = answerer.ask("eleven nines of durability on our stored objects - do we do anything for that")
    assert (nines.service, nines.topic, nines.owner) == ("s3", "durability", "aws"), nines.to_contract()
    prefix_list = answerer.ask("who maintains the prefix list our security group rules point at")
    assert (prefix_list.service, prefix_list.owner) == ("vpc", "customer"), prefix_list.to_contract()


@pytest.mark.parametrize(("question", "expected"), [
    ("are our rds snaps taken automatically or do we schedule them", ("rds", "backup")),
    ("is efs enc flipped on by default or is that us", ("efs", "encryption-at-rest")),
    ("is shield std something we switch on", ("shield", "ddos")),
])
def test_chat_shorthand_reads_as_the_word_it_stands_for(answerer: Answerer, question: str,
                                                        expected: tuple[str, str]) -> None:
    """"snaps", "enc", "std": what people type in a hurry is the word they mean."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic) == expected, answer.to_contract()


def test_watching_the_bill_during_an_attack_is_billing(answerer: Answerer) -> None:
    """The bill is what is watched; the attack is only when."""
    answer = answerer.ask("shield advanced is on - who watches the bill during a ddos")
    assert (answer.topic, answer.owner) == ("billing", "customer"), answer.to_contract()


def test_renewal_words_alone_do_not_say_acm_issued_the_certificate(answerer: Answerer) -> None:
    """ACM renews only what it issued: "who renews the cert" on a custom domain, with nothing said of
    who issued it, is not answered as ACM's."""
    plain = answerer.ask("who renews the certificate on our api gateway custom domain before it runs out")
    assert (plain.service, plain.owner) == ("apigateway", "customer"), plain.to_contract()
    issued = answerer.ask("our acm-issued cert on the api gateway custom domain - who renews it")
    assert (issued.service, issued.owner) == ("apigateway", "aws"), issued.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("gd flagged crypto mining on a box - who follows up", "guardduty"),
    ("is the data in cw encrypted at rest by default", "cloudwatch"),
    ("our mngs are on an old ami - who rolls them", "eks"),
])
def test_service_shorthand_names_the_service(answerer: Answerer, question: str, service: str) -> None:
    """"gd", "cw", "mng": a service or its resource as people abbreviate it in chat."""
    answer = answerer.ask(question)
    assert answer.matched and answer.service == service, answer.to_contract()


def test_shorthand_tokens_are_the_words_they_stand_for(answerer: Answerer) -> None:
    assert answerer.index.scan("base img snaps").tokens == answerer.index.scan("base image snapshots").tokens


def test_our_acct_is_a_cloud_account(answerer: Answerer) -> None:
    """"Our acct" says the question is about a cloud account, as "our account" does."""
    answer = answerer.ask("somebody got into our acct - who responds")
    assert (answer.topic, answer.owner) == ("incident-response", "customer"), answer.to_contract()


def test_r53_is_route_53_not_an_instance_type(answerer: Answerer) -> None:
    """"r53" looks like an instance family but is Route 53: no EC2 is read into the question."""
    signals = answerer.index.scan("r53 health checks - who sets them up")
    assert {h.target.id for h in signals.of("service")} == {"route53"}, signals.hits


def test_a_typed_handle_and_the_bots_own_name_are_not_the_question(answerer: Answerer) -> None:
    """"@srm quick one", "thanks srm-bot": who is addressed; "srm" alone is the model's short name."""
    assert clean_text("@srm quick one for @platform-oncall: who patches rds") == "quick one for : who patches rds"
    assert not answerer.ask("thanks srm-bot, that helped").matched
    split = answerer.ask("srm split for elasticache?")
    assert (split.service, split.topic) == ("elasticache", None), split.to_contract()


def test_aws_covers_it_asks_whether_awss_side_carries_over(answerer: Answerer) -> None:
    """"AWS covers it if ..." asks whether AWS's certification carries over to ours: it never does."""
    answer = answerer.ask("pci for our checkout - aws covers it since they're certified?")
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("our sg rules allow 22 from anywhere - who cleans that up", "vpc"),
    ("who picks the viewer protocol policy, redirect to https or allow http", "cloudfront"),
])
def test_a_services_own_settings_name_it(answerer: Answerer, question: str, service: str) -> None:
    """Security group rules are the VPC's; the viewer protocol policy is CloudFront's."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, "customer"), answer.to_contract()


def test_validating_is_not_application_security_by_itself(answerer: Answerer) -> None:
    """"Validate" is input validation only beside what is validated; AWS's HSMs being validated is AWS's."""
    hsm = answerer.ask("the hsms in kms are fips 140-3 validated - who maintains that validation")
    assert (hsm.service, hsm.topic, hsm.owner) == ("kms", "compliance", "aws"), hsm.to_contract()
    sent = answerer.ask("who checks what users send to our api gateway before it hits the backend")
    assert (sent.service, sent.topic, sent.owner) == ("apigateway", "application", "customer"), sent.to_contract()


def test_running_in_a_single_region_is_your_availability_design(answerer: Answerer) -> None:
    """Choosing one Region is a design choice: the downtime when it fails is yours."""
    answer = answerer.ask("everything we run is in a single region - when it has an outage whose problem is that")
    assert (answer.service, answer.topic, answer.owner) == (None, "availability", "customer"), answer.to_contract()


def test_the_azs_themselves_are_awss(answerer: Answerer) -> None:
    answer = answerer.ask("the regions and azs themselves staying available - us or aws?")
    assert answer.owner == "aws", answer.to_contract()


@pytest.mark.parametrize(("question", "answered"), [
    ("who's on call tonight for payments, i need to swap", False),
    ("whos on the incident response rota tomorrow", False),
    ("who's on call for an rds outage tonight - aws or us?", True),
])
def test_asking_who_is_on_a_rota_is_not_a_responsibility_question(answerer: Answerer, question: str,
                                                                   answered: bool) -> None:
    """A name on the on-call rota is for the team to answer, unless AWS is one of the answers asked about."""
    assert answerer.ask(question).matched is answered


@pytest.mark.parametrize("question", [
    "should we choose sqs or sns for the order events",
    "should i pick fargate or lambda for a cron job",
])
def test_choosing_between_services_is_design_advice(answerer: Answerer, question: str) -> None:
    """Which service to pick is a design question, not who owns a piece of security."""
    assert not answerer.ask(question).matched


@pytest.mark.parametrize("question", [
    "is guardduty billed per account or per region",
    "does nat gateway traffic cost money between azs",
])
def test_what_a_service_costs_is_pricing(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).matched


def test_traffic_staying_inside_the_vpc_is_network_configuration(answerer: Answerer) -> None:
    """Keeping traffic off the internet (VPC endpoints) is network configuration, not encryption in transit."""
    answer = answerer.ask("sqs traffic from our workers should never leave the vpc - who sets that up")
    assert (answer.service, answer.topic, answer.owner) == ("sqs", "network-config", "customer"), answer.to_contract()


def test_an_api_key_held_in_a_secret_is_not_access_control(answerer: Answerer) -> None:
    """An API key stored in Secrets Manager is what the secret holds; setting up its rotation is configuration."""
    answer = answerer.ask("our partner api key lives in secrets manager - who sets up its rotation schedule")
    assert (answer.service, answer.topic, answer.owner) == (
        "secretsmanager", "service-config", "customer"), answer.to_contract()


def test_who_pays_for_extended_support_is_billing(answerer: Answerer) -> None:
    """Extended support is charged because a version was not upgraded in time: who pays is a billing question."""
    answer = answerer.ask("our aurora postgres 11 slid into extended support - who pays for that")
    assert (answer.service, answer.topic, answer.owner) == ("aurora", "billing", "customer"), answer.to_contract()


def test_security_on_aws_as_a_whole_is_the_model(answerer: Answerer) -> None:
    answer = answerer.ask("security on aws as a whole - mostly amazon's problem or ours?")
    assert (answer.service, answer.topic, answer.owner) == (None, None, "shared"), answer.to_contract()


def test_the_software_that_runs_the_aws_services_is_awss(answerer: Answerer) -> None:
    answer = answerer.ask("who keeps the software that runs the aws services secure")
    assert (answer.service, answer.owner) == (None, "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "a haiku on who patches the rds engine, for the team wiki",
    "roses are red, the alb is down, my pager will not stop",
    "appsync api - who is responsible for the auth config",
])
def test_verse_and_other_configs_are_not_answered(answerer: Answerer, question: str) -> None:
    """A verse is a verse whatever it mentions; "the auth config" of an uncovered service is no AWS Config."""
    assert not answerer.ask(question).matched


@pytest.mark.parametrize(("question", "service"), [
    ("who controls which partner accounts our datashares reach", "redshift"),
    ("is the logs domain encrypted at rest by default", "opensearch"),
])
def test_a_services_own_resource_words_name_it(answerer: Answerer, question: str, service: str) -> None:
    """A datashare is Redshift's; a logs domain is OpenSearch's."""
    answer = answerer.ask(question)
    assert answer.matched and answer.service == service, answer.to_contract()


def test_personal_data_in_a_training_dataset_is_yours_to_classify(answerer: Answerer) -> None:
    """Email addresses or patient records in the data a model trains on: knowing that is data classification,
    yours, on SageMaker."""
    answer = answerer.ask("the training dataset for the churn model still has customer emails in it - whose problem")
    assert (answer.service, answer.topic, answer.owner) == (
        "sagemaker", "data-classification", "customer"), answer.to_contract()


def test_break_down_aws_vs_us_asks_for_the_overview(answerer: Answerer) -> None:
    """"Break down aws vs us" asks for the split of a service, not whether it goes down."""
    answer = answerer.ask("dynamodb - can you break down aws vs us")
    assert (answer.service, answer.topic) == ("dynamodb", None), answer.to_contract()


def test_losing_stored_objects_is_durability(answerer: Answerer) -> None:
    """Losing objects or files from storage is durability, AWS's; "archive" beside it is no lifecycle rule."""
    answer = answerer.ask("losing archives in glacier, whose problem")
    assert (answer.service, answer.topic, answer.owner) == ("glacier", "durability", "aws"), answer.to_contract()


def test_switching_a_setting_on_is_no_migration(answerer: Answerer) -> None:
    """"Do we have to switch it on" toggles a setting; it moves nothing from one service to another."""
    toggled = answerer.ask("we subscribed to shield advanced. does automatic mitigation protect our alb already, "
                           "or do we need to switch it on?")
    assert (toggled.service, toggled.owner) == ("shield", "customer"), toggled.to_contract()
    moved = answerer.ask("switching from ec2 to fargate - who patches the host os now")
    assert (moved.service, moved.owner) == ("fargate", "aws"), moved.to_contract()


@pytest.mark.parametrize(("question", "answered"), [
    ("hourly snapshots of our opensearch domain - does aws take them", True),
    ("what is the hourly rate of a nat gateway", False),
])
def test_hourly_is_a_price_only_said_of_a_charge(answerer: Answerer, question: str, answered: bool) -> None:
    assert answerer.ask(question).matched is answered


def test_does_that_make_every_service_we_use_compliant(answerer: Answerer) -> None:
    """Whether AWS's agreement or report carries over to "every service we use": it never does by itself."""
    answer = answerer.ask("aws signed our pci attestation request - does that make all the workloads we run compliant?")
    assert (answer.topic, answer.owner) == ("compliance", "customer"), answer.to_contract()


def test_incident_words_that_set_the_scene_give_way_to_the_topic_asked(answerer: Answerer) -> None:
    """"Our on-call paging topic - encrypted at rest by default?": on-call says which topic, encryption is
    asked. "Who deleted the security group" is still the investigation."""
    scene = answerer.ask("our on-call paging sns topic - is it encrypted at rest by default")
    assert (scene.service, scene.topic) == ("sns", "encryption-at-rest"), scene.to_contract()
    actor = answerer.ask("who deleted the security group in the prod vpc last night")
    assert actor.topic == "incident-response", actor.to_contract()


def test_a_named_charge_is_billing(answerer: Answerer) -> None:
    """"Data transfer charges doubled" is a bill to watch, not the resource's patching or network setup."""
    answer = answerer.ask("nat gateway processing charges spiked - who should have noticed")
    assert (answer.service, answer.topic, answer.owner) == ("vpc", "billing", "customer"), answer.to_contract()


def test_the_split_of_a_service_is_its_overview(answerer: Answerer) -> None:
    answer = answerer.ask("the sqs split please")
    assert (answer.service, answer.topic) == ("sqs", None), answer.to_contract()


def test_a_reserved_instance_is_pricing(answerer: Answerer) -> None:
    assert not answerer.ask("when does our reserved instance expire").matched


def test_a_possessive_on_a_service_is_not_the_service_itself(answerer: Answerer) -> None:
    """"Lambda's own execution role" is a part of yours that the function uses, not AWS's infrastructure."""
    answer = answerer.ask("lambda's own execution role - who writes its policy")
    assert (answer.service, answer.owner) == ("lambda", "customer"), answer.to_contract()


def test_storage_replicating_itself_across_azs_is_durability(answerer: Answerer) -> None:
    """"Does EBS replicate the volume across hardware / DynamoDB our table across AZs": the storage's own
    copies, durability (AWS's)."""
    answer = answerer.ask("does dynamodb replicate our items across several azs on its own")
    assert (answer.service, answer.topic, answer.owner) == ("dynamodb", "durability", "aws"), answer.to_contract()


@pytest.mark.parametrize("question", [
    "do we manage the nacls or is that aws-managed",
    "is the nacl aws's to maintain",
])
def test_the_part_that_names_the_service_can_be_the_topic(answerer: Answerer, question: str) -> None:
    """With no service named, "nacls" says both which service (VPC) and what about it (its network
    configuration): an overview of VPC would not answer who keeps the NACL."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("vpc", "network-config", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "topic"), [
    ("iso 27001 requires 13 months of cloudwatch logs - who sets the retention", "cloudwatch", "lifecycle"),
    ("compliance wants 30 days of sqs retention, whose call", "sqs", "lifecycle"),
])
def test_what_a_framework_demands_is_the_reason_not_the_topic(answerer: Answerer, question: str, service: str,
                                                              topic: str) -> None:
    """"ISO 27001 requires X", "compliance wants X": the framework or the team is why; X is what is asked
    (not AWS's certifications)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, "customer"), answer.to_contract()


def test_a_sentence_that_sets_a_part_aside_asks_about_the_other(answerer: Answerer) -> None:
    """"Not our function code, the execution environment": the part set aside is not what is asked."""
    answer = answerer.ask("lambda: who patches it. not our function code, the execution environment")
    assert (answer.service, answer.topic, answer.owner) == ("lambda", "patching", "aws"), answer.to_contract()


@pytest.mark.parametrize("engine", ["mysql", "postgresql", "mariadb"])
def test_an_engine_name_in_camel_case_is_one_word(answerer: Answerer, engine: str) -> None:
    """"MySQL" is the engine, not an API name to split into "My SQL": capitals change nothing."""
    typed = {"mysql": "MySQL", "postgresql": "PostgreSQL", "mariadb": "MariaDB"}[engine]
    lower = answerer.ask(f"who patches our managed {engine}")
    camel = answerer.ask(f"who patches our managed {typed}")
    assert (camel.matched, camel.service, camel.owner) == (lower.matched, lower.service, lower.owner) \
        == (True, "rds", "aws"), camel.to_contract()


def test_self_managed_is_not_managed(answerer: Answerer) -> None:
    """"Self-managed mysql on our ec2 boxes" is a database you run on EC2, not "managed mysql" (RDS): patching
    its engine is yours."""
    answer = answerer.ask("self-managed mysql on our ec2 boxes - who patches the database engine")
    assert (answer.service, answer.owner) == ("ec2", "customer"), answer.to_contract()


def test_the_storage_replicating_across_azs_is_not_an_availability_design(answerer: Answerer) -> None:
    answer = answerer.ask("does efs replicate our file data across availability zones by itself")
    assert (answer.service, answer.topic, answer.owner) == ("efs", "durability", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("the natgateway - do we patch it", "vpc", "aws"),
    ("who rotates the accesskeys of our ci user", "iam", "customer"),
])
def test_two_words_typed_as_one_are_read_as_the_phrase(answerer: Answerer, question: str, service: str,
                                                        owner: str) -> None:
    """"natgateway", "accesskeys": the words of a known phrase glued together are that phrase."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()


def test_who_controls_who_may_act_is_access_control(answerer: Answerer) -> None:
    answer = answerer.ask("kinesis stream: who controls who is able to read it")
    assert (answer.service, answer.topic, answer.owner) == ("kinesis", "access-control", "customer"), \
        answer.to_contract()


def test_a_resource_sent_to_a_service_is_the_subject(answerer: Answerer) -> None:
    """"Our trail to s3": the trail (CloudTrail) is asked about; S3 is only where it writes. "Subscribe to
    shield advanced" is a verb, not SNS's subscription."""
    answer = answerer.ask("who sets up our trail to s3 for long-term retention")
    assert (answer.service, answer.owner) == ("cloudtrail", "customer"), answer.to_contract()
    assert answerer.ask("who decides to subscribe to shield advanced").service == "shield"


@pytest.mark.parametrize(("question", "service", "topic"), [
    ("weighted routing between our two regions - who configures it", "route53", "service-config"),
    ("cryptojacking ran up our bill in a region nobody uses, who should have spotted it", None, "billing"),
])
def test_a_region_and_a_routing_policy_are_cloud_words(answerer: Answerer, question: str, service: str | None,
                                                       topic: str) -> None:
    """A Region (or cryptojacking) makes a question about a bill one about the cloud; a routing policy is
    Route 53's."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, "customer"), answer.to_contract()


def test_an_outage_in_an_if_clause_is_the_occasion_for_data_loss(answerer: Answerer) -> None:
    """"If an az goes down do we lose data": the outage is the occasion; whether data is lost is durability."""
    answer = answerer.ask("when a whole az goes down, do we lose data stored in s3")
    assert (answer.service, answer.topic, answer.owner) == ("s3", "durability", "aws"), answer.to_contract()


def test_patching_a_network_part_is_patching(answerer: Answerer) -> None:
    """"Who patches the internet gateway": the gateway is named, patching it is asked (AWS's), not its routes."""
    answer = answerer.ask("the internet gateway in our vpc: who patches it")
    assert (answer.service, answer.topic, answer.owner) == ("vpc", "patching", "aws"), answer.to_contract()
    rules = answerer.ask("who updates the security group rules in our vpc")
    assert (rules.topic, rules.owner) == ("network-config", "customer"), rules.to_contract()


def test_a_certification_of_our_own_system_is_ours(answerer: Answerer) -> None:
    """"FedRAMP authorization for our app" is yours to earn (not API Gateway's authorizer, nor AWS's own P-ATO);
    "AWS's SOC 2 report for our auditors" is still AWS's."""
    ours = answerer.ask("fedramp authorization for our app hosted on aws - whose")
    assert (ours.service, ours.topic, ours.owner) == (None, "compliance", "customer"), ours.to_contract()
    theirs = answerer.ask("where do we download aws's soc 2 report for our auditors")
    assert theirs.owner == "aws", theirs.to_contract()


def test_the_service_moved_to_is_named_first_after_to(answerer: Answerer) -> None:
    """"Migrating to fargate - who patches the ec2 hosts after that": the hosts are Fargate's now (AWS's)."""
    answer = answerer.ask("we are migrating to fargate next month - who patches the ec2 hosts after that")
    assert (answer.service, answer.owner) == ("fargate", "aws"), answer.to_contract()


@pytest.mark.parametrize(("question", "service"), [
    ("is the data in our dynamodb table stored in multiple azs", "dynamodb"),
    ("are sqs messages kept in more than one az", "sqs"),
])
def test_data_kept_in_several_azs_is_durability(answerer: Answerer, question: str, service: str) -> None:
    """Where the storage keeps its copies ("stored in multiple azs") is its durability (AWS's); deploying an app
    in several AZs is an availability design (yours)."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "durability", "aws"), answer.to_contract()
    design = answerer.ask("should we deploy our ec2 app in multiple azs")
    assert (design.topic, design.owner) == ("availability", "customer"), design.to_contract()


@pytest.mark.parametrize("question", [
    "if a disk in the efs backend fails, are our files safe",
    "efs standard - are our files safe if an az goes down",
])
def test_whether_stored_data_survives_a_failure_is_durability(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == ("efs", "durability", "aws"), answer.to_contract()


def test_model_artifacts_are_not_aws_artifact(answerer: Answerer) -> None:
    """Model or build artifacts are the customer's files; AWS Artifact is the portal for AWS's reports."""
    answer = answerer.ask("who controls access to the model artifacts our training jobs write to s3")
    assert answer.topic != "compliance" and answer.owner == "customer", answer.to_contract()
    portal = answerer.ask("where do we download aws's soc 2 report - aws artifact?")
    assert portal.owner == "aws", portal.to_contract()


def test_a_build_is_not_a_building(answerer: Answerer) -> None:
    """"Build artifacts" are no data centre building: not AWS's physical security."""
    assert answerer.ask("who protects the build artifacts our codebuild jobs drop into s3").topic != "physical"
    assert answerer.ask("who secures the building our region runs in").owner == "aws"


def test_the_model_for_our_platform_is_the_model(answerer: Answerer) -> None:
    """"The shared responsibility model for our payments platform": the platform is the customer's system,
    not the platform AWS runs for managed services; the model itself is asked."""
    answer = answerer.ask("summarise the shared responsibility model for the team that runs our payments platform")
    assert (answer.service, answer.topic, answer.owner) == (None, None, "shared"), answer.to_contract()
    theirs = answerer.ask("in the model, is the platform ours or aws's")
    assert theirs.owner == "aws", theirs.to_contract()


def test_who_can_do_it_is_not_who_did_it(answerer: Answerer) -> None:
    """"Who can edit records in our zone" asks who may (IAM, yours), not who changed a record (CloudTrail's
    record, AWS's); "who changed the record" still is the record."""
    answer = answerer.ask("route 53 iam question: who can change a record in our hosted zone")
    assert (answer.service, answer.topic, answer.owner) == ("route53", "iam", "customer"), answer.to_contract()
    actor = answerer.ask("who changed the record in our route 53 zone last night - is that logged?")
    assert actor.owner == "aws", actor.to_contract()


def test_a_database_failover_case_is_not_route_53s(answerer: Answerer) -> None:
    """The failover a managed database performs (AWS's) is no answer about DNS failover to another Region,
    which is yours to set up (or both sides shown), never AWS's alone."""
    answer = answerer.ask("route 53: who configures the dns flip to our standby region")
    assert answer.service == "route53" and answer.owner != "aws", answer.to_contract()
    database = answerer.ask("rds multi-az: who does the failover to the standby?")
    assert (database.service, database.owner) == ("rds", "aws"), database.to_contract()


def test_a_key_pending_deletion_is_ours_to_cancel(answerer: Answerer) -> None:
    """A KMS key scheduled for deletion can be cancelled by you during its waiting period: yours."""
    answer = answerer.ask("key scheduled for deletion yesterday, waiting period 30 days - who can cancel it")
    assert (answer.service, answer.topic, answer.owner) == ("kms", "lifecycle", "customer"), answer.to_contract()
    assert answer.aspect is not None and "deletion" in answer.aspect.name, answer.to_contract()


def test_an_acronym_plural_without_vowels_is_the_acronym(answerer: Answerer) -> None:
    """"SSNs", "HSMs": the plural of an acronym names the acronym (Snowball keeps an s after no vowel)."""
    answer = answerer.ask("our app writes SSNs into the logs - who has to know that data is sensitive")
    assert (answer.topic, answer.owner) == ("data-classification", "customer"), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("who schedules the maint window on our aurora cluster", "aurora", "customer"),
    ("eks ctrl plane upgrades, aws or us", "eks", "aws"),
])
def test_chat_shorthand_is_the_word(answerer: Answerer, question: str, service: str, owner: str) -> None:
    """"maint window", "ctrl plane": the shorthand names what the whole word does."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, "patching", owner), answer.to_contract()


def test_a_part_left_behind_is_not_asked(answerer: Answerer) -> None:
    """"Since we moved off nat instances, who patches the nat gateways": the instances are the past; the
    gateways (AWS's) are asked, not both."""
    answer = answerer.ask("since we moved off nat instances, who patches the nat gateways")
    assert (answer.service, answer.topic, answer.owner) == ("vpc", "patching", "aws"), answer.to_contract()
    still = answerer.ask("who patches our nat instances")
    assert still.owner == "customer", still.to_contract()


@pytest.mark.parametrize(("question", "service", "topic", "owner"), [
    ("the ip list inside the cloudfront managed prefix list on our alb sg, who keeps it current",
     "cloudfront", "network-config", "aws"),
    ("does shield advanced alert us on its own or do we need a cloudwatch alarm on DDoSDetected",
     "shield", "logging", "customer"),
    ("where do i get the compliance reports for dynamodb, aws?", "dynamodb", "compliance", "aws"),
    ("emr block public access is on by default; someone put port 9443 in its exceptions and opened it to "
     "0.0.0.0/0 - aws or us", "emr", "network-config", "customer"),
    ("if kms is down in us-east-1, whose problem is that", "kms", "availability", "aws"),
])
def test_parts_named_in_their_own_words(answerer: Answerer, question: str, service: str, topic: str,
                                        owner: str) -> None:
    """Parts whose owner differs from their ruling's: AWS keeps CloudFront's managed prefix list current; alarms on
    Shield Advanced's metrics are yours; AWS's compliance reports are AWS's; a port added to EMR's block public
    access exceptions is yours, whatever the default; KMS's own availability is AWS's."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, owner), answer.to_contract()
    assert answer.aspect is not None, answer.to_contract()


def test_a_guess_that_aws_does_it_asks_whose_it_is(answerer: Answerer) -> None:
    """"Pen test reports of the hypervisor, aws provides?": the guess put last asks who, like "aws or us?"."""
    answer = answerer.ask("annual penetration test reports of the hypervisor, aws provides?")
    assert answer.matched and answer.owner == "aws", answer.to_contract()


@pytest.mark.parametrize(("question", "service", "topic", "owner"), [
    ("the ssm agent on our windows fleet is outdated, who updates it", "ec2", "patching", "customer"),
    ("lost the private key of an ec2 instance, can aws give us a copy of the pem", "ec2", "access-control",
     "customer"),
    ("isolation from other tenants on our fargate tasks", "fargate", "virtualization", "aws"),
])
def test_parts_only_one_service_has(answerer: Answerer, question: str, service: str, topic: str, owner: str) -> None:
    """The SSM agent is software on your instances (EC2's, though Systems Manager is not covered); AWS keeps only
    the public key of a key pair; isolation from other tenants is the virtualization layer's."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, owner), answer.to_contract()


@pytest.mark.parametrize("question", [
    "sns availability and scaling of the service itself - aws or us",
    "cloudtrail service outage - whose problem",
])
def test_a_managed_service_staying_up_is_aws_s(answerer: Answerer, question: str) -> None:
    """The availability of a service AWS runs for you (its own outage, its scaling) is AWS's; a Region-level design
    with it stays yours."""
    answer = answerer.ask(question)
    assert (answer.topic, answer.owner) == ("availability", "aws"), answer.to_contract()
    design = answerer.ask("sns multi region failover design - aws or us")
    assert design.owner == "customer", design.to_contract()


@pytest.mark.parametrize(("question", "service", "topic", "owner"), [
    ("elasticache went to $12k this month, who should have caught that", "elasticache", "billing", "customer"),
    ("eks upgrade policy, standard vs extended: who picks", "eks", "patching", "customer"),
    ("when our endpoint is down, who retries the sns deliveries", "sns", "availability", "aws"),
])
def test_more_parts_in_their_own_words(answerer: Answerer, question: str, service: str, topic: str,
                                       owner: str) -> None:
    """An amount of money is about the bill; the EKS upgrade policy is the cluster's setting (yours); SNS retries a
    failed delivery itself."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, owner), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "topic", "owner"), [
    ("because aws holds iso 27001 and soc 2, our workload is automatically compliant right", None, "compliance",
     "customer"),
    ("automated backups are on for our aurora cluster, so who does the restore testing", "aurora", "backup",
     "customer"),
    ("elasticache: aws picks the maintenance window and we cant change it?", "elasticache", "patching", "customer"),
    ("like ec2, do we patch the os under our lambda functions?", "lambda", "patching", "aws"),
    ("private by default or not, one of our buckets became public last night - whose fault", "s3", "access-control",
     "customer"),
    ("AWS Health says 'elevated error rates' for SQS in eu-west-1, the outage itself is on aws? (our consumers aside)",
     "sqs", "incident-response", "aws"),
])
def test_the_premise_is_not_the_question(answerer: Answerer, question: str, service: str | None, topic: str,
                                         owner: str) -> None:
    """What a question takes as given is not what it asks: AWS's certifications do not make your workload compliant;
    a part said to be on ("automated backups are on") leaves the other part asked; "we can't change it" gives us no
    part; "like ec2, ..." is the comparison; a default bucket that became public is no longer the default; an AWS
    service event is AWS's to fix, whatever is set aside."""
    answer = answerer.ask(question)
    assert (answer.service, answer.topic, answer.owner) == (service, topic, owner), answer.to_contract()


@pytest.mark.parametrize(("question", "service", "owner"), [
    ("isnt cloudtrail logging by default? [CloudTrail.1] is failing in the new account", "cloudtrail", "customer"),
    ("config reports s3-bucket-logging-enabled NON_COMPLIANT on the audit bucket, whose to fix", "s3", "customer"),
])
def test_a_failed_check_is_of_your_configuration(answerer: Answerer, question: str, service: str, owner: str) -> None:
    """A Security Hub control that fails, or an AWS Config rule that is NON_COMPLIANT, checked how you configured
    your resource, whatever AWS part the question believed covered it."""
    answer = answerer.ask(question)
    assert (answer.service, answer.owner) == (service, owner), answer.to_contract()
    assert answer.aspect is not None and "control" in answer.aspect.name.lower(), answer.to_contract()


def test_what_a_service_is_backed_by_only_says_which(answerer: Answerer) -> None:
    """"An EBS-backed instance": the instance is asked about, EBS only says what it boots from."""
    answer = answerer.ask("our EBS-backed ec2 instances: who keeps the host hardware healthy")
    assert (answer.service, answer.owner) == ("ec2", "aws"), answer.to_contract()


def test_sse_s3_names_s3(answerer: Answerer) -> None:
    """"SSE-S3" is S3's own encryption: its keys are AWS's, not a KMS key of yours."""
    answer = answerer.ask("key rotation for sse-s3 - aws or us")
    assert (answer.service, answer.owner) == ("s3", "aws"), answer.to_contract()


def test_a_part_of_yours_is_not_covered_by_what_aws_patches(answerer: Answerer) -> None:
    """"The base image of our fargate tasks has a cve; aws patches fargate so we're covered?": the image is yours,
    and that is the answer; a setting of yours given its value ("retention is 14 days, so backups are covered?")
    still asks for the whole job."""
    answer = answerer.ask("the base image of our fargate tasks has a critical cve. aws patches fargate so we're "
                          "covered?")
    assert (answer.service, answer.owner) == ("fargate", "customer"), answer.to_contract()
    assert answer.aspect is not None and "image" in answer.aspect.name, answer.to_contract()
    whole = answerer.ask("backup retention is 14 days on our aurora cluster, so backups are covered?")
    assert (whole.service, whole.owner, whole.aspect) == ("aurora", "shared", None), whole.to_contract()


def test_fargate_container_hosts_and_images_are_both_sides(answerer: Answerer) -> None:
    """On Fargate the container hosts are AWS's and the container images yours: named together, both are shown."""
    answer = answerer.ask("fargate questionnaire row: os patching of the container hosts and the container images")
    assert (answer.service, answer.owner) == ("fargate", "shared"), answer.to_contract()
    assert {c.owner for c in answer.conditions} >= {"aws", "customer"}, answer.to_contract()
