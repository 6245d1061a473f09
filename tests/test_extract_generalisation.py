"""Extraction rules that must generalise (issue 3 follow-up), on short texts of our own sentences."""

from __future__ import annotations

import pytest

from accordgraph.extract import extract_text


def pairs(text: str, kind: str, *fields: str) -> set[tuple]:
    out = set()
    for fact in extract_text(text):
        d = fact.to_dict()
        if d["kind"] == kind:
            out.add(tuple(tuple(d[x]) if isinstance(d[x], list) else d[x] for x in fields))
    return out


# ------------------------------------------------------------------ 1. intent is not accession


@pytest.mark.parametrize(
    "text",
    [
        "Oman is in talks with Washington about joining the Abraham Accords.",
        "Oman is in talks over joining the Abraham Accords.",
        "Talks on Oman joining the Abraham Accords resumed in May.",
        "Negotiations over Oman's signing the Abraham Accords dragged on.",
        "Oman held discussions with Israel regarding signing the Abraham Accords.",
        "The prospect of Oman joining the Abraham Accords was raised.",
        "Oman weighs joining the Abraham Accords.",
        "Oman is considering joining the Abraham Accords.",
        "Oman considers joining the Abraham Accords.",
        "Oman mulls joining the Abraham Accords.",
        "Oman is expected to join the Abraham Accords.",
        "Oman hopes to join the Abraham Accords.",
        "Oman seeks to sign the Abraham Accords.",
        "Oman may join the Abraham Accords.",
        "Oman could join the Abraham Accords.",
        "Oman would sign the Abraham Accords.",
        "Oman might join the Abraham Accords.",
        "Oman plans to join the Abraham Accords.",
        "Oman intends to join the Abraham Accords.",
        "Oman is exploring joining the Abraham Accords.",
        "Oman has discussed signing the Abraham Accords.",
        "Oman is negotiating to join the Abraham Accords.",
        "Oman is in negotiations to join the Abraham Accords.",
        "Oman is under pressure to join the Abraham Accords.",
        "Washington is pushing Oman to join the Abraham Accords.",
        "Oman is reluctant to join the Abraham Accords.",
        "Oman declined to sign the Abraham Accords.",
        "Oman is in talks about potentially joining the Abraham Accords.",
    ],
)
def test_an_accession_talked_about_intended_or_possible_is_not_joined(text: str) -> None:
    assert pairs(text, "joined", "country") == set()


@pytest.mark.parametrize(
    "text",
    [
        "After months of talks, Oman joined the Abraham Accords.",
        "Oman, after talks over trade, joined the Abraham Accords.",
        "Oman signed the Abraham Accords on Tuesday after talks with Israel.",
        "Leaders discussed trade; Oman joined the Abraham Accords.",
        "As planned, Oman joined the Abraham Accords on Monday.",
        "Oman eventually joined the Abraham Accords.",
    ],
)
def test_talks_elsewhere_in_the_sentence_leave_an_accession_alone(text: str) -> None:
    assert pairs(text, "joined", "country") == {("OMN",)}


def test_a_named_speaker_on_talks_about_joining_names_a_candidate() -> None:
    text = "US envoy Grace Holloway said Oman is in talks about joining the Abraham Accords."
    assert pairs(text, "named_candidate", "country", "by") == {("OMN", "Grace Holloway")}
    assert pairs(text, "joined", "country") == set()


# ------------------------------------------------------------------ 2. candidates in reported speech


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        (
            "Grace Holloway said after the meeting that Oman and Qatar could both sign on once a peace"
            " deal is finalized.",
            {"OMN", "QAT"},
        ),
        (
            "Grace Holloway said she believed Oman and Qatar would eventually sign on to the Accords.",
            {"OMN", "QAT"},
        ),
        ("Grace Holloway told reporters that Oman would sign up to the Abraham Accords.", {"OMN"}),
        ("Grace Holloway said Oman might become a member of the Abraham Accords.", {"OMN"}),
        ("Grace Holloway stated that Oman will join the Abraham Accords in time.", {"OMN"}),
        ("Grace Holloway said Oman may normalize relations with Israel.", {"OMN"}),
        ("Grace Holloway said Oman should be next to join the Abraham Accords.", {"OMN"}),
        ("Grace Holloway said Oman joined the Abraham Accords and Qatar could follow.", {"QAT"}),
    ],
)
def test_a_named_speaker_names_the_countries_of_a_modal_that_clause(text: str, countries: set[str]) -> None:
    assert pairs(text, "named_candidate", "country", "by") == {(c, "Grace Holloway") for c in countries}


@pytest.mark.parametrize(
    "text",
    [
        "Two people familiar with the talks said Oman and Qatar could sign on to the Abraham Accords.",
        "Officials said Oman would eventually sign on to the Abraham Accords.",
        "Officials said Oman may normalize relations with Israel.",
        "Oman normalized relations with Israel, Grace Holloway said.",
        "Grace Holloway said Oman joined the Abraham Accords and would sign on to further deals.",
    ],
)
def test_no_candidate_from_an_unnamed_source_or_a_country_that_joined(text: str) -> None:
    assert pairs(text, "named_candidate", "country", "by") == set()


# ------------------------------------------------------------ 3. a speech verb in a coordinated predicate


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        (
            'US envoy Grace Holloway thanked the hosts and said the talks were "very productive."',
            "Grace Holloway",
            "very productive.",
        ),
        (
            'On Monday, Prime Minister Tom Reyes toured the port and said it was "a new dawn."',
            "Tom Reyes",
            "a new dawn.",
        ),
        (
            "US envoy Grace Holloway landed in Muscat and told reporters the deal was close.",
            "Grace Holloway",
            None,
        ),
    ],
)
def test_the_subject_of_the_first_verb_says_what_the_second_verb_reports(
    text: str, speaker: str, quote: str | None
) -> None:
    assert pairs(text, "said", "speaker", "quote") == {(speaker, quote)}


def test_a_person_after_the_first_verb_is_its_object_not_the_speaker() -> None:
    text = 'Officials greeted US envoy Grace Holloway and said the visit was "a success."'
    assert pairs(text, "said", "speaker") == set()


# ------------------------------------------------------------------ 4. visits by coordinated subjects


@pytest.mark.parametrize(
    ("text", "visitors", "host"),
    [
        (
            "Jared Kushner and US envoy Avi Berkowitz will travel to Rabat later this month.",
            {"Jared Kushner", "Avi Berkowitz"},
            "MAR",
        ),
        ("Jared Kushner and Avi Berkowitz visited Morocco.", {"Jared Kushner", "Avi Berkowitz"}, "MAR"),
        (
            "Jared Kushner, Avi Berkowitz and Mike Pompeo will fly to Khartoum.",
            {"Jared Kushner", "Avi Berkowitz", "Mike Pompeo"},
            "SDN",
        ),
        (
            "On Monday, US envoy Grace Holloway and Omani Foreign Minister Salim Haddad flew to Amman.",
            {"Grace Holloway", "Salim Haddad"},
            "JOR",
        ),
        # a person named before the speech verb is not travelling
        ("US envoy Grace Holloway said US envoy Tom Reyes will travel to Amman.", {"Tom Reyes"}, "JOR"),
    ],
)
def test_every_coordinated_subject_of_a_travel_verb_visits(text: str, visitors: set[str], host: str) -> None:
    assert pairs(text, "visit", "visitor", "host") == {(v, host) for v in visitors}


# -------------------------------------------------------------- 5. a visit noun with its visitor after "by"


@pytest.mark.parametrize(
    ("text", "visitor", "host"),
    [
        (
            "The deal was agreed during a visit to Khartoum by US Treasury Secretary Jane Whitlock.",
            "Jane Whitlock",
            "SDN",
        ),
        (
            "The deal followed a trip to Rabat by US Secretary of State Grace Holloway.",
            "Grace Holloway",
            "MAR",
        ),
        ("US Secretary of State Grace Holloway's visit to Sudan was brief.", "Grace Holloway", "SDN"),
        ("A visit by US envoy Grace Holloway to Amman was planned.", "Grace Holloway", "JOR"),
    ],
)
def test_a_visit_noun_with_its_place_and_visitor(text: str, visitor: str, host: str) -> None:
    assert pairs(text, "visit", "visitor", "host") == {(visitor, host)}


@pytest.mark.parametrize(
    "text",
    [
        "A visit to Washington hosted by US President Donald Trump ended the talks.",
        "A visit to Amman by plane took US envoy Grace Holloway an hour.",
    ],
)
def test_by_after_the_place_must_name_the_visitor(text: str) -> None:
    assert pairs(text, "visit", "visitor", "host") == set()


# ------------------------------------------------------------------ 6. handing documents over in person


def test_handing_documents_over_is_meeting_in_person_and_a_visit_by_the_foreign_giver() -> None:
    text = (
        "Omani Foreign Minister Salim Haddad handed the documents to US Secretary of State Grace Holloway"
        " at a ceremony in Washington."
    )
    assert pairs(text, "met", "participants", "mode") == {(("Salim Haddad", "Grace Holloway"), "in_person")}
    assert pairs(text, "visit", "visitor", "host") == {("Salim Haddad", "USA")}


def test_the_receivers_country_after_to_is_not_the_place() -> None:
    text = (
        "Omani Foreign Minister Salim Haddad handed over the signed copy of the accord to US envoy Tom Reyes."
    )
    assert pairs(text, "met", "participants") == {(("Salim Haddad", "Tom Reyes"),)}
    assert pairs(text, "visit", "visitor", "host") == set()


def test_handing_over_something_abstract_is_not_a_meeting() -> None:
    text = "US President Donald Trump handed a victory to Prime Minister Tom Reyes of Israel in Washington."
    assert pairs(text, "met", "participants") == set()
    assert pairs(text, "visit", "visitor", "host") == set()


def test_a_new_clause_after_a_comma_ends_a_meetings_objects_and_its_place() -> None:
    text = (
        "US envoy Grace Holloway met Omani Foreign Minister Salim Haddad, and US envoy Tom Reyes"
        " will travel to Amman."
    )
    assert pairs(text, "met", "participants") == {(("Grace Holloway", "Salim Haddad"),)}
    assert pairs(text, "visit", "visitor", "host") == {("Tom Reyes", "JOR")}


def test_a_serial_list_of_persons_met_in_a_place_stays_one_meeting() -> None:
    text = (
        "US envoy Grace Holloway met Omani Foreign Minister Salim Haddad, Jared Kushner, and US envoy"
        " Tom Reyes in Amman."
    )
    assert pairs(text, "met", "participants") == {
        (("Grace Holloway", "Salim Haddad", "Jared Kushner", "Tom Reyes"),)
    }


def test_a_reluctant_or_declining_country_is_not_a_candidate() -> None:
    for text in (
        "US envoy Grace Holloway said Oman is reluctant to join the Abraham Accords.",
        "US envoy Grace Holloway said Oman declined to sign the Abraham Accords.",
    ):
        assert pairs(text, "named_candidate", "country") == set()


@pytest.mark.parametrize(
    ("text", "visitors", "host"),
    [
        (
            "Israeli Prime Minister Benjamin Netanyahu made a secret trip to Saudi Arabia.",
            {"Benjamin Netanyahu"},
            "SAU",
        ),
        (
            "Israeli Prime Minister Benjamin Netanyahu paid a visit to Abu Dhabi.",
            {"Benjamin Netanyahu"},
            "ARE",
        ),
        (
            "Jared Kushner and US envoy Avi Berkowitz will make a two-day trip to Rabat.",
            {"Jared Kushner", "Avi Berkowitz"},
            "MAR",
        ),
        (
            "Jared Kushner and US envoy Avi Berkowitz are due in Rabat next week.",
            {"Jared Kushner", "Avi Berkowitz"},
            "MAR",
        ),
        ("Jared Kushner led a delegation to Rabat on Tuesday.", {"Jared Kushner"}, "MAR"),
        (
            "Jared Kushner and US envoy Avi Berkowitz, who arrived in Rabat on Monday, thanked the hosts.",
            {"Jared Kushner", "Avi Berkowitz"},
            "MAR",
        ),
    ],
)
def test_a_visit_made_paid_led_or_due(text: str, visitors: set[str], host: str) -> None:
    assert pairs(text, "visit", "visitor", "host") == {(v, host) for v in visitors}


def test_a_trip_someone_else_talks_about_is_not_their_visit() -> None:
    text = "US envoy Tom Reyes made a fuss about the trip to Rabat by US envoy Grace Holloway."
    assert pairs(text, "visit", "visitor", "host") == {("Grace Holloway", "MAR")}
    text = "US envoy Tom Reyes made a fuss about the trip to Rabat."
    assert pairs(text, "visit", "visitor", "host") == set()
    assert pairs("The payment is due in May.", "visit", "visitor") == set()


def test_a_flight_from_one_place_to_another_visits_the_destination() -> None:
    text = "US envoy Grace Holloway traveled from Washington to Muscat and Doha."
    assert pairs(text, "visit", "visitor", "host") == {("Grace Holloway", "OMN"), ("Grace Holloway", "QAT")}
    text = "Omani Foreign Minister Salim Haddad flew from Amman to Washington on Tuesday."
    assert pairs(text, "visit", "visitor", "host") == {("Salim Haddad", "USA")}
