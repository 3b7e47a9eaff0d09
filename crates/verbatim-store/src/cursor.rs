//! Page cursors: compact JSON of the last sort key and id, tagged by the
//! listing they belong to. The server authenticates them before handing them
//! out; the store still validates every field.

use serde::{Deserialize, Serialize};

use crate::StoreError;

/// Where a listing resumes. Field names are short to keep tokens small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k", deny_unknown_fields)]
pub(crate) enum Cursor {
    /// Documents after (ingest_time, id), descending.
    #[serde(rename = "d")]
    Documents { t: i64, id: i64 },
    /// Speakers by statement count after (count desc, name, id).
    #[serde(rename = "sc")]
    SpeakersByCount { c: i64, n: String, id: i64 },
    /// Speakers by name after (name, id).
    #[serde(rename = "sn")]
    SpeakersByName { n: String, id: i64 },
    /// Speaker corrections before this id, newest first.
    #[serde(rename = "co")]
    Corrections { id: i64 },
    /// A document's statements after this ordinal.
    #[serde(rename = "st")]
    Statements { doc: i64, o: i64 },
    /// Search by time after (time, id), ascending when `a`; `s` is the
    /// snapshot (max statement id at the first page), `n` the total.
    #[serde(rename = "qt")]
    SearchByTime {
        s: i64,
        n: i64,
        a: bool,
        t: i64,
        id: i64,
    },
    /// Search by relevance from this offset, within snapshot `s`; `b` is
    /// the lowest id of the ranked window, absent when every match is
    /// ranked.
    #[serde(rename = "qr")]
    SearchByRelevance {
        s: i64,
        n: i64,
        o: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        b: Option<i64>,
    },
}

impl Cursor {
    /// The opaque string form.
    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a cursor made by [`Cursor::encode`].
    pub(crate) fn decode(text: &str) -> Result<Cursor, StoreError> {
        if text.len() > 4096 {
            return Err(StoreError::InvalidCursor("cursor is too long".into()));
        }
        serde_json::from_str(text)
            .map_err(|e| StoreError::InvalidCursor(format!("malformed cursor: {e}")))
    }
}

/// Decodes an optional cursor.
pub(crate) fn decode(text: Option<&str>) -> Result<Option<Cursor>, StoreError> {
    text.map(Cursor::decode).transpose()
}

/// The error for a cursor of another listing.
pub(crate) fn wrong_kind() -> StoreError {
    StoreError::InvalidCursor("cursor belongs to another listing".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_compactly() {
        let c = Cursor::SearchByTime {
            s: 10,
            n: 3,
            a: false,
            t: 1_700_000_000_000_000,
            id: 7,
        };
        let text = c.encode();
        assert_eq!(
            text,
            r#"{"k":"qt","s":10,"n":3,"a":false,"t":1700000000000000,"id":7}"#
        );
        assert_eq!(Cursor::decode(&text).unwrap(), c);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "{",
            "null",
            r#"{"k":"zz"}"#,
            r#"{"k":"d","t":1}"#,
            r#"{"k":"d","t":1,"id":2,"x":0}"#,
        ] {
            assert!(
                matches!(Cursor::decode(bad), Err(StoreError::InvalidCursor(_))),
                "{bad}"
            );
        }
    }
}
