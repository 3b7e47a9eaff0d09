//! `verbatim.v1.SpeakerService`.

use tonic::{Request, Response, Status};
use verbatim_proto::v1::{self, speaker_service_server::SpeakerService};
use verbatim_store::{SpeakerOrder, SpeakerQuery};

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

#[tonic::async_trait]
impl SpeakerService for SpeakerApi {
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
