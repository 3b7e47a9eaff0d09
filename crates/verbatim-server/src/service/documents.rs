//! `verbatim.v1.DocumentService`.

use std::pin::Pin;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};
use tracing::Instrument;
use verbatim_core::offsets::{OffsetIndex, OffsetUnit};
use verbatim_core::{ParseOptions, ParsedDocument};
use verbatim_proto::v1::{self, document_service_server::DocumentService};
use verbatim_store::{DocumentFilter, DocumentView, NewDocument};

use super::{AppState, respond};
use crate::convert;
use crate::error::ApiError;
use crate::metrics::Metrics;

/// The DocumentService implementation.
#[derive(Clone)]
pub(crate) struct DocumentApi {
    state: AppState,
}

impl DocumentApi {
    /// The service over shared state.
    pub(crate) fn new(state: AppState) -> Self {
        DocumentApi { state }
    }

    /// Parses and stores one document: the body of IngestDocument, of each
    /// element of IngestDocuments, and of seed loading.
    pub(crate) async fn ingest(
        &self,
        request: v1::IngestDocumentRequest,
    ) -> Result<v1::IngestDocumentResponse, ApiError> {
        let encoding = convert::encoding(request.encoding)?;
        let input = Input::from_request(
            request.content,
            request.metadata,
            self.state.max_document_bytes,
        )?;
        let content_sha256 = hex::encode(Sha256::digest(&input.bytes));
        let metadata = input.metadata.clone();
        let (parsed, original) = input.parse(&self.state.metrics).await?;
        let outlet = metadata.outlet.clone().or_else(|| parsed.outlet.clone());
        let new = NewDocument {
            parsed,
            original,
            content_sha256,
            source_url: metadata.source_url,
            outlet,
            publish_time: metadata.publish_time,
            ingest_time: now_micros(),
            parser_version: verbatim_core::PARSER_VERSION.to_string(),
        };
        let outcome = self
            .state
            .store
            .ingest(new)
            .instrument(tracing::info_span!("store", op = "ingest"))
            .await?;
        self.state.metrics.record_ingest(outcome.already_existed);
        tracing::info!(
            document = outcome.document.id,
            statements = outcome.statements.len(),
            already_existed = outcome.already_existed,
            "document ingested"
        );
        Ok(v1::IngestDocumentResponse {
            document: Some(convert::document(outcome.document, encoding)),
            statements: outcome
                .statements
                .into_iter()
                .map(|s| convert::statement(s, encoding))
                .collect(),
            already_existed: outcome.already_existed,
        })
    }

    async fn parse_only(
        &self,
        request: v1::ParseDocumentRequest,
    ) -> Result<v1::ParseDocumentResponse, ApiError> {
        let encoding = convert::encoding(request.encoding)?;
        let input = Input::from_request(
            request.content,
            request.metadata,
            self.state.max_document_bytes,
        )?;
        let metadata = input.metadata.clone();
        let (parsed, _) = input.parse(&self.state.metrics).await?;
        Ok(parse_response(parsed, metadata, encoding))
    }

    async fn get(&self, request: v1::GetDocumentRequest) -> Result<v1::Document, ApiError> {
        let id = convert::parse_name("name", &request.name, "documents")?;
        let encoding = convert::encoding(request.encoding)?;
        let view = match v1::DocumentView::try_from(request.view) {
            Ok(v1::DocumentView::Unspecified | v1::DocumentView::Basic) => DocumentView::Basic,
            Ok(v1::DocumentView::Full) => DocumentView::Full,
            Ok(v1::DocumentView::WithOriginal) => DocumentView::WithOriginal,
            Err(_) => {
                return Err(ApiError::invalid(
                    "view",
                    format!(
                        "unknown view {}: use DOCUMENT_VIEW_BASIC, DOCUMENT_VIEW_FULL or DOCUMENT_VIEW_WITH_ORIGINAL",
                        request.view
                    ),
                ));
            }
        };
        let record = self.state.store.get_document(id, view).await?;
        Ok(convert::document(record, encoding))
    }

    async fn list(
        &self,
        request: v1::ListDocumentsRequest,
    ) -> Result<v1::ListDocumentsResponse, ApiError> {
        let (published_from, published_to) =
            convert::time_range("publish_time", request.publish_time.as_ref())?;
        let filter = DocumentFilter {
            language: non_empty(request.language),
            outlet: non_empty(request.outlet),
            published_from,
            published_to,
        };
        let params = format!("documents|{filter:?}");
        let page = self.state.page_request(
            &params,
            request.page_size,
            &request.page_token,
            convert::DEFAULT_PAGE_SIZE,
            convert::MAX_PAGE_SIZE,
        )?;
        let result = self.state.store.list_documents(&filter, &page).await?;
        Ok(v1::ListDocumentsResponse {
            documents: result
                .items
                .into_iter()
                .map(|d| convert::document(d, v1::EncodingType::Unspecified))
                .collect(),
            next_page_token: self.state.next_page_token(&params, result.next_cursor),
            total_size: result.total_size,
        })
    }

    async fn delete(&self, request: v1::DeleteDocumentRequest) -> Result<(), ApiError> {
        let id = convert::parse_name("name", &request.name, "documents")?;
        self.state.store.delete_document(id).await?;
        tracing::info!(document = id, "document deleted");
        Ok(())
    }
}

/// What the caller said about a document, validated.
#[derive(Debug, Clone, Default)]
struct Metadata {
    source_url: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    language: Option<String>,
    publish_time: Option<i64>,
}

/// A validated document to parse.
struct Input {
    bytes: Vec<u8>,
    charset: Option<String>,
    metadata: Metadata,
}

impl Input {
    fn from_request(
        content: Option<v1::DocumentContent>,
        metadata: Option<v1::DocumentMetadata>,
        max_bytes: usize,
    ) -> Result<Self, ApiError> {
        let missing = || {
            ApiError::invalid(
                "content",
                "a document is required: set content.text or content.raw",
            )
        };
        let content = content.ok_or_else(missing)?;
        let (bytes, charset) = match content.content {
            Some(v1::document_content::Content::Text(text)) => (text.into_bytes(), None),
            Some(v1::document_content::Content::Raw(raw)) => (raw, non_empty(content.charset)),
            None => return Err(missing()),
        };
        if bytes.len() > max_bytes {
            return Err(ApiError::DocumentTooLarge {
                size: bytes.len(),
                limit: max_bytes,
            });
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::invalid(
                "content",
                "the document is empty or only whitespace",
            ));
        }
        Ok(Input {
            bytes,
            charset,
            metadata: Metadata::from_request(metadata)?,
        })
    }

    /// Parses on the blocking pool: a large document takes milliseconds of
    /// CPU, which must not stall the async workers. Returns the parse and the
    /// original bytes.
    async fn parse(self, metrics: &Metrics) -> Result<(ParsedDocument, Vec<u8>), ApiError> {
        let options = ParseOptions {
            charset: self.charset,
            title: self.metadata.title,
            language: self.metadata.language,
        };
        let bytes = self.bytes;
        let metrics = metrics.clone();
        // The blocking pool does not inherit the caller's span: name the
        // request's span as parent so the parse logs carry its request id.
        let parent = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let span = tracing::info_span!(parent: &parent, "parse", bytes = bytes.len());
            let _entered = span.enter();
            let started = Instant::now();
            let parsed = verbatim_core::parse(&bytes, &options);
            metrics.record_parse(started.elapsed());
            parsed.map(|parsed| (parsed, bytes))
        })
        .await
        .map_err(|e| ApiError::Internal(format!("parse task failed: {e}")))?
        .map_err(ApiError::Parse)
    }
}

impl Metadata {
    fn from_request(metadata: Option<v1::DocumentMetadata>) -> Result<Self, ApiError> {
        let Some(m) = metadata else {
            return Ok(Metadata::default());
        };
        let mut violations = Vec::new();
        let language = non_empty(m.language);
        if let Some(code) = &language
            && !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()))
        {
            violations.push((
                "metadata.language".to_string(),
                format!(
                    "{code:?} is not an ISO 639-1 code: use two lowercase letters such as \"en\""
                ),
            ));
        }
        for (field, value) in [
            ("metadata.source_url", &m.source_url),
            ("metadata.outlet", &m.outlet),
            ("metadata.title", &m.title),
        ] {
            if value.len() > 4096 {
                violations.push((field.to_string(), "must be at most 4096 bytes".to_string()));
            }
        }
        let publish_time = match m
            .publish_time
            .as_ref()
            .map(|t| convert::micros("metadata.publish_time", t))
        {
            Some(Err(ApiError::InvalidArgument(v))) => {
                violations.extend(v);
                None
            }
            Some(Err(other)) => return Err(other),
            Some(Ok(t)) => Some(t),
            None => None,
        };
        if !violations.is_empty() {
            return Err(ApiError::InvalidArgument(violations));
        }
        Ok(Metadata {
            source_url: non_empty(m.source_url),
            outlet: non_empty(m.outlet),
            title: non_empty(m.title),
            language,
            publish_time,
        })
    }
}

/// The ParseDocument response for a parse that is not stored.
fn parse_response(
    parsed: ParsedDocument,
    metadata: Metadata,
    encoding: v1::EncodingType,
) -> v1::ParseDocumentResponse {
    let unit = match encoding {
        v1::EncodingType::Utf8 => OffsetUnit::Utf8,
        v1::EncodingType::Utf16 => OffsetUnit::Utf16,
        v1::EncodingType::Utf32 | v1::EncodingType::Unspecified => OffsetUnit::CodePoints,
    };
    let index = OffsetIndex::new(&parsed.text);
    let statements = parsed
        .statements
        .iter()
        .map(|st| {
            let speaker = st.speaker.map(|i| &parsed.speakers[i]);
            v1::Statement {
                speaker_display_name: speaker.map(|s| s.name.clone()).unwrap_or_default(),
                speaker_label: st.speaker_label.clone(),
                kind: convert::statement_kind(st.kind) as i32,
                language: parsed.language.clone(),
                text: st.text(&parsed.text).to_string(),
                span: Some(v1::TextSpan {
                    begin_offset: index.convert(st.span.start, unit) as i64,
                    end_offset: index.convert(st.span.end, unit) as i64,
                }),
                cue: st
                    .cue
                    .clone()
                    .map(|r| parsed.text[r].to_string())
                    .unwrap_or_default(),
                time: metadata.publish_time.map(convert::timestamp),
                ..Default::default()
            }
        })
        .collect();
    let speakers = parsed
        .speakers
        .iter()
        .map(|s| v1::ParsedSpeaker {
            display_name: s.name.clone(),
            aliases: s.aliases.clone(),
            roles: s.roles.clone(),
        })
        .collect();
    let speaker_count = {
        let mut ids: Vec<Option<usize>> = parsed.statements.iter().map(|s| s.speaker).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len() as i64
    };
    let document = v1::Document {
        title: parsed.title.clone(),
        language: parsed.language.clone(),
        form: convert::document_form(parsed.form) as i32,
        outlet: metadata
            .outlet
            .or(parsed.outlet.clone())
            .unwrap_or_default(),
        source_url: metadata.source_url.unwrap_or_default(),
        publish_time: metadata.publish_time.map(convert::timestamp),
        charset: parsed.charset.clone(),
        statement_count: parsed.statements.len() as i64,
        speaker_count,
        parser_version: verbatim_core::PARSER_VERSION.to_string(),
        text_length: index.len(unit) as i64,
        text: parsed.text.clone(),
        ..Default::default()
    };
    v1::ParseDocumentResponse {
        document: Some(document),
        speakers,
        statements,
    }
}

fn non_empty(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

/// The stream of IngestDocuments results.
type IngestStream = Pin<Box<dyn Stream<Item = Result<v1::IngestDocumentsResponse, Status>> + Send>>;

#[tonic::async_trait]
impl DocumentService for DocumentApi {
    async fn ingest_document(
        &self,
        request: Request<v1::IngestDocumentRequest>,
    ) -> Result<Response<v1::IngestDocumentResponse>, Status> {
        respond(self.ingest(request.into_inner()).await)
    }

    type IngestDocumentsStream = IngestStream;

    async fn ingest_documents(
        &self,
        request: Request<Streaming<v1::IngestDocumentsRequest>>,
    ) -> Result<Response<Self::IngestDocumentsStream>, Status> {
        let mut requests = request.into_inner();
        // A small buffer: a slow reader slows ingestion down instead of
        // letting results pile up in memory.
        let (results, receiver) = mpsc::channel(4);
        let api = self.clone();
        tokio::spawn(async move {
            while let Some(next) = requests.next().await {
                let message = match next {
                    Ok(message) => message,
                    Err(status) => {
                        tracing::debug!(error = %status, "ingest stream ended by the client");
                        break;
                    }
                };
                let client_id = message.client_id;
                let result = match message.document {
                    Some(document) => api.ingest(document).await,
                    None => Err(ApiError::invalid(
                        "document",
                        "each request needs a document",
                    )),
                };
                let result = match result {
                    Ok(ingested) => v1::ingest_documents_response::Result::Ingested(ingested),
                    Err(error) => {
                        let status = Status::from(error);
                        v1::ingest_documents_response::Result::Error(v1::IngestError {
                            code: status.code() as i32,
                            message: status.message().to_string(),
                        })
                    }
                };
                let response = v1::IngestDocumentsResponse {
                    client_id,
                    result: Some(result),
                };
                if results.send(Ok(response)).await.is_err() {
                    // The client went away; documents already stored stay stored.
                    break;
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }

    async fn parse_document(
        &self,
        request: Request<v1::ParseDocumentRequest>,
    ) -> Result<Response<v1::ParseDocumentResponse>, Status> {
        respond(self.parse_only(request.into_inner()).await)
    }

    async fn get_document(
        &self,
        request: Request<v1::GetDocumentRequest>,
    ) -> Result<Response<v1::Document>, Status> {
        respond(self.get(request.into_inner()).await)
    }

    async fn list_documents(
        &self,
        request: Request<v1::ListDocumentsRequest>,
    ) -> Result<Response<v1::ListDocumentsResponse>, Status> {
        respond(self.list(request.into_inner()).await)
    }

    async fn reparse_documents(
        &self,
        request: Request<v1::ReparseDocumentsRequest>,
    ) -> Result<Response<v1::ReparseDocumentsResponse>, Status> {
        let all = request.into_inner().all;
        let result = crate::reparse::reparse(self.state.store.as_ref(), all)
            .await
            .map_err(ApiError::from)
            .map(|summary| v1::ReparseDocumentsResponse {
                parser_version: verbatim_core::PARSER_VERSION.to_string(),
                documents_reparsed: summary.reparsed,
                documents_failed: summary.failed,
                statements_kept: summary.kept,
                statements_added: summary.added,
                statements_removed: summary.removed,
            });
        respond(result)
    }

    async fn delete_document(
        &self,
        request: Request<v1::DeleteDocumentRequest>,
    ) -> Result<Response<()>, Status> {
        respond(self.delete(request.into_inner()).await)
    }
}
