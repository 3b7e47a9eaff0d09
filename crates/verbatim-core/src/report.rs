//! The JSON view of a parse printed by `verbatim parse --json`: one object
//! per document, with offsets in Unicode code points. This is the contract
//! the evaluation scorer reads.
//!
//! ```
//! use verbatim_core::{parse, report::ParseReport, ParseOptions};
//!
//! let doc = parse("Peskov said: \"We are ready.\"".as_bytes(), &ParseOptions::default()).unwrap();
//! let json = serde_json::to_value(ParseReport::new(&doc)).unwrap();
//! assert_eq!(json["statements"][0]["text"], "We are ready.");
//! ```

use serde::Serialize;

use crate::offsets::{OffsetIndex, OffsetUnit};
use crate::{DocumentForm, ParsedDocument, StatementKind};

/// A parsed document as printed in JSON.
#[derive(Debug, Serialize)]
pub struct ParseReport<'a> {
    /// ISO 639-1 language code.
    pub language: &'a str,
    /// The headline; empty when there is none.
    pub title: &'a str,
    /// `article`, `interview` or `transcript`.
    pub form: DocumentForm,
    /// The outlet named by the text, if any.
    pub outlet: Option<&'a str>,
    /// The charset the bytes were decoded from.
    pub charset: &'a str,
    /// The document's named speakers.
    pub speakers: Vec<ReportSpeaker<'a>>,
    /// The statements in reading order.
    pub statements: Vec<ReportStatement<'a>>,
}

/// A speaker as printed in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSpeaker<'a> {
    /// The canonical name.
    pub name: &'a str,
    /// Other forms of the name in the document.
    pub aliases: &'a [String],
    /// Roles and titles given in the document.
    pub roles: &'a [String],
    /// True for an organisation.
    pub organization: bool,
}

/// A statement as printed in JSON.
#[derive(Debug, Serialize)]
pub struct ReportStatement<'a> {
    /// `turn`, `quote` or `indirect`.
    pub kind: StatementKind,
    /// The statement text.
    pub text: &'a str,
    /// The speaker, or `null` for an unnamed speaker.
    pub speaker: Option<ReportStatementSpeaker<'a>>,
    /// Start offset in the normalized text, in code points.
    pub start: usize,
    /// End offset (exclusive), in code points.
    pub end: usize,
    /// The attribution cue as written, if any.
    pub cue: Option<&'a str>,
}

/// The speaker of one statement as printed in JSON.
#[derive(Debug, Serialize)]
pub struct ReportStatementSpeaker<'a> {
    /// The canonical name.
    pub name: &'a str,
    /// The speaker as written at this statement.
    pub label: &'a str,
    /// Roles and titles given in the document.
    pub roles: &'a [String],
}

impl<'a> ParseReport<'a> {
    /// Builds the JSON view of `doc`.
    pub fn new(doc: &'a ParsedDocument) -> Self {
        let index = OffsetIndex::new(&doc.text);
        let speakers = doc
            .speakers
            .iter()
            .map(|s| ReportSpeaker {
                name: &s.name,
                aliases: &s.aliases,
                roles: &s.roles,
                organization: s.organization,
            })
            .collect();
        let statements = doc
            .statements
            .iter()
            .map(|st| ReportStatement {
                kind: st.kind,
                text: st.text(&doc.text),
                speaker: st.speaker.map(|i| {
                    let speaker = &doc.speakers[i];
                    ReportStatementSpeaker {
                        name: &speaker.name,
                        label: &st.speaker_label,
                        roles: &speaker.roles,
                    }
                }),
                start: index.convert(st.span.start, OffsetUnit::CodePoints),
                end: index.convert(st.span.end, OffsetUnit::CodePoints),
                cue: st.cue.clone().map(|r| &doc.text[r]),
            })
            .collect();
        ParseReport {
            language: &doc.language,
            title: &doc.title,
            form: doc.form,
            outlet: doc.outlet.as_deref(),
            charset: &doc.charset,
            speakers,
            statements,
        }
    }
}
