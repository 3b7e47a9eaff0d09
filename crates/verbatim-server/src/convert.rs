//! Conversions between store records and API messages, and the parsing of
//! request fields shared by every service (names, page sizes, times, enums).

use prost_types::Timestamp;
use verbatim_core::{DocumentForm, StatementKind};
use verbatim_proto::v1;
use verbatim_store::{DocumentRecord, Offsets, SpeakerRecord, StatementRecord};

use crate::error::ApiError;

/// Page size when the request leaves it at 0 (AIP-158).
pub(crate) const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest page size; larger requests are coerced down (AIP-158).
pub(crate) const MAX_PAGE_SIZE: usize = 1000;

/// The page size of a request: 0 means `default`, above `max` is `max`,
/// negative is an error.
pub(crate) fn page_size(size: i32, default: usize, max: usize) -> Result<usize, ApiError> {
    match size {
        0 => Ok(default),
        s if s < 0 => Err(ApiError::invalid(
            "page_size",
            "must not be negative (0 means the default)",
        )),
        s => Ok((s as usize).min(max)),
    }
}

/// The id in a resource name `{collection}/{id}`.
pub(crate) fn parse_name(field: &str, name: &str, collection: &str) -> Result<i64, ApiError> {
    let expected =
        || format!("must be a resource name of the form {collection}/{{id}}, got {name:?}");
    let Some(id) = name
        .strip_prefix(collection)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return Err(ApiError::invalid(field, expected()));
    };
    // Round-tripping keeps names strict: `documents/007` or `documents/+7`
    // would parse as 7 but are not names the server hands out.
    match id.parse::<i64>() {
        Ok(parsed) if parsed > 0 && parsed.to_string() == id => Ok(parsed),
        _ => Err(ApiError::invalid(field, expected())),
    }
}

/// The resource name of a document.
pub(crate) fn document_name(id: i64) -> String {
    format!("documents/{id}")
}

/// The resource name of a speaker.
pub(crate) fn speaker_name(id: i64) -> String {
    format!("speakers/{id}")
}

/// The resource name of a statement.
pub(crate) fn statement_name(id: i64) -> String {
    format!("statements/{id}")
}

/// Unix microseconds to a protobuf timestamp.
pub(crate) fn timestamp(micros: i64) -> Timestamp {
    Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1000) as i32,
    }
}

/// A protobuf timestamp to Unix microseconds, validated.
pub(crate) fn micros(field: &str, ts: &Timestamp) -> Result<i64, ApiError> {
    if !(0..1_000_000_000).contains(&ts.nanos) {
        return Err(ApiError::invalid(field, "nanos must be in [0, 999999999]"));
    }
    ts.seconds
        .checked_mul(1_000_000)
        .and_then(|s| s.checked_add(i64::from(ts.nanos / 1000)))
        .ok_or_else(|| ApiError::invalid(field, "timestamp out of range"))
}

/// The bounds of an optional time range, validated (start before end).
pub(crate) fn time_range(
    field: &str,
    range: Option<&v1::TimeRange>,
) -> Result<(Option<i64>, Option<i64>), ApiError> {
    let Some(range) = range else {
        return Ok((None, None));
    };
    let start = range
        .start_time
        .as_ref()
        .map(|t| micros(&format!("{field}.start_time"), t))
        .transpose()?;
    let end = range
        .end_time
        .as_ref()
        .map(|t| micros(&format!("{field}.end_time"), t))
        .transpose()?;
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(ApiError::invalid(
            format!("{field}.end_time"),
            "must not be before start_time",
        ));
    }
    Ok((start, end))
}

/// The offset unit a request asks for; unknown enum values are rejected.
pub(crate) fn encoding(value: i32) -> Result<v1::EncodingType, ApiError> {
    v1::EncodingType::try_from(value).map_err(|_| {
        ApiError::invalid(
            "encoding",
            format!("unknown encoding {value}: use ENCODING_TYPE_UTF8, ENCODING_TYPE_UTF16 or ENCODING_TYPE_UTF32"),
        )
    })
}

/// One offset in the unit of `encoding`.
pub(crate) fn offset(offsets: &Offsets, encoding: v1::EncodingType) -> i64 {
    match encoding {
        v1::EncodingType::Utf8 => offsets.utf8,
        v1::EncodingType::Utf16 => offsets.utf16,
        v1::EncodingType::Utf32 | v1::EncodingType::Unspecified => offsets.code_points,
    }
}

/// The API enum of a statement kind.
pub(crate) fn statement_kind(kind: StatementKind) -> v1::StatementKind {
    match kind {
        StatementKind::Turn => v1::StatementKind::Turn,
        StatementKind::Quote => v1::StatementKind::Quote,
        StatementKind::Indirect => v1::StatementKind::Indirect,
    }
}

/// The domain kind of an API enum value from a request filter.
pub(crate) fn kind_filter(field: &str, value: i32) -> Result<StatementKind, ApiError> {
    match v1::StatementKind::try_from(value) {
        Ok(v1::StatementKind::Turn) => Ok(StatementKind::Turn),
        Ok(v1::StatementKind::Quote) => Ok(StatementKind::Quote),
        Ok(v1::StatementKind::Indirect) => Ok(StatementKind::Indirect),
        _ => Err(ApiError::invalid(
            field,
            format!(
                "unknown statement kind {value}: use STATEMENT_KIND_TURN, STATEMENT_KIND_QUOTE or STATEMENT_KIND_INDIRECT"
            ),
        )),
    }
}

/// The API enum of a document form.
pub(crate) fn document_form(form: DocumentForm) -> v1::DocumentForm {
    match form {
        DocumentForm::Article => v1::DocumentForm::Article,
        DocumentForm::Interview => v1::DocumentForm::Interview,
        DocumentForm::Transcript => v1::DocumentForm::Transcript,
    }
}

/// The API message of a stored document.
pub(crate) fn document(record: DocumentRecord, encoding: v1::EncodingType) -> v1::Document {
    v1::Document {
        name: document_name(record.id),
        title: record.title,
        language: record.language,
        form: document_form(record.form) as i32,
        outlet: record.outlet.unwrap_or_default(),
        source_url: record.source_url.unwrap_or_default(),
        publish_time: record.publish_time.map(timestamp),
        ingest_time: Some(timestamp(record.ingest_time)),
        content_sha256: record.content_sha256,
        charset: record.charset,
        statement_count: record.statement_count,
        speaker_count: record.speaker_count,
        parser_version: record.parser_version,
        text_length: offset(&record.text_length, encoding),
        text: record.text.unwrap_or_default(),
        original_content: record.original.unwrap_or_default(),
    }
}

/// The API message of a stored statement (without context).
pub(crate) fn statement(record: StatementRecord, encoding: v1::EncodingType) -> v1::Statement {
    v1::Statement {
        name: statement_name(record.id),
        document: document_name(record.document_id),
        speaker: record.speaker_id.map(speaker_name).unwrap_or_default(),
        speaker_display_name: record.speaker_name.unwrap_or_default(),
        speaker_label: record.speaker_label,
        kind: statement_kind(record.kind) as i32,
        language: record.language,
        text: record.text,
        span: Some(v1::TextSpan {
            begin_offset: offset(&record.begin, encoding),
            end_offset: offset(&record.end, encoding),
        }),
        cue: record.cue,
        context_before: String::new(),
        context_after: String::new(),
        time: Some(timestamp(record.time)),
    }
}

/// The API message of a speaker.
pub(crate) fn speaker(record: SpeakerRecord) -> v1::Speaker {
    v1::Speaker {
        name: speaker_name(record.id),
        display_name: record.display_name,
        aliases: record.aliases,
        roles: record.roles,
        languages: record.languages,
        statement_count: record.statement_count,
        document_count: record.document_count,
        first_seen_time: record.first_seen.map(timestamp),
        last_seen_time: record.last_seen.map(timestamp),
        wikidata_id: record.wikidata_id.unwrap_or_default(),
        role_evidence: record
            .role_evidence
            .into_iter()
            .map(|e| v1::SpeakerRole {
                role: e.role,
                documents: e.documents.into_iter().map(document_name).collect(),
            })
            .collect(),
    }
}

/// The API message of one facet of a search's counts.
pub(crate) fn facet(field: v1::FacetField, counts: &verbatim_store::Facets) -> v1::Facet {
    let values = match field {
        v1::FacetField::Language => counts
            .languages
            .iter()
            .map(|f| v1::FacetValue {
                value: f.language.clone(),
                display_name: String::new(),
                count: f.count,
            })
            .collect(),
        _ => counts
            .speakers
            .iter()
            .map(|f| v1::FacetValue {
                value: f.speaker_id.map(speaker_name).unwrap_or_default(),
                display_name: f.display_name.clone(),
                count: f.count,
            })
            .collect(),
    };
    v1::Facet {
        field: field as i32,
        values,
        counted: counts.counted,
        counts_are_estimate: counts.is_estimate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_canonical_names() {
        assert_eq!(parse_name("name", "documents/12", "documents").unwrap(), 12);
        for bad in [
            "documents/012",
            "documents/+1",
            "documents/0",
            "documents/",
            "speakers/1",
            "documents/1/x",
            "12",
        ] {
            assert!(parse_name("name", bad, "documents").is_err(), "{bad}");
        }
    }

    #[test]
    fn converts_timestamps_both_ways() {
        for micros_value in [0, 1, -1, 1_700_000_000_123_456, -1_500_000] {
            let ts = timestamp(micros_value);
            assert_eq!(micros("t", &ts).unwrap(), micros_value);
        }
        assert!(
            micros(
                "t",
                &Timestamp {
                    seconds: 0,
                    nanos: -1
                }
            )
            .is_err()
        );
        assert!(
            micros(
                "t",
                &Timestamp {
                    seconds: i64::MAX,
                    nanos: 0
                }
            )
            .is_err()
        );
    }

    #[test]
    fn bounds_page_sizes() {
        assert_eq!(page_size(0, 50, 1000).unwrap(), 50);
        assert_eq!(page_size(5000, 50, 1000).unwrap(), 1000);
        assert_eq!(page_size(7, 50, 1000).unwrap(), 7);
        assert!(page_size(-1, 50, 1000).is_err());
    }
}
