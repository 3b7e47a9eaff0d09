//! SpeakerService over real gRPC.

use tonic::Code;
use verbatim_proto::v1::{GetSpeakerRequest, ListSpeakersRequest};

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
