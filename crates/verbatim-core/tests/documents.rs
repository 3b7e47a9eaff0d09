//! The project's annotated test documents (`tests/documents/` at the
//! workspace root): every document is parsed and compared with its
//! expectation file, statement by statement.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use verbatim_core::{ParseOptions, parse};

#[derive(Debug, Deserialize)]
struct Expected {
    document: String,
    language: String,
    form: String,
    title: String,
    #[serde(default)]
    charset: Option<String>,
    statements: Vec<ExpectedStatement>,
    /// Every role of the named speakers, in order (honorifics are no roles).
    #[serde(default)]
    roles: std::collections::BTreeMap<String, Vec<String>>,
    /// Speakers that must be people, not organisations.
    #[serde(default)]
    people: Vec<String>,
    /// Speakers that must be organisations, not people.
    #[serde(default)]
    organizations: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ExpectedStatement {
    kind: String,
    speaker: Option<String>,
    begins: String,
    /// The last words of the text, when the end matters.
    #[serde(default)]
    ends: Option<String>,
}

fn documents_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/documents")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(name: &str) {
    let dir = documents_dir();
    let expected: Expected = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("expectation file"),
    )
    .expect("expectation parses");
    let bytes = std::fs::read(dir.join(&expected.document)).expect("document");
    let doc = parse(&bytes, &ParseOptions::default()).expect("document parses");
    assert_eq!(doc.language, expected.language, "{name}: language");
    assert_eq!(doc.form.as_str(), expected.form, "{name}: form");
    assert_eq!(
        collapse(&doc.title),
        collapse(&expected.title),
        "{name}: title"
    );
    if let Some(charset) = &expected.charset {
        assert_eq!(&doc.charset, charset, "{name}: charset");
    }
    let got: Vec<(String, Option<String>, String)> = doc
        .statements
        .iter()
        .map(|s| {
            (
                s.kind.as_str().to_string(),
                s.speaker.map(|i| doc.speakers[i].name.clone()),
                collapse(s.text(&doc.text)),
            )
        })
        .collect();
    assert_eq!(
        got.len(),
        expected.statements.len(),
        "{name}: statement count, got {got:#?}"
    );
    for (speaker, roles) in &expected.roles {
        let found = doc
            .speakers
            .iter()
            .find(|s| &s.name == speaker)
            .unwrap_or_else(|| panic!("{name}: no speaker {speaker}"));
        assert_eq!(&found.roles, roles, "{name}: roles of {speaker}");
    }
    let kinds = expected
        .people
        .iter()
        .map(|n| (n, false))
        .chain(expected.organizations.iter().map(|n| (n, true)));
    for (speaker, organization) in kinds {
        let found = doc
            .speakers
            .iter()
            .find(|s| &s.name == speaker)
            .unwrap_or_else(|| panic!("{name}: no speaker {speaker}"));
        assert_eq!(
            found.organization, organization,
            "{name}: {speaker} is an organisation: {}",
            found.organization
        );
    }
    for (i, (g, e)) in got.iter().zip(&expected.statements).enumerate() {
        assert_eq!(g.0, e.kind, "{name}: statement {i} kind ({})", g.2);
        assert_eq!(g.1, e.speaker, "{name}: statement {i} speaker ({})", g.2);
        assert!(
            g.2.starts_with(&e.begins),
            "{name}: statement {i} text {:?} should begin with {:?}",
            g.2,
            e.begins
        );
        if let Some(ends) = &e.ends {
            assert!(
                g.2.ends_with(ends.as_str()),
                "{name}: statement {i} text {:?} should end with {:?}",
                g.2,
                ends
            );
        }
    }
}

#[test]
fn english_press_conference_with_period_labels() {
    check("en_press_conference");
}

#[test]
fn english_briefing_with_colon_labels_and_notes() {
    check("en_briefing_labels");
}

#[test]
fn english_dash_interview() {
    check("en_dash_interview");
}

#[test]
fn english_news_article() {
    check("en_news_article");
}

#[test]
fn french_article_with_guillemets_and_inversion() {
    check("fr_article");
}

#[test]
fn russian_article_with_dash_attribution() {
    check("ru_article");
}

#[test]
fn russian_flattened_transcript_with_inline_labels() {
    check("ru_transcript_flattened");
}

#[test]
fn russian_windows_1251() {
    check("ru_windows1251");
}

#[test]
fn boilerplate_heavy_page() {
    check("boilerplate_page");
}

#[test]
fn every_document_has_an_expectation() {
    for entry in std::fs::read_dir(documents_dir())
        .expect("documents dir")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt") {
            assert!(
                path.with_extension("json").exists(),
                "{} has no expectation file",
                path.display()
            );
        }
    }
}

#[test]
fn german_article_with_compound_title_and_laut() {
    check("de_article");
}

#[test]
fn spanish_article_with_segun() {
    check("es_article");
}

#[test]
fn english_short_quotes_and_role_before_name_after_the_verb() {
    check("en_short_quotes");
}

#[test]
fn french_role_complement_then_appositive_name() {
    check("fr_appositive_roles");
}

#[test]
fn russian_role_complement_patronymic_and_feminine_past_verbs() {
    check("ru_role_complement");
}

#[test]
fn english_honorifics_are_not_roles() {
    check("en_honorifics");
}

#[test]
fn spanish_segun_with_role_and_appositive_name() {
    check("es_segun_appositive");
}

#[test]
fn english_labels_in_capitals_are_the_people_named_in_prose() {
    check("en_caps_labels");
}

#[test]
fn english_group_nouns_are_unnamed_and_bodies_keep_their_complement() {
    check("en_group_speakers");
}

#[test]
fn spanish_organisation_names_with_de() {
    check("es_org_names");
}

#[test]
fn russian_masculine_first_names_in_a_keep_their_ending() {
    check("ru_masculine_a_names");
}

#[test]
fn english_magazine_interview_with_unlabelled_answers() {
    check("en_qa_magazine");
}

#[test]
fn english_single_quotes_with_nested_double_quotes() {
    check("en_single_quotes");
}

#[test]
fn english_hearing_with_title_labels_in_capitals() {
    check("en_hearing");
}

#[test]
fn english_liveblog_with_timestamps_and_share_lines() {
    check("en_liveblog");
}

#[test]
fn english_quote_over_several_paragraphs() {
    check("en_multi_paragraph_quote");
}

#[test]
fn english_debate_with_period_labels_in_prose_case() {
    check("en_debate_period_labels");
}

#[test]
fn english_labels_shortened_to_initials() {
    check("en_initials_labels");
}

#[test]
fn english_cable_news_labels_with_roles_and_party_notes() {
    check("en_cable_labels");
}

#[test]
fn italian_article_with_guillemets_secondo_and_inverted_ha_detto() {
    check("it_article");
}

#[test]
fn italian_interview_with_domanda_risposta_labels() {
    check("it_interview");
}

#[test]
fn portuguese_article_with_segundo_de_acordo_com_and_porta_voz() {
    check("pt_article");
}

#[test]
fn dutch_article_with_low_quotes_volgens_and_aldus() {
    check("nl_article");
}

#[test]
fn polish_article_with_low_quotes_wedlug_and_genitive_role() {
    check("pl_article");
}

#[test]
fn ukrainian_article_with_za_slovamy_and_ukrainian_romanization() {
    check("uk_article");
}

#[test]
fn polish_dash_introduced_quotes_resumed_after_the_verb() {
    check("pl_dash_quotes");
}

#[test]
fn spanish_rayas_around_the_attribution() {
    check("es_rayas");
}

#[test]
fn italian_subject_dropped_after_a_quote_and_at_a_sentence_start() {
    check("it_pro_drop");
}

#[test]
fn polish_subject_dropped_after_a_dash_quote_and_wedlug_without_comma() {
    check("pl_pro_drop");
}

#[test]
fn italian_inverted_verb_with_role_complement_then_name() {
    check("it_role_apposition");
}

#[test]
fn polish_surname_in_the_genitive_and_role_before_name_after_the_verb() {
    check("pl_genitive_names");
}

#[test]
fn ukrainian_pronoun_inside_the_source_phrase_and_capitalized_complement() {
    check("uk_pronoun_source");
}

#[test]
fn dutch_surname_with_a_capitalized_particle_is_the_named_person() {
    check("nl_particle_surname");
}

#[test]
fn dutch_interview_with_vraag_antwoord_labels() {
    check("nl_interview");
}

#[test]
fn ukrainian_interview_with_the_interviewee_in_the_instrumental() {
    check("uk_interview");
}

#[test]
fn portuguese_transcript_with_named_and_unnamed_labels() {
    check("pt_transcript");
}

#[test]
fn italian_role_with_capitalized_complement_before_the_name_and_outlet_object() {
    check("it_role_complement");
}

#[test]
fn portuguese_em_dash_dialogue_and_title_between_comma_and_name() {
    check("pt_dash_dialogue");
}

#[test]
fn dutch_single_quotes_and_compound_role() {
    check("nl_single_quotes");
}

#[test]
fn italian_quotes_after_a_name_and_a_colon() {
    check("it_colon_heads");
}

#[test]
fn ukrainian_pro_tse_povidomyv_points_back_to_the_previous_sentence() {
    check("uk_pro_tse");
}

#[test]
fn italian_lo_ha_detto_points_back_to_the_previous_sentence() {
    check("it_lo_ha_detto");
}

#[test]
fn dutch_dat_zei_points_back_to_the_previous_sentence() {
    check("nl_dat_zei");
}

#[test]
fn portuguese_outlet_with_a_common_noun_before_que() {
    check("pt_outlet_object");
}

#[test]
fn spanish_asi_lo_points_back_to_the_previous_sentence() {
    check("es_asi_lo");
}

#[test]
fn en_wire_story() {
    check("en_wire_story");
}

#[test]
fn en_briefing_bare_q() {
    check("en_briefing_bare_q");
}

#[test]
fn es_wire_coordination() {
    check("es_wire_coordination");
}

#[test]
fn fr_inversion_pour() {
    check("fr_inversion_pour");
}

#[test]
fn en_timecoded_transcript() {
    check("en_timecoded_transcript");
}

#[test]
fn en_anonymous_sources() {
    check("en_anonymous_sources");
}

#[test]
fn russian_plural_speech_verbs_speak_for_bodies_and_groups() {
    check("ru_plural_speech");
}

#[test]
fn russian_oblique_surnames_link_to_the_person_named_before() {
    check("ru_oblique_names");
}

#[test]
fn german_laut_without_comma_and_subjunctive_clause_without_dass() {
    check("de_laut_konjunktiv");
}

#[test]
fn french_dash_interview_named_by_its_credits() {
    check("fr_dash_interview");
}

#[test]
fn french_spellings_of_russian_names_canonicalise_to_english() {
    check("fr_russian_names");
}

#[test]
fn russian_dash_interview_guest_named_by_the_credit_not_by_mentions() {
    check("ru_dash_interview");
}

#[test]
fn en_bare_interview() {
    check("en_bare_interview");
}

#[test]
fn fr_unmarked_interview() {
    check("fr_unmarked_interview");
}

#[test]
fn en_two_clauses() {
    check("en_two_clauses");
}

#[test]
fn ru_long_subject() {
    check("ru_long_subject");
}

#[test]
fn de_compound_roles() {
    check("de_compound_roles");
}

#[test]
fn fr_present_verbs() {
    check("fr_present_verbs");
}

#[test]
fn es_perfect_tense() {
    check("es_perfect_tense");
}

#[test]
fn it_role_head_appositive() {
    check("it_role_head_appositive");
}

#[test]
fn en_pronoun_gender() {
    check("en_pronoun_gender");
}

#[test]
fn fr_pronoun_gender() {
    check("fr_pronoun_gender");
}

#[test]
fn it_sports_roles() {
    check("it_sports_roles");
}

#[test]
fn en_tv_anchor_note() {
    check("en_tv_anchor_note");
}

#[test]
fn en_slogan_named() {
    check("en_slogan_named");
}

#[test]
fn de_inverted_pronoun_colon() {
    check("de_inverted_pronoun_colon");
}

#[test]
fn es_inverted_pronoun() {
    check("es_inverted_pronoun");
}

#[test]
fn en_number_appositive() {
    check("en_number_appositive");
}

#[test]
fn ru_gender_pronouns() {
    check("ru_gender_pronouns");
}

#[test]
fn ru_feminine_labels() {
    check("ru_feminine_labels");
}

#[test]
fn ru_locative_bodies() {
    check("ru_locative_bodies");
}

#[test]
fn uk_locative_bodies() {
    check("uk_locative_bodies");
}

#[test]
fn ru_outlet_interviewer() {
    check("ru_outlet_interviewer");
}

#[test]
fn ru_as_clauses() {
    check("ru_as_clauses");
}

#[test]
fn pl_as_clauses() {
    check("pl_as_clauses");
}

#[test]
fn ru_unannounced_interview() {
    check("ru_unannounced_interview");
}

#[test]
fn ru_caps_labels() {
    check("ru_caps_labels");
}

#[test]
fn uk_outlet_object() {
    check("uk_outlet_object");
}

#[test]
fn pl_inline_dash_quotes() {
    check("pl_inline_dash_quotes");
}

#[test]
fn pl_oblique_given_names() {
    check("pl_oblique_given_names");
}

#[test]
fn en_framing_participle() {
    check("en_framing_participle");
}

#[test]
fn en_sign_quotes() {
    check("en_sign_quotes");
}

#[test]
fn en_spokesperson_body() {
    check("en_spokesperson_body");
}

#[test]
fn en_quantifier_subject() {
    check("en_quantifier_subject");
}

#[test]
fn en_title_surnames() {
    check("en_title_surnames");
}

#[test]
fn de_indefinite_speaker() {
    check("de_indefinite_speaker");
}

#[test]
fn fr_framing_participle() {
    check("fr_framing_participle");
}

#[test]
fn russian_oblique_roles() {
    check("ru_oblique_roles");
}

#[test]
fn russian_unnamed_source_then_pronoun() {
    check("ru_unnamed_source_pronoun");
}

#[test]
fn russian_parenthetical_adverbials_after_subject() {
    check("ru_parenthetical_subjects");
}

#[test]
fn russian_as_clause_after_quote_with_body() {
    check("ru_as_impersonal");
}

#[test]
fn russian_interviewer_named_in_dative() {
    check("ru_interviewer_dative");
}

#[test]
fn ukrainian_unnamed_sources_and_parentheticals() {
    check("uk_unnamed_sources");
}

#[test]
fn polish_unnamed_sources_and_parentheticals() {
    check("pl_unnamed_sources");
}

#[test]
fn ukrainian_dash_interview_with_outlet_in_dative() {
    check("uk_dash_interview");
}

#[test]
fn polish_dash_interview_with_credit() {
    check("pl_dash_interview");
}

#[test]
fn russian_several_quotes_and_agency_source() {
    check("ru_multi_quote");
}

#[test]
fn german_framing_clauses() {
    check("de_framing_clauses");
}

#[test]
fn italian_framing_clauses() {
    check("it_framing_clauses");
}

#[test]
fn dutch_role_complement_after_particle_names() {
    check("nl_ministry_complement");
}

#[test]
fn french_single_name_speakers() {
    check("fr_single_names");
}

#[test]
fn english_single_name_speakers() {
    check("en_single_names");
}

#[test]
fn german_long_subject_after_the_verb() {
    check("de_long_sign_clause");
}

#[test]
fn english_long_subject_after_the_verb() {
    check("en_long_sign_clause");
}

#[test]
fn english_magazine_qa_with_named_labels_is_an_interview() {
    check("en_magazine_named_qa");
}

#[test]
fn english_bold_q_labels_interview() {
    check("en_bold_q_interview");
}

#[test]
fn english_two_sided_briefing_stays_a_transcript() {
    check("en_two_sided_briefing");
}

#[test]
fn german_outlet_label_interview() {
    check("de_outlet_label_interview");
}

#[test]
fn spanish_como_clauses() {
    check("es_como_clauses");
}

#[test]
fn portuguese_como_clauses() {
    check("pt_como_clauses");
}

#[test]
fn en_podcast_otter() {
    check("en_podcast_otter");
}

#[test]
fn en_video_speakers() {
    check("en_video_speakers");
}

#[test]
fn en_gpo_hearing() {
    check("en_gpo_hearing");
}

#[test]
fn en_senate_hearing() {
    check("en_senate_hearing");
}

#[test]
fn en_markdown_qa() {
    check("en_markdown_qa");
}

#[test]
fn en_markdown_interviewer() {
    check("en_markdown_interviewer");
}

#[test]
fn en_bold_name_answers() {
    check("en_bold_name_answers");
}

#[test]
fn en_remarks_speech() {
    check("en_remarks_speech");
}

#[test]
fn en_unlabelled_address() {
    check("en_unlabelled_address");
}

#[test]
fn en_wire_anonymous() {
    check("en_wire_anonymous");
}

#[test]
fn en_liveblog_updated() {
    check("en_liveblog_updated");
}

#[test]
fn en_numbered_timecodes() {
    check("en_numbered_timecodes");
}

#[test]
fn en_heading_questions() {
    check("en_heading_questions");
}

#[test]
fn en_role_labels() {
    check("en_role_labels");
}

#[test]
fn en_namesake_labels() {
    check("en_namesake_labels");
}

#[test]
fn en_hearing_statement() {
    check("en_hearing_statement");
}

#[test]
fn en_debate_principal() {
    check("en_debate_principal");
}

#[test]
fn en_role_named_labels() {
    check("en_role_named_labels");
}

#[test]
fn en_letter_salutations() {
    check("en_letter_salutations");
}

#[test]
fn en_vocative_labels() {
    check("en_vocative_labels");
}

#[test]
fn en_numbered_points() {
    check("en_numbered_points");
}

#[test]
fn en_self_introduction() {
    check("en_self_introduction");
}

#[test]
fn ru_role_complement_holders() {
    check("ru_role_complement_holders");
}

#[test]
fn pl_locative_bodies() {
    check("pl_locative_bodies");
}

#[test]
fn en_as_openers() {
    check("en_as_openers");
}

#[test]
fn fr_comme_l_a_dit() {
    check("fr_comme_l_a_dit");
}

#[test]
fn uk_as_plural() {
    check("uk_as_plural");
}

#[test]
fn uk_city_news() {
    check("uk_city_news");
}

#[test]
fn pl_short_dash_quotes() {
    check("pl_short_dash_quotes");
}

#[test]
fn fr_outlet_label_interview() {
    check("fr_outlet_label_interview");
}

#[test]
fn ru_outlet_label_interview() {
    check("ru_outlet_label_interview");
}

#[test]
fn de_plenary_protocol() {
    check("de_plenary_protocol");
}

#[test]
fn pl_sejm_transcript() {
    check("pl_sejm_transcript");
}

#[test]
fn pt_pr_interview() {
    check("pt_pr_interview");
}

#[test]
fn fr_assemblee_compte_rendu() {
    check("fr_assemblee_compte_rendu");
}

#[test]
fn de_nested_single() {
    check("de_nested_single");
}

#[test]
fn de_swiss_quotes() {
    check("de_swiss_quotes");
}

#[test]
fn de_guillemets_reversed() {
    check("de_guillemets_reversed");
}

#[test]
fn uk_news_zayavyv() {
    check("uk_news_zayavyv");
}

#[test]
fn pl_news_quotes() {
    check("pl_news_quotes");
}

#[test]
fn it_news_dichiarato() {
    check("it_news_dichiarato");
}

#[test]
fn nl_news_volgens() {
    check("nl_news_volgens");
}

#[test]
fn pt_news_afirmou() {
    check("pt_news_afirmou");
}

#[test]
fn es_pr_interview() {
    check("es_pr_interview");
}

#[test]
fn es_raya_interview() {
    check("es_raya_interview");
}

#[test]
fn en_middle_initial() {
    check("en_middle_initial");
}
