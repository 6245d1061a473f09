"""The extraction rules, one pattern at a time, on short texts of our own sentences."""

from __future__ import annotations

import pytest

from accordgraph.extract import extract_text, person_countries


def facts(text: str, kind: str | None = None) -> list[dict]:
    out = []
    for fact in extract_text(text):
        d = fact.to_dict()
        d.pop("evidence")
        if kind is None or d["kind"] == kind:
            out.append(d)
    return out


def pairs(text: str, kind: str, *fields: str) -> set[tuple]:
    return {
        tuple(f[x] if not isinstance(f[x], list) else tuple(f[x]) for x in fields) for f in facts(text, kind)
    }


# ------------------------------------------------------------------ offices and persons


@pytest.mark.parametrize(
    ("text", "person", "country"),
    [
        ("Kazakhstani President Kassym-Jomart Tokayev arrived on Monday.", "Kassym-Jomart Tokayev", "KAZ"),
        ("Syria's interim President Ahmed al-Sharaa spoke on Monday.", "Ahmed al-Sharaa", "SYR"),
        ("Israel Prime Minister Benjamin Netanyahu spoke on Monday.", "Benjamin Netanyahu", "ISR"),
        ("President Rumen Radev of Bulgaria spoke on Monday.", "Rumen Radev", "BGR"),
        ("Omani Foreign Minister Salim Haddad spoke on Monday.", "Salim Haddad", "OMN"),
        ("Ohio Senator Jane Whitlock spoke on Monday.", "Jane Whitlock", "USA"),  # a US state
        ("Secretary of State Grace Holloway spoke on Monday.", "Grace Holloway", "USA"),  # title implies it
        ("Vice President JD Vance spoke on Monday.", "JD Vance", "USA"),  # the actor dictionary
        ("U.S. Ambassador to Israel Tom Reyes spoke on Monday.", "Tom Reyes", "USA"),  # not Israel
    ],
)
def test_title_and_name_give_an_office_and_its_country(text: str, person: str, country: str) -> None:
    assert pairs(text, "holds_office", "person", "country") == {(person, country)}


def test_a_former_office_is_marked_former_and_not_used_for_the_president() -> None:
    text = (
        "Former Israeli Prime Minister Naftali Bennett said the talks were useful.\n"
        "The prime minister said nothing else."  # Bennett is not "the prime minister"
    )
    assert pairs(text, "holds_office", "person", "office", "country") == {
        ("Naftali Bennett", "former Prime Minister", "ISR")
    }
    assert [f["speaker"] for f in facts(text, "said")] == ["Naftali Bennett"]


def test_an_honorific_is_not_an_office_but_does_not_hide_one() -> None:
    text = "Saudi Foreign Minister Prince Faisal bin Farhan said the kingdom was patient."
    assert pairs(text, "holds_office", "person", "office", "country") == {
        ("Faisal bin Farhan", "Foreign Minister", "SAU")
    }


def test_a_surname_later_in_the_article_is_the_same_person() -> None:
    text = (
        "Bahraini Foreign Minister Khalid Nasser arrived in Cairo on Monday.\n"
        "Nasser said the talks had been frank."
    )
    assert pairs(text, "said", "speaker") == {("Khalid Nasser",)}


def test_a_surname_alone_takes_the_dictionary_name() -> None:
    assert pairs("Netanyahu said the agreement would hold.", "said", "speaker") == {("Benjamin Netanyahu",)}


def test_the_president_and_he_resolve_to_the_right_person() -> None:
    text = (
        "Kazakh President Kassym-Jomart Tokayev met Prime Minister Narendra Modi in Astana.\n"
        "The president said the visit had opened a new chapter.\n"
        "He added that trade would double."
    )
    assert [f["speaker"] for f in facts(text, "said")] == ["Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"]


def test_person_countries_come_from_the_text_before_the_dictionary() -> None:
    # The dictionary says USA for Huckabee; nothing in this text says otherwise.
    text = "Egyptian Foreign Minister Omar Lotfy met Mike Huckabee in Cairo."
    assert person_countries(text) == {"Mike Huckabee": "USA", "Omar Lotfy": "EGY"}


# ------------------------------------------------------------------ quotations and speech


def test_quote_before_and_after_its_attribution() -> None:
    text = (
        '"We are ready," Jordanian Foreign Minister Ayman Safadi said on Tuesday.\n'
        'Safadi told reporters: "The region needs calm."'
    )
    assert pairs(text, "said", "speaker", "quote") == {
        ("Ayman Safadi", "We are ready"),
        ("Ayman Safadi", "The region needs calm."),
    }


def test_curly_and_uk_single_quotes_keep_apostrophes_inside_words() -> None:
    text = (
        "\u2018We don't want a war and it\u2019s not our choice,\u2019 said Iranian Foreign Minister Abbas"
        " Araghchi.\n"
        "\u201cThe world\u2019s patience is not endless,\u201d Araghchi added."
    )
    assert pairs(text, "said", "quote") == {
        ("We don't want a war and it\u2019s not our choice",),
        ("The world\u2019s patience is not endless",),
    }


def test_a_quote_split_by_its_attribution_gives_both_parts_to_the_speaker() -> None:
    text = "'The door is open,' Qatari Prime Minister Ali Mansour said, 'and it will stay open.'"
    assert pairs(text, "said", "speaker", "quote") == {
        ("Ali Mansour", "The door is open"),
        ("Ali Mansour", "and it will stay open."),
    }


def test_a_multi_sentence_quote_is_one_fact_with_the_paragraph_as_evidence() -> None:
    text = '"We signed today. We will build tomorrow. Peace is work," Tokayev said.'
    said = extract_text(text)
    assert [(f.speaker, f.quote) for f in said] == [
        ("Kassym-Jomart Tokayev", "We signed today. We will build tomorrow. Peace is work")
    ]
    assert said[0].evidence is not None and (said[0].evidence.start, said[0].evidence.end) == (0, len(text))


def test_a_continuation_quote_in_the_next_sentence_keeps_the_speaker() -> None:
    text = '"We are close," Rubio said. "Very close."'
    assert pairs(text, "said", "quote") == {("We are close",), ("Very close.",)}
    assert pairs(text, "said", "speaker") == {("Marco Rubio",)}


def test_attribution_in_the_previous_sentence_with_a_colon() -> None:
    text = 'Azerbaijani President Ilham Aliyev put it simply:\n"Peace is the only road."'
    assert pairs(text, "said", "speaker", "quote") == {("Ilham Aliyev", "Peace is the only road.")}


@pytest.mark.parametrize(
    "text",
    [
        "'The meeting was useful,' a senior official said.",
        '"It is a betrayal," a spokesman for Abbas said.',
        '"Masks are encouraged," the White House said.',
    ],
)
def test_a_quote_by_an_unnamed_source_has_no_speaker(text: str) -> None:
    assert facts(text, "said") == []


def test_reported_speech_with_an_explicit_verb_and_a_pronoun() -> None:
    text = (
        "Armenian Prime Minister Nikol Pashinyan arrived in Washington on Sunday.\n"
        "He emphasized that the border talks would continue."
    )
    assert facts(text, "said") == [{"kind": "said", "speaker": "Nikol Pashinyan", "quote": None}]


def test_a_short_fragment_tied_to_a_speech_verb_is_a_quote() -> None:
    text = 'Trump said Saudi Arabia would join "in their own time."'
    assert pairs(text, "said", "speaker", "quote") == {("Donald J. Trump", "in their own time.")}


def test_a_quoted_title_is_not_a_quotation() -> None:
    text = "'We are close,' Kushner told NBC's 'Meet the Press.'"
    assert pairs(text, "said", "quote") == {("We are close",)}


# ------------------------------------------------------------------ joined


def test_joined_with_canonical_agreement_names() -> None:
    assert pairs("Kazakhstan joined the Abraham Accord on Thursday.", "joined", "country", "agreement") == {
        ("KAZ", "Abraham Accords")
    }
    assert pairs("Sweden formally joined NATO in March.", "joined", "country", "agreement") == {
        ("SWE", "NATO")
    }


def test_joined_lists_possessive_entries_and_back_references() -> None:
    text = (
        "Egypt's entry into BRICS took effect in January.\n"
        "Before that, five nations had joined the bloc: Brazil, Russia, India, China and South Africa."
    )
    assert pairs(text, "joined", "country") == {("EGY",), ("BRA",), ("RUS",), ("IND",), ("CHN",), ("ZAF",)}


@pytest.mark.parametrize(
    "text",
    [
        "Lebanon will not join the Abraham Accords, its foreign minister said.",
        "Syria joining the Abraham Accords isn't realistic yet.",
        "Saudi Arabia could join the Abraham Accords next year.",
        "Azerbaijan weighs joining the Abraham Accords.",
        "Oman is mentioned often in talk of the Abraham Accords.",
    ],
)
def test_no_joined_for_negated_hypothetical_or_merely_mentioned(text: str) -> None:
    assert facts(text, "joined") == []


def test_a_deal_the_article_names_makes_its_parties_members() -> None:
    text = (
        "Israel and Bahrain signed a peace deal with each other on Tuesday.\n"
        "The agreements between Israel and Bahrain will be known as the Abraham Accords."
    )
    assert ("BHR", "Abraham Accords") in pairs(text, "joined", "country", "agreement")


def test_a_deal_without_a_named_agreement_is_not_an_accession() -> None:
    text = "The agreements between Israel and Bahrain were signed on Tuesday."
    assert facts(text, "joined") == []


# ------------------------------------------------------------------ named candidates


def test_named_candidates_by_a_named_person() -> None:
    text = (
        "Kazakhstan joined the Abraham Accords on Thursday.\n"
        "Among the potential additions, envoy Steve Witkoff named Lebanon, Libya and Kazakhstan."
    )
    found = facts(text, "named_candidate")
    assert {(f["country"], f["by"], f["agreement"]) for f in found} == {
        ("LBN", "Steve Witkoff", "Abraham Accords"),
        ("LBY", "Steve Witkoff", "Abraham Accords"),
    }  # Kazakhstan is already a member


def test_no_candidates_without_a_person_or_without_a_cue() -> None:
    assert (
        facts("Analysts say Oman and Qatar are likely candidates for the Abraham Accords.", "named_candidate")
        == []
    )
    assert facts("Rubio visited Oman and Qatar last week.", "named_candidate") == []


def test_a_negated_candidate_is_not_named() -> None:
    text = "Rubio said Lebanon could join the Abraham Accords but Syria could not join soon."
    assert pairs(text, "named_candidate", "country") == {("LBN",)}


# ------------------------------------------------------------------ meetings and visits


def test_a_call_between_two_leaders_arranged_by_a_third() -> None:
    text = (
        "Trump coordinated a call between Israeli Prime Minister Benjamin Netanyahu and Kazakhstani"
        " President Kassym-Jomart Tokayev."
    )
    assert facts(text, "met") == [
        {
            "kind": "met",
            "participants": ["Benjamin Netanyahu", "Kassym-Jomart Tokayev"],
            "mode": "phone",
            "facilitator": "Donald J. Trump",
        }
    ]


def test_meeting_in_person() -> None:
    text = "Secretary of State Marco Rubio met Syria's interim President Ahmed al-Sharaa in New York."
    assert pairs(text, "met", "participants", "mode") == {(("Marco Rubio", "Ahmed al-Sharaa"), "in_person")}


def test_separate_meetings_are_separate_facts() -> None:
    text = "President Trump held separate meetings in the Oval Office with Netanyahu and Tokayev."
    assert {frozenset(p) for (p,) in pairs(text, "met", "participants")} == {
        frozenset({"Donald J. Trump", "Benjamin Netanyahu"}),
        frozenset({"Donald J. Trump", "Kassym-Jomart Tokayev"}),
    }
    # The Oval Office is in the USA: both guests visited it.
    assert pairs(text, "visit", "visitor", "host") == {
        ("Benjamin Netanyahu", "USA"),
        ("Kassym-Jomart Tokayev", "USA"),
    }


def test_hosting_is_a_meeting_and_a_visit_by_the_guest() -> None:
    text = "Trump hosted Kazakh President Kassym-Jomart Tokayev at the White House for dinner."
    assert pairs(text, "met", "participants") == {(("Donald J. Trump", "Kassym-Jomart Tokayev"),)}
    assert pairs(text, "visit", "visitor", "host") == {("Kassym-Jomart Tokayev", "USA")}


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("Saudi Crown Prince Mohammed bin Salman's scheduled visit to the White House was confirmed.", "USA"),
        ("Mohammed bin Salman will travel to Paris next week.", "FRA"),
        ("Mohammed bin Salman is scheduled to visit Japan in May.", "JPN"),
    ],
)
def test_visits_including_scheduled_ones(text: str, host: str) -> None:
    assert pairs(text, "visit", "visitor", "host") == {("Mohammed bin Salman", host)}


def test_a_leader_at_home_is_not_visiting() -> None:
    assert facts("Saudi Crown Prince Mohammed bin Salman will travel to Riyadh on Friday.", "visit") == []


# ------------------------------------------------------------------ the whole article


def test_order_is_deterministic_and_evidence_holds_quotes() -> None:
    text = (
        "Morocco joined the Abraham Accords in December.\n"
        '"This is historic," Trump said. Moroccan Foreign Minister Nasser Bourita met Netanyahu in Rabat.\n'
        "Bourita said more countries would follow."
    )
    first, second = extract_text(text), extract_text(text)
    assert first == second
    starts = [f.evidence.start for f in first if f.evidence]
    assert starts == sorted(starts)
    for f in first:
        assert f.evidence is not None and 0 <= f.evidence.start < f.evidence.end <= len(text)
        if getattr(f, "quote", None):
            assert f.quote in text[f.evidence.start : f.evidence.end]


def test_a_fact_repeated_in_an_article_is_reported_once() -> None:
    text = "Kazakhstan joined the Abraham Accords.\nKazakhstan joined the Abraham Accords on Thursday."
    assert len(facts(text, "joined")) == 1


def test_empty_and_blank_text_give_no_facts() -> None:
    assert extract_text("") == []
    assert extract_text(" \n\n  ") == []


def test_appositive_offices_before_and_after_the_name() -> None:
    text = (
        "Abdullah bin Zayed, the UAE's foreign minister, said the deal was historic.\n"
        "The Emirati foreign minister, Abdullah bin Zayed, said it again on Tuesday."
    )
    assert pairs(text, "holds_office", "person", "country") == {("Abdullah bin Zayed", "ARE")}
    assert len(facts(text, "said")) == 2


def test_two_persons_meeting_as_a_joint_subject() -> None:
    text = "Netanyahu and Tokayev met at the White House on Tuesday."
    assert pairs(text, "met", "participants") == {(("Benjamin Netanyahu", "Kassym-Jomart Tokayev"),)}


def test_a_country_that_could_become_the_next_member_is_a_candidate_not_a_member() -> None:
    text = "Azerbaijan could become the next country to join the Abraham Accords, Trump said."
    assert facts(text, "joined") == []
    assert pairs(text, "named_candidate", "country", "by") == {("AZE", "Donald J. Trump")}


def test_the_candidate_is_named_by_the_speaker_not_by_a_person_mentioned_first() -> None:
    text = "Asked about Netanyahu, Trump said Saudi Arabia would eventually join the Abraham Accords."
    assert pairs(text, "named_candidate", "country", "by") == {("SAU", "Donald J. Trump")}


def test_a_visit_needs_the_person_as_the_traveller() -> None:
    text = "Netanyahu said an Israeli delegation would travel to Khartoum soon."
    assert facts(text, "visit") == []


def test_a_visit_to_several_places_through_a_relative_clause() -> None:
    text = "Witkoff, who visited Baku and Yerevan last week, said talks were going well."
    assert pairs(text, "visit", "visitor", "host") == {("Steve Witkoff", "AZE"), ("Steve Witkoff", "ARM")}


def test_an_office_in_apposition_after_a_possessive_country() -> None:
    text = "Sudan's acting foreign minister, Omer Qamar al-Din, said the deal would go to parliament."
    assert pairs(text, "holds_office", "person", "office", "country") == {
        ("Omer Qamar al-Din", "acting foreign minister", "SDN")
    }
    assert pairs(text, "said", "speaker") == {("Omer Qamar al-Din",)}


def test_an_announced_accession_is_joined_but_a_conditional_one_is_not() -> None:
    assert pairs("Kazakhstan announced it would join the Abraham Accords.", "joined", "country") == {("KAZ",)}
    text = "Saudi Arabia said it would join the Abraham Accords if a Palestinian state is created."
    assert facts(text, "joined") == []


def test_normalising_relations_is_an_accession_only_under_a_named_agreement() -> None:
    text = "Morocco normalised relations with Israel under the Abraham Accords in December 2020."
    assert ("MAR",) in pairs(text, "joined", "country")
    assert facts("Morocco normalised relations with Israel in December 2020.", "joined") == []


def test_a_name_standing_for_a_group_is_not_a_person_acting() -> None:
    text = "The Trump administration hosted Netanyahu at the White House."
    assert facts(text, "met") == []


def test_officials_signing_an_agreement_sign_for_the_countries_their_titles_name() -> None:
    text = (
        "Israeli Prime Minister Benjamin Netanyahu and Emirati Foreign Minister Abdullah bin Zayed signed"
        " the Abraham Accords as President Donald Trump looked on."
    )
    assert pairs(text, "joined", "country") == {("ISR",), ("ARE",)}  # no country stated for Trump


def test_signing_deals_the_sentence_names_further_on() -> None:
    text = "The UAE and Bahrain signed the US-brokered deals, dubbed the Abraham Accords, on Tuesday."
    assert pairs(text, "joined", "country", "agreement") == {
        ("ARE", "Abraham Accords"),
        ("BHR", "Abraham Accords"),
    }


def test_a_country_in_a_reporters_question_is_not_named_by_the_speaker() -> None:
    text = (
        "Asked whether Saudi Arabia would be next to join the Abraham Accords, Gargash said it was Riyadh's"
        " call."
    )
    assert facts(text, "named_candidate") == []


def test_an_office_with_a_complement_before_the_name() -> None:
    text = (
        'Israel\'s ambassador to the United Nations, Gilad Erdan, said the accords had "changed everything."'
    )
    assert pairs(text, "holds_office", "person", "country") == {("Gilad Erdan", "ISR")}
    assert pairs(text, "said", "speaker", "quote") == {("Gilad Erdan", "changed everything.")}


def test_said_before_a_possessive_title_and_the_name() -> None:
    text = '"We want peace," said Bahrain\'s foreign minister, Abdullatif al-Zayani.'
    assert pairs(text, "said", "speaker", "quote") == {("Abdullatif al-Zayani", "We want peace")}


def test_the_minister_and_according_to() -> None:
    text = (
        "Egyptian Foreign Minister Badr Abdelatty arrived in Riyadh on Monday.\n"
        "The minister said the talks were productive.\n"
        '"The region is changing fast," according to Abdelatty.\n'
        '"It is a good day," according to a joint statement.'
    )
    assert [(f["speaker"], f["quote"]) for f in facts(text, "said")] == [
        ("Badr Abdelatty", None),
        ("Badr Abdelatty", "The region is changing fast"),
    ]
    assert pairs(text, "visit", "visitor", "host") == {("Badr Abdelatty", "SAU")}


def test_becoming_a_member_and_being_admitted_but_not_applying() -> None:
    text = (
        "Finland and Sweden applied to join NATO in May 2022.\n"
        "Indonesia became a full member of BRICS in January.\n"
        "NATO admitted Finland in April 2023, and Sweden's bid to join the alliance was approved later.\n"
        "Saudi Arabia has been invited to join BRICS but has not confirmed."
    )
    assert pairs(text, "joined", "country", "agreement") == {("IDN", "BRICS"), ("FIN", "NATO")}


def test_a_mediator_is_the_facilitator_not_a_participant() -> None:
    text = (
        "Syrian Foreign Minister Asaad al-Shaibani met Israeli minister Ron Dermer in Paris, in talks"
        " mediated by US envoy Tom Barrack."
    )
    assert facts(text, "met") == [
        {
            "kind": "met",
            "participants": ["Asaad al-Shaibani", "Ron Dermer"],
            "mode": "in_person",
            "facilitator": "Tom Barrack",
        }
    ]


def test_a_countrys_office_without_a_name_refers_back_to_its_holder() -> None:
    text = (
        "Israeli Prime Minister Benjamin Netanyahu arrived in Abu Dhabi on Monday.\n"
        "Israel's prime minister said the visit was historic.\n"
        "Jordan's foreign minister said the region needed calm."  # nobody named: no speaker
    )
    assert [f["speaker"] for f in facts(text, "said")] == ["Benjamin Netanyahu"]
    assert pairs(text, "visit", "visitor", "host") == {("Benjamin Netanyahu", "ARE")}


def test_a_question_attributed_in_the_next_sentence() -> None:
    text = '"Why not?" Trump asked. "We can do it," said Rubio.'
    assert pairs(text, "said", "speaker", "quote") == {
        ("Donald J. Trump", "Why not?"),
        ("Marco Rubio", "We can do it"),
    }


def test_next_week_is_not_a_nomination_but_could_be_next_is() -> None:
    assert facts("Rubio will travel to Oman next week, Trump said.", "named_candidate") == []
    assert facts("Trump said it was possible that Qatar would host the talks.", "named_candidate") == []
    text = "Oman and Sudan could be next, White House adviser Jared Kushner told CNN."
    assert pairs(text, "named_candidate", "country", "by") == {
        ("OMN", "Jared Kushner"),
        ("SDN", "Jared Kushner"),
    }


def test_a_statement_after_its_content_and_nothing_said() -> None:
    assert pairs("Rubio will travel to Oman next week, Trump said.", "said", "speaker") == {
        ("Donald J. Trump",)
    }
    assert facts("Trump told him.", "said") == []


def test_a_negation_elsewhere_in_the_clause_does_not_undo_an_accession() -> None:
    text = "Kazakhstan, which has not had tension with Israel, joined the Abraham Accords in November."
    assert pairs(text, "joined", "country") == {("KAZ",)}
    assert facts("Lebanon did not join the Abraham Accords.", "joined") == []


def test_then_secretary_is_a_former_office() -> None:
    assert pairs("Then-Secretary of State Mike Pompeo praised the deal.", "holds_office", "office") == {
        ("former Secretary of State",)
    }


def test_his_visit_belongs_to_the_sentences_subject() -> None:
    text = (
        "In his first visit to Saudi Arabia, Trump signed arms deals worth billions.\n"
        "Netanyahu landed in Abu Dhabi on Thursday. During his visit to the UAE he met Mohammed bin Zayed."
    )
    assert pairs(text, "visit", "visitor", "host") == {
        ("Donald J. Trump", "SAU"),
        ("Benjamin Netanyahu", "ARE"),
    }
    assert pairs(text, "met", "participants") == {(("Benjamin Netanyahu", "Mohammed bin Zayed"),)}


def test_a_first_name_with_an_honorific_is_the_person_already_named() -> None:
    text = (
        "Emirati Foreign Minister Sheikh Abdullah bin Zayed Al Nahyan arrived on Monday.\n"
        '"We are witnessing a change," Sheikh Abdullah said.'
    )
    assert pairs(text, "said", "speaker") == {("Abdullah bin Zayed Al Nahyan",)}  # not King Abdullah II


def test_he_is_the_previous_subject_not_a_person_after_a_preposition() -> None:
    text = 'According to Netanyahu, Trump called the deal historic.\n"It was a great day," he said.'
    assert pairs(text, "said", "speaker") == {("Donald J. Trump",)}


def test_honorific_name_with_an_appositive_office_and_the_prince_later() -> None:
    text = (
        "Saudi Arabia will not change course, Prince Faisal bin Farhan, the Saudi foreign minister, said.\n"
        "Speaking alongside his Egyptian counterpart, Badr Abdelatty, the prince said the position was"
        ' "firm."'
    )
    assert pairs(text, "holds_office", "person", "country") == {("Faisal bin Farhan", "SAU")}
    assert pairs(text, "said", "speaker", "quote") == {
        ("Faisal bin Farhan", None),
        ("Faisal bin Farhan", "firm."),
    }


def test_a_ministers_portfolio_between_title_and_name() -> None:
    text = (
        "Saudi Minister of State for Foreign Affairs Adel Al-Jubeir told Arab News it was not on the table."
    )
    assert pairs(text, "holds_office", "person", "office", "country") == {
        ("Adel Al-Jubeir", "Minister of State for Foreign Affairs", "SAU")
    }


def test_a_headline_statement_is_not_counted_again_but_the_bodys_is() -> None:
    text = (
        "Trump says Kazakhstan will join Abraham Accords\n"
        "President Donald Trump said on Thursday that Kazakhstan had agreed to join the Abraham Accords."
    )
    said = extract_text(text)
    said = [f for f in said if f.kind == "said"]
    assert [(f.speaker, f.quote) for f in said] == [("Donald Trump", None)]
    assert said[0].evidence is not None and said[0].evidence.start > 0  # from the body, not the headline


def test_leaders_envoys_with_a_region_and_top_diplomats() -> None:
    text = (
        "US Special Envoy for the Middle East Steve Witkoff met Syrian leader Ahmed al-Sharaa in Riyadh.\n"
        "Saudi Arabia's top diplomat, Prince Faisal bin Farhan, said the kingdom was patient."
    )
    assert pairs(text, "holds_office", "person", "country") == {
        ("Steve Witkoff", "USA"),
        ("Ahmed al-Sharaa", "SYR"),
        ("Faisal bin Farhan", "SAU"),
    }


def test_a_possessive_meeting_and_a_meeting_in_a_relative_clause() -> None:
    assert pairs("Netanyahu's meeting with Trump lasted two hours.", "met", "participants") == {
        (("Benjamin Netanyahu", "Donald J. Trump"),)
    }
    assert pairs("Trump, who met Netanyahu last week, said peace was near.", "met", "participants") == {
        (("Donald J. Trump", "Benjamin Netanyahu"),)
    }


def test_a_lower_case_title_makes_a_person_and_she_refers_back() -> None:
    text = (
        "EU foreign policy chief Kaja Kallas met Israeli Foreign Minister Gideon Sa'ar in Brussels.\n"
        "She said the European Union wanted a ceasefire.\n"
        '"We need a political horizon," Kallas told reporters.'
    )
    assert [(f["speaker"], f["quote"]) for f in facts(text, "said")] == [
        ("Kaja Kallas", None),
        ("Kaja Kallas", "We need a political horizon"),
    ]


def test_signing_deals_with_listed_countries() -> None:
    text = (
        "Israel signed normalization deals with the UAE and Bahrain, known as the Abraham Accords, in 2020.\n"
        "Trump signed an executive order with Netanyahu watching."
    )
    assert pairs(text, "joined", "country") == {("ISR",), ("ARE",), ("BHR",)}
