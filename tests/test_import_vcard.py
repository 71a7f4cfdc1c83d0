"""vCards 2.1 (quoted-printable), 3.0 (iPhone) and 4.0 → contacts; CLI options."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import contact, event, write_logbook
from import_helpers import EXPORTS, cli, digest

from meetupstats.errors import ImportFileError
from meetupstats.importers.vcard import join_qp_soft_breaks, read_vcard


def test_qp_soft_breaks_are_joined_and_base64_lines_left_alone() -> None:
    text = (
        "NOTE;ENCODING=QUOTED-PRINTABLE:ab=\r\ncd=\r\nef\r\n"
        "PHOTO;ENCODING=b:QUJD=\r\n REVG\r\n"
        "TITLE:x=\r\n"
    )
    assert join_qp_soft_breaks(text) == (
        "NOTE;ENCODING=QUOTED-PRINTABLE:abcdef\r\nPHOTO;ENCODING=b:QUJD=\r\n REVG\r\nTITLE:x=\r\n"
    )


def test_vcard_21_quoted_printable() -> None:
    batch = read_vcard(EXPORTS / "android_21.vcf")
    jurgen, pekka = batch.contacts
    assert jurgen["name"] == "Jürgen Müller"
    # the literal comma of 2.1 is kept; the soft line break inside the second part is gone
    assert jurgen["company"] == "Stripe, Inc."
    assert jurgen["notes"] == "Met at ProductTank – talked about payments"
    assert jurgen["email"] == "juergen@example.net"
    assert jurgen["linkedin_url"] == "https://www.linkedin.com/in/jürgen-müller-example"
    # no FN: the name comes from N (given family)
    assert pekka["name"] == "Pekka Puup"
    assert pekka["contact_id"] == "vc-pekka-puup"
    assert pekka["source"] == "vcard" and pekka["source_id"].startswith("h")


def test_vcard_30_iphone_grouped_properties_and_photo() -> None:
    [aino] = read_vcard(EXPORTS / "iphone_30.vcf").contacts
    assert aino["name"] == "Aino Virtanen"
    assert aino["company"] == "Example Oy"  # "ORG:Example Oy;" has an empty unit
    assert aino["position"] == "Head of Product"
    assert aino["email"] == "aino.virtanen@example.com"  # item1.EMAIL, a grouped property
    # X-SOCIALPROFILE, folded over two lines
    assert aino["linkedin_url"] == "https://www.linkedin.com/in/aino-virtanen-example"
    assert aino["notes"] == "Met at ProductTank #42, interested in research ops"
    assert "9j" not in "".join(aino.values())  # the photo is ignored


def test_vcard_40() -> None:
    [ola] = read_vcard(EXPORTS / "card_40.vcf").contacts
    assert (ola["name"], ola["company"], ola["position"]) == (
        "Ola Nordmann",
        "Eksempel AS",
        "Engineering Manager",
    )
    assert ola["email"] == "Ola.Nordmann@Example.no"  # kept as written
    assert ola["linkedin_url"] == "https://www.linkedin.com/in/ola-nordmann-example"
    assert ola["source_id"] == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"


def test_met_on_and_event_are_set_on_every_card() -> None:
    batch = read_vcard(EXPORTS / "android_21.vcf", met_on="2025-03-12", event_id="pt42")
    assert {(c["met_on"], c["met_event_id"], c["met_event_inferred"]) for c in batch.contacts} == {
        ("2025-03-12", "pt42", "false")
    }


def test_not_a_vcard(tmp_path: Path) -> None:
    wrong = tmp_path / "contacts.csv"
    wrong.write_text("Name,Email\nA,a@example.com\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"expected a vCard file .*found: 'Name,Email'"):
        read_vcard(wrong)
    broken = tmp_path / "broken.vcf"
    broken.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a readable vCard"):
        read_vcard(broken)


def test_cli_cards_merge_into_linkedin_contacts_and_reimport_is_identical(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path / "lb",
        events=[event("pt42", "2025-03-12")],
        contacts=[
            contact(
                "c1",
                name="Aino Virtanen",
                linkedin_url="https://www.linkedin.com/in/aino-virtanen-example",
                position="Product lead",
            )
        ],
    )
    result = cli("import", "vcard", EXPORTS / "iphone_30.vcf", "--data", folder, "--event", "pt42")
    assert result.returncode == 0, result.stderr
    # matched through the LinkedIn URL: e-mail, company, notes, met_on filled; the
    # position typed by the user kept (a conflict)
    assert "contacts: added 0, updated 1, unchanged 0, conflicts 1" in result.stdout
    assert "position: kept 'Product lead', the import has 'Head of Product'" in result.stdout
    row = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("c1,Aino Virtanen,Example Oy,Product lead,")
    assert "aino.virtanen@example.com,2025-03-12,pt42,false" in row
    before = digest(folder)
    for name in ("iphone_30.vcf", "android_21.vcf", "card_40.vcf"):
        assert cli("import", "vcard", EXPORTS / name, "--data", folder).returncode == 0
    middle = digest(folder)
    assert middle != before
    for name in ("iphone_30.vcf", "android_21.vcf", "card_40.vcf"):
        again = cli("import", "vcard", EXPORTS / name, "--data", folder)
        assert again.returncode == 0 and "nothing changed" in again.stdout
    assert digest(folder) == middle
    assert cli("validate", "--data", folder).returncode == 0


def test_cli_unknown_event_and_bad_date_are_usage_errors(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path / "lb")
    before = digest(folder)
    result = cli("import", "vcard", EXPORTS / "card_40.vcf", "--data", folder, "--event", "nope")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--event 'nope': no row of events.csv has this event_id" in result.stderr
    result = cli(
        "import", "vcard", EXPORTS / "card_40.vcf", "--data", folder, "--met-on", "12.3.2025"
    )
    assert result.returncode == 2 and "--met-on: not a date" in result.stderr
    result = cli("import", "vcard", EXPORTS / "Connections.csv", "--data", folder)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "Connections.csv" in line and "expected a vCard file" in line
    assert digest(folder) == before
