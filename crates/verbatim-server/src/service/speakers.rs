//! `verbatim.v1.SpeakerService`.

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};
use verbatim_proto::v1::{self, speaker_service_server::SpeakerService};
use verbatim_store::{SpeakerCorrection, SpeakerOrder, SpeakerQuery, SpeakerRecord};

use super::{AppState, respond};
use crate::convert;
use crate::error::ApiError;

/// The SpeakerService implementation.
#[derive(Clone)]
pub(crate) struct SpeakerApi {
    state: AppState,
}

impl SpeakerApi {
    /// The service over shared state.
    pub(crate) fn new(state: AppState) -> Self {
        SpeakerApi { state }
    }

    async fn get(&self, request: v1::GetSpeakerRequest) -> Result<v1::Speaker, ApiError> {
        let id = convert::parse_name("name", &request.name, "speakers")?;
        Ok(convert::speaker(self.state.store.get_speaker(id).await?))
    }

    async fn list(
        &self,
        request: v1::ListSpeakersRequest,
    ) -> Result<v1::ListSpeakersResponse, ApiError> {
        let order = match request.order_by.trim() {
            "" | "statement_count desc" => SpeakerOrder::StatementCountDesc,
            "display_name" | "display_name asc" => SpeakerOrder::DisplayName,
            other => {
                return Err(ApiError::invalid(
                    "order_by",
                    format!(
                        "cannot order by {other:?}: use \"statement_count desc\" or \"display_name\""
                    ),
                ));
            }
        };
        let text = request.query.trim();
        if text.len() > 256 {
            return Err(ApiError::invalid("query", "must be at most 256 bytes"));
        }
        let query = SpeakerQuery {
            text: (!text.is_empty()).then(|| text.to_string()),
            order,
        };
        let params = format!("speakers|{query:?}");
        let page = self.state.page_request(
            &params,
            request.page_size,
            &request.page_token,
            convert::DEFAULT_PAGE_SIZE,
            convert::MAX_PAGE_SIZE,
        )?;
        let result = self.state.store.list_speakers(&query, &page).await?;
        Ok(v1::ListSpeakersResponse {
            speakers: result.items.into_iter().map(convert::speaker).collect(),
            next_page_token: self.state.next_page_token(&params, result.next_cursor),
            total_size: result.total_size,
        })
    }
}

/// Longest display name or alias a correction takes, in bytes.
const MAX_NAME_BYTES: usize = 256;
/// Most speakers one MergeSpeakers call merges.
const MAX_MERGE_SOURCES: usize = 100;
/// Longest `x-actor` kept, in bytes.
const MAX_ACTOR_BYTES: usize = 256;

/// Who makes a correction: the `x-actor` request metadata, else
/// `anonymous`.
fn actor(metadata: &MetadataMap) -> Result<String, ApiError> {
    let Some(value) = metadata.get("x-actor") else {
        return Ok("anonymous".into());
    };
    let actor = value
        .to_str()
        .map_err(|_| ApiError::invalid("x-actor", "must be printable ascii"))?
        .trim();
    if actor.len() > MAX_ACTOR_BYTES {
        return Err(ApiError::invalid(
            "x-actor",
            format!("must be at most {MAX_ACTOR_BYTES} bytes"),
        ));
    }
    Ok(if actor.is_empty() { "anonymous" } else { actor }.to_string())
}

/// A display name or alias from a request: trimmed, 1 to
/// [`MAX_NAME_BYTES`] bytes with a letter or digit, no control characters.
fn name_field(field: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() || !value.chars().any(char::is_alphanumeric) {
        return Err(ApiError::invalid(field, "must contain a letter or digit"));
    }
    if value.len() > MAX_NAME_BYTES {
        return Err(ApiError::invalid(
            field,
            format!("must be at most {MAX_NAME_BYTES} bytes"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_string())
}

impl SpeakerApi {
    /// Applies a correction; returns the speakers it leaves.
    async fn correct(
        &self,
        metadata: &MetadataMap,
        correction: SpeakerCorrection,
    ) -> Result<Vec<v1::Speaker>, ApiError> {
        let actor = actor(metadata)?;
        let records: Vec<SpeakerRecord> = self
            .state
            .store
            .correct_speakers(&correction, &actor)
            .await?;
        Ok(records.into_iter().map(convert::speaker).collect())
    }

    /// The one speaker a correction leaves.
    async fn correct_one(
        &self,
        metadata: &MetadataMap,
        correction: SpeakerCorrection,
    ) -> Result<v1::Speaker, ApiError> {
        self.correct(metadata, correction)
            .await?
            .pop()
            .ok_or_else(|| ApiError::Internal("a correction returned no speaker".into()))
    }

    async fn corrections(
        &self,
        request: v1::ListSpeakerCorrectionsRequest,
    ) -> Result<v1::ListSpeakerCorrectionsResponse, ApiError> {
        let params = "speaker_corrections";
        let page = self.state.page_request(
            params,
            request.page_size,
            &request.page_token,
            convert::DEFAULT_PAGE_SIZE,
            convert::MAX_PAGE_SIZE,
        )?;
        let result = self.state.store.list_speaker_corrections(&page).await?;
        Ok(v1::ListSpeakerCorrectionsResponse {
            corrections: result
                .items
                .into_iter()
                .map(|c| v1::SpeakerCorrection {
                    id: c.id,
                    actor: c.actor,
                    create_time: Some(convert::timestamp(c.time)),
                    action: c.action,
                    detail_json: c.detail,
                })
                .collect(),
            next_page_token: self.state.next_page_token(params, result.next_cursor),
            total_size: result.total_size,
        })
    }

    async fn merge(
        &self,
        metadata: &MetadataMap,
        request: v1::MergeSpeakersRequest,
    ) -> Result<v1::Speaker, ApiError> {
        let target = convert::parse_name("speaker", &request.speaker, "speakers")?;
        if request.source_speakers.is_empty() {
            return Err(ApiError::invalid(
                "source_speakers",
                "name at least one speaker",
            ));
        }
        if request.source_speakers.len() > MAX_MERGE_SOURCES {
            return Err(ApiError::invalid(
                "source_speakers",
                format!("at most {MAX_MERGE_SOURCES} speakers per call"),
            ));
        }
        let mut sources = Vec::with_capacity(request.source_speakers.len());
        for (i, name) in request.source_speakers.iter().enumerate() {
            let field = format!("source_speakers[{i}]");
            let id = convert::parse_name(&field, name, "speakers")?;
            if id == target {
                return Err(ApiError::invalid(
                    field,
                    "a speaker cannot merge into itself",
                ));
            }
            if sources.contains(&id) {
                return Err(ApiError::invalid(field, "names a speaker twice"));
            }
            sources.push(id);
        }
        self.correct_one(metadata, SpeakerCorrection::Merge { target, sources })
            .await
    }

    async fn rename(
        &self,
        metadata: &MetadataMap,
        request: v1::RenameSpeakerRequest,
    ) -> Result<v1::Speaker, ApiError> {
        let speaker = convert::parse_name("name", &request.name, "speakers")?;
        let display_name = name_field("display_name", &request.display_name)?;
        self.correct_one(
            metadata,
            SpeakerCorrection::Rename {
                speaker,
                display_name,
            },
        )
        .await
    }

    async fn alias(
        &self,
        metadata: &MetadataMap,
        name: &str,
        alias: &str,
        add: bool,
    ) -> Result<v1::Speaker, ApiError> {
        let speaker = convert::parse_name("name", name, "speakers")?;
        let alias = name_field("alias", alias)?;
        let correction = if add {
            SpeakerCorrection::AddAlias { speaker, alias }
        } else {
            SpeakerCorrection::RemoveAlias { speaker, alias }
        };
        self.correct_one(metadata, correction).await
    }

    async fn split(
        &self,
        metadata: &MetadataMap,
        request: v1::SplitSpeakerRequest,
    ) -> Result<v1::SplitSpeakerResponse, ApiError> {
        let speaker = convert::parse_name("name", &request.name, "speakers")?;
        let alias = name_field("alias", &request.alias)?;
        let mut speakers = self
            .correct(metadata, SpeakerCorrection::Split { speaker, alias })
            .await?
            .into_iter();
        Ok(v1::SplitSpeakerResponse {
            speaker: speakers.next(),
            new_speaker: speakers.next(),
        })
    }
}

#[tonic::async_trait]
impl SpeakerService for SpeakerApi {
    async fn list_speaker_corrections(
        &self,
        request: Request<v1::ListSpeakerCorrectionsRequest>,
    ) -> Result<Response<v1::ListSpeakerCorrectionsResponse>, Status> {
        respond(self.corrections(request.into_inner()).await)
    }

    async fn merge_speakers(
        &self,
        request: Request<v1::MergeSpeakersRequest>,
    ) -> Result<Response<v1::Speaker>, Status> {
        let (metadata, _, request) = request.into_parts();
        respond(self.merge(&metadata, request).await)
    }

    async fn rename_speaker(
        &self,
        request: Request<v1::RenameSpeakerRequest>,
    ) -> Result<Response<v1::Speaker>, Status> {
        let (metadata, _, request) = request.into_parts();
        respond(self.rename(&metadata, request).await)
    }

    async fn add_speaker_alias(
        &self,
        request: Request<v1::AddSpeakerAliasRequest>,
    ) -> Result<Response<v1::Speaker>, Status> {
        let (metadata, _, request) = request.into_parts();
        respond(
            self.alias(&metadata, &request.name, &request.alias, true)
                .await,
        )
    }

    async fn remove_speaker_alias(
        &self,
        request: Request<v1::RemoveSpeakerAliasRequest>,
    ) -> Result<Response<v1::Speaker>, Status> {
        let (metadata, _, request) = request.into_parts();
        respond(
            self.alias(&metadata, &request.name, &request.alias, false)
                .await,
        )
    }

    async fn split_speaker(
        &self,
        request: Request<v1::SplitSpeakerRequest>,
    ) -> Result<Response<v1::SplitSpeakerResponse>, Status> {
        let (metadata, _, request) = request.into_parts();
        respond(self.split(&metadata, request).await)
    }

    async fn get_speaker(
        &self,
        request: Request<v1::GetSpeakerRequest>,
    ) -> Result<Response<v1::Speaker>, Status> {
        respond(self.get(request.into_inner()).await)
    }

    async fn list_speakers(
        &self,
        request: Request<v1::ListSpeakersRequest>,
    ) -> Result<Response<v1::ListSpeakersResponse>, Status> {
        respond(self.list(request.into_inner()).await)
    }
}
