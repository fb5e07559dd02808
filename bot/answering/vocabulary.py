"""The word lists the matcher and the intent check use: data, kept apart from the rules that read them.

Knowledge-specific words (aliases, topic words, facets) live in knowledge/; these are the
language around them: ownership, cloud context, requests of other kinds, common words never
"corrected" into a knowledge-base word.
"""

from __future__ import annotations

# Words that put a question without a service in the AWS / responsibility context. Without one
# of these (or a keyword of the model, or a phrase only clouds use), "encrypt my laptop" and
# "who patches the office wifi" would get an answer about AWS.
CLOUD_CONTEXT = frozenset("aws amazon cloud clouds az azs region regions cryptomining cryptojacking".split())
"""Words only a cloud question uses ("the regions and AZs themselves")."""
# A question about ownership, not chat that mentions a topic ("gdpr training deadline is friday").
OWNERSHIP_WORDS = frozenset(
    """who whos whose whom responsible responsibility responsibilities own owns owner owned ours mine
    job duty accountable hook automatic automatically theirs yours questionnaire""".split()
)
CONTEXT_PHRASES = frozenset({("us", "or", "them"), ("us", "or", "aws"), ("on", "us"), ("aws", "or", "us"),
                             ("them", "or", "us"), ("aws", "or", "customer"), ("customer", "or", "aws"),
                             ("aws", "or", "we"), ("or", "aws"), ("or", "us"), ("on", "aws"), ("is", "that", "us"),
                             ("aws", "vs", "us"), ("us", "vs", "aws"), ("aws", "versus", "us"), ("aws", "vs", "me"),
                             ("aws", "and", "us"), ("us", "and", "aws"), ("between", "aws")})
ACCOUNT_PHRASES = frozenset({("our", "account"), ("our", "accounts"), ("aws", "account"), ("our", "acct"),
                             ("aws", "acct")})
"""Say the question is about an AWS account (cloud context), without asking whose anything is."""
OWNERSHIP_PHRASES = CONTEXT_PHRASES | frozenset({("our", "job"), ("our", "problem"), ("whose", "job"), ("do", "we"),
                                                 ("or", "we", "do"),  # "aws manages those or we do?"
                                                 ("our", "mess"), ("our", "issue"), ("our", "headache"),
                                                 # "is that aws's job/problem": the possessive's "s" before the noun
                                                 ("s", "job"), ("s", "problem"), ("s", "fault"), ("s", "call"),
                                                 ("s", "responsibility"),
                                                 ("our", "task"), ("our", "concern"), ("our", "responsibility"),
                                                 ("whose", "mess"), ("our", "fault"), ("whose", "fault"),
                                                 ("our", "call"), ("whose", "call"), ("our", "setup"), ("our", "side"),
                                                 ("we", "have", "to"), ("we", "need", "to"), ("up", "to", "us"),
                                                 ("need", "to", "do"),
                                                 ("are", "we"), ("should", "we"), ("do", "i"), ("does", "aws"),
                                                 ("is", "aws"), ("s", "aws"), ("that", "aws"), ("it", "aws"),
                                                 ("s", "us"), ("that", "us"), ("it", "us"), ("aws", "right"),
                                                 ("us", "right"), ("will", "aws"), ("aws", "cover"),
                                                 ("aws", "handle"), ("aws", "handles"), ("aws", "does"),
                                                 # "does that make us compliant": is it inherited from AWS
                                                 ("make", "us"), ("makes", "us"), ("make", "our"), ("makes", "our"),
                                                 # "is that maintained by aws?": the agent of a passive asks who
                                                 ("by", "aws"), ("by", "amazon"), ("by", "us"),
                                                 # "is the nacl aws's to maintain": whose it is to do
                                                 ("aws", "s", "to"), ("amazon", "s", "to"),
                                                 # "those come from aws, not something we produce?": whose
                                                 ("come", "from"), ("comes", "from"),
                                                 # "is it on by default?": whether it needs anyone to turn it on
                                                 ("on", "by", "default"), ("enabled", "by", "default")})
TRAILING_ASKS = frozenset({"aws", "us", "we", "ours", "them", "problem", "issue", "fault", "side", "concern"})
TAG_QUESTIONS = frozenset({"yes", "right", "correct", "no", "or", "surely", "yeah"})
AWS_DOES = frozenset("provides provide handles handle manages manage covers cover does owns patches".split())
"""Last after "aws" ("soc 2 report for auditors, aws provides?"): a guess that AWS does it, asked."""
"""After "AWS's" ("that's squarely AWS's, yes?"): the possessive is the answer asked about, not
AWS's something ("AWS's SOC 2 report")."""
"""A question that ends on one of these ("physical security of the data centres - aws?") asks who."""

# Common words never "corrected" into a knowledge-base word.
COMMON_WORDS = frozenset(
    """about above after again against also always another anyone anything around because been
    before being below between both cannot could does doing done down during each either else
    every from have having here hers herself himself into itself just like make many might more
    most much must myself need needs never only other ours ourselves over same should some such
    than that their theirs them themselves then there these they thing things this those through
    under until very want wants well were what when where which while whom whose will with would
    your yours yourself yourselves today tomorrow yesterday please thanks thank hello morning
    team folks guys people someone somebody something think know sure really maybe still again
    going gonna wanna getting looks look looking seems seem work works working help question
    posts spent spend lunch dinner coffee meeting office laptop phone wifi printer status slack
    mine mines sending send sends sent watch watches watching watched match matches matching catch batch
    latch hatch pitch pages paging moved moving kickoff weekend monday tuesday wednesday thursday
    friday saturday sunday report reports rejected expense expenses objections release releases
    marketing renew renews renewed badge stopped started start stops order orders lunch handles
    handle handling decides decide decided guarantees guarantee makes made take takes took
    shall sales cell cells seal deal deals host posted posting poster starts starting kicks kicked
    owns owned calls called distributed fire fires fired firing""".split()
)


INVESTIGATION_TOPIC = "incident-response"
ACCESS_TOPIC = "access-control"
CLASSIFICATION_TOPIC = "data-classification"
AVAILABILITY_TOPIC = "availability"
REMEDIES = frozenset("rotat revok contain isol quarantin".split())
"""Stems of what is done in response to an incident ("after the breach we rotate every credential"): the incident
is asked."""
RESPONSE_VERBS = frozenset("""handle handles handling respond responds responding deal deals triage triages
    contain contains containing containment investigate investigates remediate remediates""".split())
"""What is done about a finding: with a cited finding type, the question is the response to it."""
BILLING_TOPIC = "billing"
LOGGING_TOPIC = "logging"
MONITORING_MEANS = frozenset((w,) for w in "alarm alert metric monitor notif dashboard watch".split())
"""Stems of what watches something: with the bill or spend named, watching it is billing (the
contract's "billing alarms, usage and cost monitoring"), not logging."""
IN_TRANSIT_TOPIC = "encryption-in-transit"
AT_REST_TOPIC = "encryption-at-rest"
ENCRYPTION_ALONE = frozenset({("encrypt",), ("unencrypt",)})
"""Encrypted, encryption, unencrypted (stemmed): at rest, unless the question names what travels."""
CONTEXT_TOPIC = "compliance"
"""Named as the purpose ("for the SOC 2 evidence pack, who patches ..."), a framework is context:
another topic the question names outright is what it asks about."""
_NOT_PAST = frozenset("need needed".split())
DETERMINERS = frozenset("the a an our my your their its this that".split())

INVESTIGATION_VERBS = frozenset("""deleted terminated changed modified disabled stopped removed launched accessed
    detached attached edited revoked granted exposed leaked downloaded exfiltrated opened created scaled made
    ran rebooted resized shared copied renamed invoked executed assumed pushed uploaded installed dropped
    truncated wiped tampered""".split())
"""After "who": an action on a resource, so the question asks for an investigation."""
RECORDING_VERBS = frozenset("""record records recorded recording log logs logged logging track tracks tracked
    capture captures captured audit audits audited""".split())
"""Before "who …": what a log keeps ("does cloudtrail record who downloaded files"), not an investigation."""
ACTOR_PHRASES = frozenset({("who", "was", "it"), ("find", "out", "who"), ("tell", "us", "who"), ("see", "who"),
                           ("shows", "who"), ("know", "who"), ("who", "did", "that"), ("who", "did", "this"),
                           ("who", "did", "it")})
"""Asking for the actor, whatever the verb: also an investigation."""

RECORDED = frozenset("logged recorded tracked captured audited".split())
"""After "who did what": asks whether it is on record ("who downloaded what logged?"), not for the actor."""
SEEING_VERBS = frozenset("see view tell find".split())
CAN_OR_TO = frozenset("can could to".split())
"""Before "see who": whether the actor can be seen at all is asked ("can we still see who", "to see who")."""

HELD_DATA = frozenset((w,) for w in """pii phi data personal sensitiv secret secrets credenti password passwords
card cardhold health customer custom payment email emails any""".split())
"""Stems after "contain" that make it hold data ("which buckets contain pii"), not contain an incident."""
INTERNET_FACING = frozenset((w,) for w in """site website alb albs nlb elb load api apis endpoint endpoints stage
    web app page pages domain facing""".split())
"""After "public": an internet-facing thing ("the public alb", "our public site"), not public access to data."""

PATCHING_TOPIC = "patching"
OS_CONFIG_TOPIC = "os-config"
SERVICE_CONFIG_TOPIC = "service-config"
NETWORK_TOPIC = "network-config"
UPDATE_VERBS = frozenset({("updat",), ("upgrad",), ("patch",)})
"""Updating or upgrading something: said of the OS or an agent ("who updates the ecs agent + os"), it is
patching, not configuring the OS."""

FAILOVER_STEMS = frozenset({"failov", "promot"})
"""A failover or a promotion named: "who executed it" asks whose mechanism did it, not for an
investigation of who changed something."""

IAC_TOOLS = ("terraform", "cloudformation", "pulumi", "cdk")
"""Infrastructure-as-code tools: asked for as code, a how-to; named as where a resource came from, context."""

# Each kind: single words and multi-word phrases (as typed, lower case) that mark it.
CREATIVE = frozenset("""poem poems haiku haikus limerick limericks sonnet sonnets villanelle song songs lyrics rap
    jingle ballad story stories joke jokes pun puns riddle riddles meme memes slogan slogans acrostic fable fairy
    tale toast ascii playlist knock""".split())
OTHER_REQUESTS: dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]] = {
    "pricing": (frozenset("""price prices pricing priced cheap cheapest expensive discount discounts fee fees
        free cheaper estimate""".split()),
                frozenset({("how", "much"), ("cost", "per"), ("per", "tb"), ("per", "gb"), ("per", "hour"),
                           ("per", "month"), ("per", "request"), ("free", "tier"),
                           ("reserved", "instances"), ("reserved", "instance"), ("savings", "plan"),
                           ("cost", "extra"), ("costs", "extra"),
                           ("worth", "it"), ("sla", "credit"), ("sla", "credits"), ("service", "credit"),
                           ("service", "credits"), ("cost", "money"), ("costs", "money"), ("billed", "per"),
                           ("charged", "per"), ("hourly", "rate"), ("hourly", "price"), ("hourly", "cost"),
                           ("hourly", "charge"), ("billed", "hourly"), ("charged", "hourly")})),
    # A recommendation or an explanation of how something works, not who owns it: "is lambda or fargate
    # better for this", "should we do lora or full fine-tuning", "explain how pod scheduling works".
    "advice": (frozenset("""better recommend recommendation recommendations pros cons tradeoff tradeoffs
        worth standardise standardize performance""".split()),
               frozenset({("which", "is", "better"), ("should", "we", "use"), ("should", "i", "use"),
                          ("should", "we", "do"), ("explain", "how"), ("how", "works"),
                          ("best", "option"), ("best", "choice"), ("is", "the", "best"), ("is", "best"),
                          ("best", "for"), ("should", "we", "pick"), ("should", "we", "choose"),
                          ("should", "we", "model"), ("should", "we", "go"), ("should", "i", "pick"),
                          ("should", "i", "choose")})),
    "quotas": (frozenset("""quota quotas maximum max limit limits""".split()),
               frozenset({("how", "many"), ("how", "big"), ("how", "large"), ("size", "limit")})),
    "trivia": (frozenset("""invented inventor founder founded trivia acronym anniversary""".split()),
               frozenset({("what", "year"), ("stand", "for"), ("fun", "fact"), ("who", "wrote"),
                          ("is", "it", "called"), ("named", "after")})),
    "translation": (frozenset("""translate translation translated traduis traduire anglais french spanish
        german japanese italian portuguese chinese korean dutch""".split()), frozenset()),
    "role-play": (frozenset("""roleplay pretend interviewer""".split()),
                  frozenset({("role", "play"), ("act", "as"), ("act", "like"), ("you", "are", "a"),
                             ("you", "are", "now"), ("imagine", "you"), ("talk", "like"), ("to", "me", "like"),
                             ("in", "the", "voice")})),
    # An IaC tool is a request for code only asked for as code ("a terraform module", "the terraform for an
    # alb"); "the queue terraform created" or "our cloudformation stack" is where a resource came from.
    # A query asked for as one ("an athena query over the logs", "a query to list"); "rds queries" are traffic.
    "how-to": (frozenset("""syntax tutorial snippet boto3 botocore sdk regex example examples cmd""".split()),
               frozenset({("how", "do", "i"), ("how", "to"), ("how", "can", "i"), ("for", "loop"),
                          ("query", "to"), ("queries", "to"), ("write", "a", "query"), ("athena", "query"),
                          ("athena", "queries"), ("sql", "query"), ("write", "an"),
                          ("sql", "to"),  # "what's the sql to find duplicates"
                          ("cli", "command"), ("command", "to"), ("write", "a", "function"), ("write", "me"),
                          ("generate", "a"), ("give", "me", "a"), ("fastest", "way"), ("best", "way")})),
}
COMMAND_VERBS = frozenset("""create open delete add list run grant revoke restart deploy raise launch terminate
    remove reset file spin""".split())
"""Opening a message, a command to the bot ("open a support case", "list every security group"), never a topic
typed to ask who owns it ("encrypt our s3 bucket with kms", "enable mfa on root")."""
ACTION_VERBS = COMMAND_VERBS | frozenset("""enable disable rotate close attach detach apply provision turn switch patch
    encrypt""".split())
"""After "please" or "can you": a change to make, asked of the bot ("can you enable pitr on the table for me")."""
ASKING_FOR = frozenset({("can", "you"), ("could", "you"), ("would", "you"), ("you", "please")})
INCLUDED_VERBS = frozenset("""absorb absorbs absorbed cover covers covered protect protects protected include
    includes included mitigate mitigates mitigated block blocks""".split())
"""With "free" alone, a verb of protecting: whether the protection is included, not what it costs."""
MUST_WE = frozenset({("we", "have", "to"), ("we", "need", "to"), ("we", "must"), ("need", "to", "do"),
                     ("have", "to", "do"), ("sign", "up"), ("turn", "on"), ("enable",)})
"""Whether we must act: with "free" alone, asks whether a thing is included, not what it costs."""
QUOTA_WORDS = frozenset({"quota", "quotas"})
"""Never a responsibility word, not even inside the name of the Service Quotas service."""
OFFICE_VERBS = frozenset("""organising organizing organise organize printing print escorting escort covering cover
    bringing bring hosting host booking book ordering order took left taking eating ate drinking drank in
    coming joining attending presenting buying bought""".split())
"""After "who" / "who's": a task for a person, not a responsibility ("who's organising the hipaa training pizza")."""
ROTAS = frozenset("rota rotas roster rosters".split())
ROTA_WORDS = ROTAS | frozenset("shift shifts swap weekend tonight tomorrow".split())
"""With "who": a rota, or beside "on call" / "the pager" a shift, asks for a person ("who's on call this weekend,
I need to swap"), not who owns a piece of cloud security."""
ALWAYS_OFF_TOPIC = ("translation", "role-play", "trivia")
OWNERSHIP_VERBS = frozenset("""patch patches patching patched encrypt encrypts encrypted encrypting encryption
    rotate rotates rotating rotation restore restores restoring harden hardening secure securing""".split())
"""What an owner does: with ASKER_WORDS, a request about responsibility again ("how do i know who
patches ...")."""
ASKER_WORDS = frozenset("""who whose whos responsible responsibility responsibilities accountable liable ours
    owns owner""".split())
"""Words that ask who owns something, as opposed to a verb an owner would do."""
CODE_REQUESTS = frozenset({("give", "me", "a"), ("write", "me"), ("write", "a", "script"), ("generate", "a"),
                           ("boto3",), ("snippet",), ("script", "that"), ("script", "to"), ("oneliner",),
                           ("bash",), ("powershell",), ("jq",), ("cli", "command"), ("cli", "commands"),
                           ("can", "you", "write"), ("could", "you", "write"),
                           *((tool, word) for tool in IAC_TOOLS for word in ("module", "modules", "snippet", "code",
                                                                              "template", "for", "example")),
                           *((word, tool) for tool in IAC_TOOLS for word in ("me", "write", "paste"))})
"""A request for code: a verb of ownership inside it ("rotates") describes the code, not a question."""
HOW_TO_ASKS = frozenset({("how", "do", "i"), ("how", "can", "i"), ("how", "to"), ("how", "do", "you")})
"""A request for steps: "how do i restore an rds snapshot from the cli" asks how, not who."""
REQUEST_OWNERSHIP_PHRASES = frozenset({("on", "us"), ("our", "job"), ("whose", "job"), ("s", "job"), ("their", "job"),
                                       ("who", "owns"), ("who", "is"), ("who", "s"), ("whos",), ("who", "patches"),
                                       ("who", "handles"), ("back", "up"), ("our", "responsibility"),
                                       ("aws", "or", "us"), ("us", "or", "aws"), ("shared", "responsibility"),
                                       ("our", "call"), ("whose", "call"), ("our", "decision"), ("our", "choice"),
                                       ("aws", "problem"), ("our", "problem"), ("whose", "problem"),
                                       ("aws", "s", "side"), ("our", "side")})

JOKE_SHAPES = frozenset({("walks", "into", "a"), ("walked", "into", "a"), ("cross", "the", "road"),
                         ("knock", "knock"), ("roses", "are", "red"), ("violets", "are", "blue")})
"""The shape of a joke or a verse that never says "joke" or "poem"."""

CREATIVE_VERBS = frozenset("write compose make give tell sing draft create generate draw".split())

MIGRATION_WORDS = frozenset("""moving move moved migrating migrate migrated migration switching switch
    switched replatform replatforming replacing lift shift porting port""".split())
"""With two services and a "to" between them, the question is about where they are going."""
DESTINATION_WORDS = frozenset({"to", "onto", "into"})
TOGGLED = frozenset({"on", "off"})
"""Within two words after "switch" ("switch it on"), a setting toggled, not a migration."""
VERSUS = frozenset({"vs", "versus"})
"""Two sides set against each other ("inherit vs implement ourselves", "their part vs ours")."""
UNDERNEATH = frozenset({"under", "underneath", "beneath", "powering"})
"""After a service and its resource word ("the ec2 nodes under our opensearch domain"): what another
service runs on."""
FEDERATION = frozenset("feder saml oidc sso idp".split())
"""Stems that make another identity provider one federated into AWS ("okta federation", "entra saml")."""
TEAM_WORDS = frozenset("team teams folk folks admin admins crew squad".split())
"""After a product's name, the people who run it ("the vsphere team"), not what is asked about."""

PRODUCT_TIERS = frozenset((w,) for w in "class store tier queue edition plan support workflow mode ia".split())
"""Stems that make "standard" a tier of a product ("standard storage class", "standard queue")."""

PORTION_OWNERS = frozenset((w,) for w in "our ours my your their its customer customers aws fair equal s".split())
"""Right before "share" (or "s", as in "aws's share"), the share is a portion ("how does our share change"), not
sharing a resource with someone."""

REPORTER_WORDS = frozenset((w,) for w in "find flag say report alert scan detect raise show".split())
"""Stems after a tool's name that make it the reporter of a finding ("inspector finding",
"macie flagged", "trusted advisor says"), not what is asked about."""
MACHINE_WORDS = frozenset((w,) for w in "box boxes vm vms server host instanc".split())
""""The sftp box": a machine named by the software it runs (stems)."""

# knowledge/out_of_scope.yaml's groups.
OTHER_CLOUDS = "other-clouds"
ON_PREMISES = "on-premises"
OTHER_TOOLS = "other-tools"
NOT_COVERED = "aws-services-not-covered"
ELSEWHERE = frozenset({OTHER_CLOUDS, ON_PREMISES})
"""Where a workload runs instead of AWS: a service's name beside it ("on prem k8s") is not the AWS service."""
COMPARED = frozenset("like than as vs versus compared unlike from".split())
"""Right before "on prem": your own premises are the comparison ("raid1 like on prem"), AWS what is asked."""

COMMON_NOUN_ALIASES = frozenset({("config",)})
NOUN_DETERMINERS = frozenset((w,) for w in "a an our my your their".split())
SERVICE_PARTS_AFTER_CONFIG = frozenset((w,) for w in "rule record aggreg conform servic".split())
"""Stems after "our config" that make it AWS Config after all ("our config rules", "our config recorder")."""
"""A service's name that is also a common noun: after "a" or "an" ("is that a config we own") it is the noun."""

INFRASTRUCTURE_TOPICS = frozenset({"ddos", "virtualization"})
DATA_TOPICS = frozenset({"data-classification", "encryption-at-rest", "durability"})
"""Topics whose strong words ("classify our data", "encryption keys for our data") make a question
asked of this bot one about data in the cloud, with no word of a cloud."""
"""Topics whose own words are about infrastructure wherever they are said ("syn flood", "hypervisor"):
the question needs no word of a cloud to be about one."""

BARE_QUESTION_WORDS = frozenset("""who whos s is are the a an for of our we us in on and or data stored workload
    workloads overall general generally really actually exactly then""".split())
"""The words of a question that asks who owns a topic and says nothing else ("who's responsible for the
durability of stored data")."""

YOUR_RESOURCES = frozenset({("root", "user"), ("nacl",), ("nacls",), ("network", "acl"), ("network", "acls"),
                            ("runtim", "manag"), ("secur", "group")})
"""Stems of resources that are also the seed's statements: asked about yours with something said of them
("mfa on our root user", "the nacl on the private subnet", "the security group allows 22 from anywhere"),
they name the service (IAM, VPC), not the statement."""

ONE_RESOURCE_OR_PRACTICE = frozenset({("bill", "alarm"), ("secur", "group"), ("virtual", "server"),
                                      ("virtual", "machin")})
"""Stems of a seed statement said in the plural ("who sets up billing alarms", "who configures security
groups": the practice, any service) that in the singular or said of ours is one resource of its service
("a billing alarm at $5k": CloudWatch; "our security groups' inbound rules": VPC; "our virtual machines": EC2)."""

OURS = frozenset("our ours my".split())
"""Said right before a certification ("our own soc2 type ii", "our iso 27001"): the certification is
the customer's own to earn, not AWS's report."""

PURPOSE_MARKERS = (("so", "that"), ("in", "order", "to"))
"""What introduces what an action is for: "add a replica so that it can fail over" asks about adding it;
so does "so <anyone> can/could" ("so we can", "so the writer can")."""
ABLE = frozenset({"can", "could"})

AUDITORS = frozenset((w,) for w in "auditor auditors assessor assessors qsa qsas examiner examiners".split())
"""After a framework's name ("our SOC2 auditor"): who asks, not what is asked about."""
DEMANDS = frozenset((w,) for w in "wants want needs requires require mandates asks asked says insists".split())
"""After a framework's or a team's name ("compliance wants 14 days", "pci requires a year"): the reason,
not what is asked about."""

ORIGIN_VERBS = MIGRATION_WORDS | frozenset("coming come came".split())
"""Before "from": the service after it is where a workload comes from ("coming from postgres on ec2")."""
