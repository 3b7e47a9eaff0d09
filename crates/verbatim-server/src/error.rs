//! The one place where domain errors become gRPC statuses, with the
//! google.rpc richer error model (`ErrorInfo`, `BadRequest`).

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};
use verbatim_core::ParseError;
use verbatim_store::StoreError;

/// The `ErrorInfo.domain` of every error this service raises.
const ERROR_DOMAIN: &str = "verbatim.v1";

/// An error of a request handler, converted to a [`Status`] by `From`.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// Request fields that are wrong: (field path, what is wrong).
    InvalidArgument(Vec<(String, String)>),
    /// A document larger than the configured limit.
    DocumentTooLarge {
        /// Size of the document received, in bytes.
        size: usize,
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// The parser refused the document.
    Parse(ParseError),
    /// The store failed.
    Store(StoreError),
    /// A task running the work failed (a bug: it panicked or was cancelled).
    Internal(String),
}

impl ApiError {
    /// One invalid field.
    pub(crate) fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        ApiError::InvalidArgument(vec![(field.into(), description.into())])
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::Store(error)
    }
}

impl From<ApiError> for Status {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::InvalidArgument(violations) => {
                let message = violations
                    .iter()
                    .map(|(field, description)| format!("{field}: {description}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut details = ErrorDetails::new();
                for (field, description) in violations {
                    details.add_bad_request_violation(field, description);
                }
                details.set_error_info("INVALID_ARGUMENT", ERROR_DOMAIN, []);
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            ApiError::DocumentTooLarge { size, limit } => {
                let message = format!(
                    "document is {size} bytes, over the limit of {limit} bytes \
                     (max_document_bytes): split it or raise the server's limit"
                );
                let mut details = ErrorDetails::with_bad_request_violation(
                    "content",
                    format!("at most {limit} bytes"),
                );
                details.set_error_info(
                    "DOCUMENT_TOO_LARGE",
                    ERROR_DOMAIN,
                    [
                        ("size_bytes".to_string(), size.to_string()),
                        ("limit_bytes".to_string(), limit.to_string()),
                    ],
                );
                Status::with_error_details(Code::ResourceExhausted, message, details)
            }
            ApiError::Parse(error) => {
                let field = match error {
                    ParseError::UnknownCharset(_) => "content.charset",
                    _ => "content",
                };
                ApiError::invalid(field, error.to_string()).into()
            }
            ApiError::Store(error) => store_status(error),
            ApiError::Internal(message) => {
                tracing::error!(error = %message, "internal error");
                Status::internal("internal error; the server log has the details")
            }
        }
    }
}

/// The status for a store error.
fn store_status(error: StoreError) -> Status {
    match error {
        StoreError::NotFound { kind, id } => {
            let details = ErrorDetails::with_error_info(
                "NOT_FOUND",
                ERROR_DOMAIN,
                [("resource".to_string(), format!("{kind}s/{id}"))],
            );
            Status::with_error_details(
                Code::NotFound,
                format!("{kind}s/{id} does not exist"),
                details,
            )
        }
        // Cursors reach the store only inside authenticated page tokens, so a
        // bad one means a token from another query or an expired window.
        StoreError::InvalidCursor(reason) => {
            ApiError::invalid("page_token", format!("invalid page token: {reason}")).into()
        }
        StoreError::Unavailable(reason) => {
            tracing::warn!(error = %reason, "store unavailable");
            Status::unavailable("the database is unavailable; retry later")
        }
        StoreError::StorageFull(reason) => {
            tracing::error!(error = %reason, "storage full");
            Status::resource_exhausted("the server's storage is full; nothing was written")
        }
        StoreError::InvalidField { field, reason } => ApiError::invalid(field, reason).into(),
        StoreError::Conflict(reason) => {
            let details = ErrorDetails::with_error_info("CONFLICT", ERROR_DOMAIN, []);
            Status::with_error_details(Code::FailedPrecondition, reason, details)
        }
        StoreError::Internal(reason) => ApiError::Internal(reason).into(),
    }
}
