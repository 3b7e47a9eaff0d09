//! `verbatim.v1.StatementService`.

use tonic::{Request, Response, Status};
use tracing::Instrument;
use verbatim_core::analysis;
use verbatim_core::query::Query;
use verbatim_proto::v1::{self, statement_service_server::StatementService};
use verbatim_store::{DocumentView, SearchOrder, SearchRequest};

use super::{AppState, respond};
use crate::convert;
use crate::error::ApiError;

/// Default and largest page of search results: each hit carries a snippet,
/// so pages are smaller than listings.
const DEFAULT_SEARCH_PAGE_SIZE: usize = 20;
const MAX_SEARCH_PAGE_SIZE: usize = 100;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;
/// Most values in one repeated filter field.
const MAX_FILTER_VALUES: usize = 100;
/// Default and largest number of values per facet.
const DEFAULT_FACET_LIMIT: usize = 10;
const MAX_FACET_LIMIT: usize = 100;

/// The facets a search asked for, validated.
struct FacetRequest {
    fields: Vec<v1::FacetField>,
    limit: usize,
}

/// The StatementService implementation.
#[derive(Clone)]
pub(crate) struct StatementApi {
    state: AppState,
}

impl StatementApi {
    /// The service over shared state.
    pub(crate) fn new(state: AppState) -> Self {
        StatementApi { state }
    }

    async fn get(&self, request: v1::GetStatementRequest) -> Result<v1::Statement, ApiError> {
        let id = convert::parse_name("name", &request.name, "statements")?;
        let encoding = convert::encoding(request.encoding)?;
        let record = self.state.store.get_statement(id).await?;
        let document = self
            .state
            .store
            .get_document(record.document_id, DocumentView::Full)
            .await?;
        let range = record.byte_range();
        let mut statement = convert::statement(record, encoding);
        if let Some(text) = document.text.as_deref().filter(|t| range.end <= t.len()) {
            let (before, after) = analysis::sentence_context(text, range);
            statement.context_before = before;
            statement.context_after = after;
        }
        Ok(statement)
    }

    async fn list(
        &self,
        request: v1::ListStatementsRequest,
    ) -> Result<v1::ListStatementsResponse, ApiError> {
        let document = convert::parse_name("document", &request.document, "documents")?;
        let encoding = convert::encoding(request.encoding)?;
        let params = format!("statements|{document}");
        let page = self.state.page_request(
            &params,
            request.page_size,
            &request.page_token,
            convert::DEFAULT_PAGE_SIZE,
            convert::MAX_PAGE_SIZE,
        )?;
        let result = self.state.store.list_statements(document, &page).await?;
        Ok(v1::ListStatementsResponse {
            statements: result
                .items
                .into_iter()
                .map(|s| convert::statement(s, encoding))
                .collect(),
            next_page_token: self.state.next_page_token(&params, result.next_cursor),
            total_size: result.total_size,
        })
    }

    async fn search(
        &self,
        request: v1::SearchStatementsRequest,
    ) -> Result<v1::SearchStatementsResponse, ApiError> {
        let encoding = convert::encoding(request.encoding)?;
        let query =
            Query::parse(&request.query).map_err(|e| ApiError::invalid("query", e.to_string()))?;
        let (search, facet_request) = search_request(&request, query)?;
        if search.query.is_empty()
            && search.speakers.is_empty()
            && search.documents.is_empty()
            && search.languages.is_empty()
            && search.kinds.is_empty()
            && search.time_from.is_none()
            && search.time_to.is_none()
        {
            return Err(ApiError::invalid(
                "query",
                "give a query, or at least one filter (speakers, documents, languages, kinds, time_range)",
            ));
        }
        let params = format!(
            "search|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            request.query.trim(),
            search.speakers,
            search.documents,
            search.languages,
            search.kinds,
            search.time_from,
            search.time_to,
            search.order,
            search.recency_half_life
        );
        let page = self.state.page_request(
            &params,
            request.page_size,
            &request.page_token,
            DEFAULT_SEARCH_PAGE_SIZE,
            MAX_SEARCH_PAGE_SIZE,
        )?;
        let result = self
            .state
            .store
            .search_statements(&search, &page)
            .instrument(tracing::info_span!("search", page_size = page.size))
            .await?;
        let facets = if facet_request.fields.is_empty() {
            Vec::new()
        } else {
            let counts = self
                .state
                .store
                .search_facets(&search, facet_request.limit)
                .instrument(tracing::info_span!("facets", limit = facet_request.limit))
                .await?;
            facet_request
                .fields
                .iter()
                .map(|&field| convert::facet(field, &counts))
                .collect()
        };
        let results = result
            .items
            .into_iter()
            .map(|hit| {
                let snippet = analysis::snippet(
                    &hit.statement.text,
                    &hit.statement.language,
                    &search.query,
                    SNIPPET_CHARS,
                );
                v1::SearchResult {
                    statement: Some(convert::statement(hit.statement, encoding)),
                    snippet,
                    score: hit.score,
                }
            })
            .collect();
        Ok(v1::SearchStatementsResponse {
            results,
            next_page_token: self.state.next_page_token(&params, result.next_cursor),
            total_size: result.total_size,
            total_size_is_estimate: result.total_is_estimate,
            facets,
        })
    }
}

/// The store's search request for an API request, validated.
fn search_request(
    request: &v1::SearchStatementsRequest,
    query: Query,
) -> Result<(SearchRequest, FacetRequest), ApiError> {
    let mut violations = Violations::default();
    for (field, count) in [
        ("speakers", request.speakers.len()),
        ("documents", request.documents.len()),
        ("languages", request.languages.len()),
        ("kinds", request.kinds.len()),
    ] {
        if count > MAX_FILTER_VALUES {
            violations.add(field, format!("at most {MAX_FILTER_VALUES} values"));
        }
    }
    let speakers: Vec<i64> = request
        .speakers
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            violations.take(convert::parse_name(
                &format!("speakers[{i}]"),
                name,
                "speakers",
            ))
        })
        .collect();
    let documents: Vec<i64> = request
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            violations.take(convert::parse_name(
                &format!("documents[{i}]"),
                name,
                "documents",
            ))
        })
        .collect();
    let kinds = request
        .kinds
        .iter()
        .enumerate()
        .filter_map(|(i, kind)| {
            violations.take(convert::kind_filter(&format!("kinds[{i}]"), *kind))
        })
        .collect();
    let (time_from, time_to) = violations
        .take(convert::time_range(
            "time_range",
            request.time_range.as_ref(),
        ))
        .unwrap_or_default();
    let order = match request.order_by.trim() {
        "" if query.is_empty() => Some(SearchOrder::TimeDesc),
        "" | "relevance" => Some(SearchOrder::Relevance),
        "time desc" => Some(SearchOrder::TimeDesc),
        "time" | "time asc" => Some(SearchOrder::TimeAsc),
        other => {
            violations.add(
                "order_by",
                format!("cannot order by {other:?}: use \"relevance\", \"time desc\" or \"time\""),
            );
            None
        }
    };
    let languages = request
        .languages
        .iter()
        .map(|l| l.trim().to_ascii_lowercase())
        .collect();
    let recency_half_life = match &request.recency_half_life {
        None => None,
        Some(d) if d.seconds >= 1 && d.nanos >= 0 => Some(d.seconds),
        Some(_) => {
            violations.add("recency_half_life", "must be at least one second");
            None
        }
    };
    if recency_half_life.is_some()
        && matches!(order, Some(SearchOrder::TimeDesc | SearchOrder::TimeAsc))
    {
        violations.add(
            "recency_half_life",
            "applies to relevance order only: leave it unset when ordering by time",
        );
    }
    let mut facet_fields = Vec::new();
    for (i, &value) in request.facets.iter().enumerate() {
        match v1::FacetField::try_from(value) {
            Ok(field @ (v1::FacetField::Speaker | v1::FacetField::Language)) => {
                if facet_fields.contains(&field) {
                    violations.add(format!("facets[{i}]"), "each facet at most once");
                } else {
                    facet_fields.push(field);
                }
            }
            _ => violations.add(
                format!("facets[{i}]"),
                format!("unknown facet {value}: use FACET_FIELD_SPEAKER or FACET_FIELD_LANGUAGE"),
            ),
        }
    }
    let facet_limit = match usize::try_from(request.facet_limit) {
        Ok(0) => DEFAULT_FACET_LIMIT,
        Ok(n) => n.min(MAX_FACET_LIMIT),
        Err(_) => {
            violations.add("facet_limit", "must not be negative");
            DEFAULT_FACET_LIMIT
        }
    };
    violations.into_result()?;
    let order = match order {
        Some(SearchOrder::Relevance) if query.is_empty() => SearchOrder::TimeDesc,
        Some(order) => order,
        None => SearchOrder::TimeDesc,
    };
    let search = SearchRequest {
        query,
        speakers,
        documents,
        languages,
        kinds,
        time_from,
        time_to,
        order,
        recency_half_life,
    };
    let facets = FacetRequest {
        fields: facet_fields,
        limit: facet_limit,
    };
    Ok((search, facets))
}

/// Collects every invalid field of a request, so that one error names them all.
#[derive(Default)]
struct Violations(Vec<(String, String)>);

impl Violations {
    fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push((field.into(), description.into()));
    }

    /// The value of `result`, or `None` with its violations recorded.
    fn take<T>(&mut self, result: Result<T, ApiError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(ApiError::InvalidArgument(violations)) => {
                self.0.extend(violations);
                None
            }
            Err(other) => {
                self.add("request", format!("{other:?}"));
                None
            }
        }
    }

    fn into_result(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::InvalidArgument(self.0))
        }
    }
}

#[tonic::async_trait]
impl StatementService for StatementApi {
    async fn get_statement(
        &self,
        request: Request<v1::GetStatementRequest>,
    ) -> Result<Response<v1::Statement>, Status> {
        respond(self.get(request.into_inner()).await)
    }

    async fn list_statements(
        &self,
        request: Request<v1::ListStatementsRequest>,
    ) -> Result<Response<v1::ListStatementsResponse>, Status> {
        respond(self.list(request.into_inner()).await)
    }

    async fn search_statements(
        &self,
        request: Request<v1::SearchStatementsRequest>,
    ) -> Result<Response<v1::SearchStatementsResponse>, Status> {
        respond(self.search(request.into_inner()).await)
    }
}
