//! SpeakerService over real gRPC.

use tonic::Code;
use verbatim_proto::v1::{
    AddSpeakerAliasRequest, DeleteDocumentRequest, GetSpeakerRequest,
    ListSpeakerCorrectionsRequest, ListSpeakersRequest, MergeSpeakersRequest,
    RemoveSpeakerAliasRequest, RenameSpeakerRequest, SplitSpeakerRequest,
};

use crate::support::{TestServer, assert_invalid_field};

const TWO_SPEAKERS: &str = "Council approves the plan\n\n\
Mayor Lina Duarte said the plan would be ready in June. \"We have waited long enough,\" Duarte said.\n\n\
\"The costs are still unclear,\" said councillor Piet Jansen. \"We will watch every euro.\"\n";

const THIRD_MENTION: &str =
    "Mayor Lina Duarte spoke again on Friday. \"The plan is on time,\" Duarte said.\n";

#[tokio::test]
async fn speakers_are_counted_matched_and_ordered() {
    let server = TestServer::empty().await;
    server.ingest(TWO_SPEAKERS).await;
    server.ingest(THIRD_MENTION).await;
    let mut speakers = server.speakers();

    let all = speakers
        .list_speakers(ListSpeakersRequest::default())
        .await
        .unwrap()
        .into_inner();
    let duarte = all
        .speakers
        .iter()
        .find(|s| s.display_name == "Lina Duarte")
        .unwrap_or_else(|| panic!("Lina Duarte listed: {:?}", all.speakers));
    assert_eq!(
        duarte.document_count, 2,
        "one speaker across both documents"
    );
    assert!(duarte.statement_count >= 2);
    assert!(duarte.first_seen_time.is_some() && duarte.last_seen_time.is_some());
    assert!(all.speakers.iter().all(|s| s.display_name != "Question"));
    let counts: Vec<i64> = all.speakers.iter().map(|s| s.statement_count).collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts, sorted, "ordered by statement count");
    assert_eq!(all.speakers[0].display_name, "Lina Duarte");

    let matched = speakers
        .list_speakers(ListSpeakersRequest {
            query: "jansen".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(matched.speakers.len(), 1);
    assert_eq!(matched.speakers[0].display_name, "Piet Jansen");

    let by_name = speakers
        .list_speakers(ListSpeakersRequest {
            order_by: "display_name".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let names: Vec<&str> = by_name
        .speakers
        .iter()
        .map(|s| s.display_name.as_str())
        .collect();
    let mut sorted_names = names.clone();
    sorted_names.sort();
    assert_eq!(names, sorted_names);

    let got = speakers
        .get_speaker(GetSpeakerRequest {
            name: duarte.name.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(&got, duarte);
}

#[tokio::test]
async fn speaker_errors() {
    let server = TestServer::empty().await;
    let mut speakers = server.speakers();
    let status = speakers
        .get_speaker(GetSpeakerRequest {
            name: "speakers/4242".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = speakers
        .get_speaker(GetSpeakerRequest {
            name: "speakers/abc".into(),
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "name");
    let status = speakers
        .list_speakers(ListSpeakersRequest {
            order_by: "age".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "order_by");
    let status = speakers
        .list_speakers(ListSpeakersRequest {
            page_size: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_size");
}

const HYPHENATED: &str =
    "Council vote\n\nCouncillor Lina Duarte-Reyes said: \"We will vote no on the plan.\"\n";

/// `request` with the `x-actor` metadata set.
fn as_actor<T>(actor: &str, message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("x-actor", actor.parse().unwrap());
    request
}

#[tokio::test]
async fn corrections_over_grpc_are_durable() {
    let server = TestServer::empty().await;
    let first = server.ingest(TWO_SPEAKERS).await;
    let second = server.ingest(HYPHENATED).await;
    let duarte = first.statements[0].speaker.clone();
    let reyes = second.statements[0].speaker.clone();
    assert_ne!(duarte, reyes);
    let mut speakers = server.speakers();

    let merged = speakers
        .merge_speakers(as_actor(
            "editor@example.com",
            MergeSpeakersRequest {
                speaker: duarte.clone(),
                source_speakers: vec![reyes.clone()],
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(merged.name, duarte);
    assert_eq!(merged.document_count, 2);
    assert!(merged.aliases.contains(&"Lina Duarte-Reyes".to_string()));
    assert!(merged.roles.contains(&"Councillor".to_string()));
    let gone = speakers
        .get_speaker(GetSpeakerRequest {
            name: reyes.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);

    // Deleting and re-ingesting the merged document does not undo the merge.
    server
        .documents()
        .delete_document(DeleteDocumentRequest {
            name: second.document.unwrap().name,
        })
        .await
        .unwrap();
    let again = server.ingest(HYPHENATED).await;
    assert_eq!(again.statements[0].speaker, duarte);

    let renamed = speakers
        .rename_speaker(RenameSpeakerRequest {
            name: duarte.clone(),
            display_name: "Lina M. Duarte".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(renamed.display_name, "Lina M. Duarte");
    let added = speakers
        .add_speaker_alias(AddSpeakerAliasRequest {
            name: duarte.clone(),
            alias: "Lina Reyes".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(added.aliases.contains(&"Lina Reyes".to_string()));
    let third = server
        .ingest("Budget\n\nLina Reyes said: \"The budget is balanced.\"\n")
        .await;
    assert_eq!(
        third.statements[0].speaker, duarte,
        "the added alias resolves"
    );

    // Split the hyphenated form off again: its document moves with it.
    let split = speakers
        .split_speaker(SplitSpeakerRequest {
            name: duarte.clone(),
            alias: "Lina Duarte-Reyes".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let new = split.new_speaker.unwrap();
    assert_eq!(new.display_name, "Lina Duarte-Reyes");
    assert_eq!(new.statement_count, 1);
    assert_eq!(split.speaker.unwrap().name, duarte);
    let removed = speakers
        .remove_speaker_alias(RemoveSpeakerAliasRequest {
            name: duarte.clone(),
            alias: "Lina Reyes".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!removed.aliases.contains(&"Lina Reyes".to_string()));

    // Errors.
    let status = speakers
        .merge_speakers(MergeSpeakersRequest {
            speaker: duarte.clone(),
            source_speakers: vec![duarte.clone()],
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "source_speakers[0]");
    let status = speakers
        .merge_speakers(MergeSpeakersRequest {
            speaker: duarte.clone(),
            source_speakers: vec![],
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "source_speakers");
    let status = speakers
        .merge_speakers(MergeSpeakersRequest {
            speaker: duarte.clone(),
            source_speakers: vec![reyes.clone()],
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = speakers
        .rename_speaker(RenameSpeakerRequest {
            name: duarte.clone(),
            display_name: " ".into(),
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "display_name");
    let status = speakers
        .remove_speaker_alias(RemoveSpeakerAliasRequest {
            name: duarte.clone(),
            alias: "Nobody Here".into(),
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "alias");
    let status = speakers
        .remove_speaker_alias(RemoveSpeakerAliasRequest {
            name: duarte.clone(),
            alias: "Lina M. Duarte".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    let status = speakers
        .add_speaker_alias(AddSpeakerAliasRequest {
            name: new.name.clone(),
            alias: "Lina Duarte".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    let status = speakers
        .split_speaker(SplitSpeakerRequest {
            name: "speakers/x".into(),
            alias: "Lina".into(),
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "name");

    // The log, newest first, two pages.
    let log = speakers
        .list_speaker_corrections(ListSpeakerCorrectionsRequest {
            page_size: 4,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(log.total_size, 5);
    let actions: Vec<&str> = log.corrections.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(actions, ["remove_alias", "split", "add_alias", "rename"]);
    let rest = speakers
        .list_speaker_corrections(ListSpeakerCorrectionsRequest {
            page_size: 4,
            page_token: log.next_page_token.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rest.corrections.len(), 1);
    assert!(rest.next_page_token.is_empty());
    let merge = &rest.corrections[0];
    assert_eq!(
        (merge.action.as_str(), merge.actor.as_str()),
        ("merge", "editor@example.com")
    );
    assert!(merge.create_time.is_some());
    let detail: serde_json::Value = serde_json::from_str(&merge.detail_json).unwrap();
    assert_eq!(format!("speakers/{}", detail["target"]), duarte, "{detail}");
    assert_eq!(log.corrections[3].actor, "anonymous");
}
