"""A broken knowledge base is refused with file, line and field, and every problem is listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import knowledge_problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_bad_yaml_names_file_and_line(kb_copy: Path) -> None:
    rds = kb_copy / "services" / "rds.yaml"
    _edit(rds, "  patching:\n", "  patching:\n   - [unclosed\n")
    (problem,) = [p for p in knowledge_problems(kb_copy) if "rds.yaml" in p]
    assert problem.startswith("knowledge/services/rds.yaml:")
    assert "(yaml)" in problem


def test_unknown_topic_names_line_and_field(kb_copy: Path) -> None:
    rds = kb_copy / "services" / "rds.yaml"
    _edit(rds, "  availability:\n", "  avalability:\n")
    line = _line_of(rds, "avalability:")
    assert f"knowledge/services/rds.yaml:{line}: topics.avalability: unknown topic id" in knowledge_problems(kb_copy)


def test_bad_owner_and_missing_source(kb_copy: Path) -> None:
    rds = kb_copy / "services" / "rds.yaml"
    text = rds.read_text()
    start = text.index("  network-config:")
    block_end = text.index("  access-control:")
    block = text[start:block_end]
    sources_at = block.index("    sources:")
    broken = block[:sources_at].replace("owner: customer", "owner: maybe")
    rds.write_text(text[:start] + broken + text[block_end:])
    problems = knowledge_problems(kb_copy)
    owner_line = _line_of(rds, "owner: maybe")
    assert any(p.startswith(f"knowledge/services/rds.yaml:{owner_line}: topics.network-config.owner: must be one of")
               for p in problems)
    assert any("topics.network-config.sources: is missing" in p for p in problems)


def test_non_aws_source_is_refused(kb_copy: Path) -> None:
    rds = kb_copy / "services" / "rds.yaml"
    _edit(rds, "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
          "http://example.com/blog")
    assert any("is not an https AWS documentation URL" in p for p in knowledge_problems(kb_copy))


def test_alias_claimed_by_two_services(kb_copy: Path) -> None:
    aurora = kb_copy / "services" / "aurora.yaml"
    _edit(aurora, "aliases: [", "aliases: [pg on rds, ")
    problems = knowledge_problems(kb_copy)
    assert any("alias 'pg on rds' is also claimed by service" in p for p in problems)


def test_missing_required_override(kb_copy: Path) -> None:
    rds = kb_copy / "services" / "rds.yaml"
    _edit(rds, "  logging:\n", "  service-config-old:\n")
    problems = knowledge_problems(kb_copy)
    assert any("topics: needs its own reviewed entry for 'logging'" in p for p in problems)


def test_every_problem_is_listed_at_once(kb_copy: Path) -> None:
    _edit(kb_copy / "services" / "rds.yaml", "model: managed", "model: mainframe")
    _edit(kb_copy / "topics.yaml", "  - id: ddos", "  - id: DDoS!")
    problems = knowledge_problems(kb_copy)
    assert any("rds.yaml" in p and "model" in p for p in problems)
    assert any("topics.yaml" in p and ".id:" in p for p in problems)


def test_kb_check_exit_codes(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--knowledge", str(kb_copy), "kb", "check"]) == 0
    assert "39 services" in capsys.readouterr().out
    _edit(kb_copy / "services" / "rds.yaml", "owner: aws", "owner: amazon")
    assert main(["--knowledge", str(kb_copy), "kb", "check"]) == 1
    err = capsys.readouterr().err
    assert "knowledge/services/rds.yaml:" in err and "owner: must be one of" in err


def test_tie_break_must_list_every_topic(kb_copy: Path) -> None:
    topics = kb_copy / "topics.yaml"
    _edit(topics, "tie_break: [patching, ", "tie_break: [")
    line = _line_of(topics, "tie_break:")
    assert any(p.startswith(f"knowledge/topics.yaml:{line}: tie_break: must list every topic id once")
               and "'patching'" in p for p in knowledge_problems(kb_copy))


def test_a_topic_case_needs_an_owner_words_a_source_and_a_date(kb_copy: Path) -> None:
    topics = kb_copy / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    start = text.index("      - when: Testing that backups restore")
    end = text.index("        verified: 2026-11-30\n", start) + len("        verified: 2026-11-30\n")
    topics.write_text(text[:start] + "      - when: Testing that backups restore\n        then: Yours.\n" + text[end:],
                      encoding="utf-8")
    line = _line_of(topics, "      - when: Testing that backups restore")
    problems = knowledge_problems(kb_copy)
    for missing in ("keywords", "sources", "verified"):
        assert any(p.startswith(f"knowledge/topics.yaml:{line}: ") and f".cases[0].{missing}: is missing" in p
                   for p in problems), (missing, problems)


def test_a_misspelt_top_level_key_is_named(kb_copy: Path) -> None:
    """"every_topc:" would otherwise drop every case it holds without a word."""
    topics = kb_copy / "topics.yaml"
    _edit(topics, "every_topic:", "every_topc:")
    line = _line_of(topics, "every_topc:")
    assert any(p.startswith(f"knowledge/topics.yaml:{line}: topics.yaml.every_topc: unknown field")
               for p in knowledge_problems(kb_copy)), knowledge_problems(kb_copy)


def test_words_that_rule_a_case_out_need_a_facet(kb_copy: Path) -> None:
    """`unless` rules a facet out when the question names another kind of the service; on a case
    without keywords nothing could be ruled out, so the file says so, with line and field."""
    rds = kb_copy / "services" / "rds.yaml"
    text = rds.read_text(encoding="utf-8")
    start = text.index("    conditions:\n", text.index("  backup:"))
    when = text.index("      - when:", start)
    case = "      - when: A case with no keywords\n        then: Yours.\n        owner: customer\n"
    rds.write_text(text[:when] + case + "        unless: [serverless]\n" + text[when:], encoding="utf-8")
    line = _line_of(rds, "        unless: [serverless]")
    assert any(p.startswith(f"knowledge/services/rds.yaml:{line}: ") and ".unless: only a case with keywords" in p
               for p in knowledge_problems(kb_copy)), knowledge_problems(kb_copy)
    _edit(rds, "        unless: [serverless]\n", "        unless: serverless\n")
    assert any(".unless: must be a list of non-empty strings" in p for p in knowledge_problems(kb_copy))


def test_a_layer_s_unless_must_be_a_list(kb_copy: Path) -> None:
    cloudtrail = kb_copy / "services" / "cloudtrail.yaml"
    _edit(cloudtrail, "    unless: [longer than 90 days,", "    unless: 90\n    x_unless: [longer than 90 days,")
    line = _line_of(cloudtrail, "    unless: 90")
    problems = knowledge_problems(kb_copy)
    assert any(p.startswith(f"knowledge/services/cloudtrail.yaml:{line}: layers[")
               and ".unless: must be a list of non-empty strings" in p for p in problems), problems


def test_a_title_for_a_non_aws_url_names_its_line(kb_copy: Path) -> None:
    """A page cited in sources/*.yaml must be AWS's own: refused at its line, never a traceback."""
    titles = kb_copy / "sources" / "aws-docs.yaml"
    titles.write_text(titles.read_text() + '"https://example.com/some-blog": "Some blog"\n')
    line = _line_of(titles, "example.com/some-blog")
    assert any(p.startswith(f"knowledge/sources/aws-docs.yaml:{line}: ") and "is not an https AWS documentation URL"
               in p for p in knowledge_problems(kb_copy))


def test_a_topic_case_names_real_services_only(kb_copy: Path) -> None:
    """A topic case may say which services it is true of; an id that is no service file is named with its
    line, and `services` on a service's own case (already one service's) is an unknown field."""
    topics = kb_copy / "topics.yaml"
    _edit(topics, "        services: [rds, aurora,", "        services: [rdss, aurora,")
    line = _line_of(topics, "services: [rdss,")
    rds = kb_copy / "services" / "rds.yaml"
    _edit(rds, "      - when: Failover of a Multi-AZ deployment you already turned on\n",
          "      - when: Failover of a Multi-AZ deployment you already turned on\n        services: [rds]\n")
    rds_line = _line_of(rds, "        services: [rds]")
    problems = knowledge_problems(kb_copy)
    assert any(p.startswith(f"knowledge/topics.yaml:{line}: ") and ".services: unknown service id 'rdss'" in p
               for p in problems), problems
    assert any(p.startswith(f"knowledge/services/rds.yaml:{rds_line}: ") and "services: unknown field" in p
               for p in problems), problems


def test_an_unreadable_service_file_is_reported_once(kb_copy: Path) -> None:
    """A service file whose YAML is broken is named with its line; the other files that mention the service
    (equivalents, Security Hub and GuardDuty artefacts) do not bury it under "unknown service id"."""
    eks = kb_copy / "services" / "eks.yaml"
    _edit(eks, "  patching:\n", "  patching:\n   - [unclosed\n")
    problems = knowledge_problems(kb_copy)
    assert any(p.startswith("knowledge/services/eks.yaml:") and "(yaml)" in p for p in problems), problems
    assert not [p for p in problems if "unknown service id 'eks'" in p], problems
