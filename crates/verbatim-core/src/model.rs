//! The parser's output: a document with its speakers and statements.
//!
//! Offsets in this module are UTF-8 byte offsets into [`ParsedDocument::text`],
//! the normalized text; [`crate::offsets`] converts them to other units.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Options of one parse. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The charset of the input bytes (a WHATWG label); `None` detects it.
    pub charset: Option<String>,
    /// Overrides the title found by the parser.
    pub title: Option<String>,
    /// Overrides the detected language (ISO 639-1).
    pub language: Option<String>,
}

/// The layout of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentForm {
    /// Narrative prose with quotations and reported speech.
    Article,
    /// Questions and answers, labelled or marked by dashes or quotation marks.
    Interview,
    /// Labelled speaker turns (press conferences, meeting transcripts).
    Transcript,
}

impl DocumentForm {
    /// The lowercase name used in JSON and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentForm::Article => "article",
            DocumentForm::Interview => "interview",
            DocumentForm::Transcript => "transcript",
        }
    }

    /// The form named by [`DocumentForm::as_str`], if any.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "article" => Some(DocumentForm::Article),
            "interview" => Some(DocumentForm::Interview),
            "transcript" => Some(DocumentForm::Transcript),
            _ => None,
        }
    }
}

/// What kind of speech a statement records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// One speaker turn of a transcript or interview, without its label.
    Turn,
    /// A direct quotation, without its quotation marks.
    Quote,
    /// Reported speech: the reported clause.
    Indirect,
}

impl StatementKind {
    /// The lowercase name used in JSON and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Turn => "turn",
            StatementKind::Quote => "quote",
            StatementKind::Indirect => "indirect",
        }
    }

    /// The kind named by [`StatementKind::as_str`], if any.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "turn" => Some(StatementKind::Turn),
            "quote" => Some(StatementKind::Quote),
            "indirect" => Some(StatementKind::Indirect),
            _ => None,
        }
    }
}

/// A named speaker of one document: a person or an organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The canonical name: the usual English form (`Vladimir Putin` for
    /// `Poutine` or `Путин`).
    pub name: String,
    /// Every other form under which the document refers to the speaker, as
    /// written (labels, short names, surnames).
    pub aliases: Vec<String>,
    /// Roles and titles the document gives the speaker (`Kremlin spokesman`).
    pub roles: Vec<String>,
    /// True for an organisation (`the Foreign Ministry`), false for a person.
    pub organization: bool,
}

/// One statement of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Turn, quotation or reported speech.
    pub kind: StatementKind,
    /// Byte range of the statement text in [`ParsedDocument::text`]; never
    /// empty, always on character boundaries.
    pub span: Range<usize>,
    /// Index into [`ParsedDocument::speakers`]; `None` for an unnamed
    /// speaker, such as an anonymous questioner.
    pub speaker: Option<usize>,
    /// The speaker as the document wrote it at this statement (the label or
    /// the mention the attribution resolved); empty when there is none.
    pub speaker_label: String,
    /// Byte range of the words that attribute the statement (the speech verb
    /// or `according to` phrase, or the turn label), when there are some.
    pub cue: Option<Range<usize>>,
}

impl Statement {
    /// The statement text, sliced from the document text it belongs to.
    pub fn text<'a>(&self, document_text: &'a str) -> &'a str {
        &document_text[self.span.clone()]
    }
}

/// A parsed document: normalized text, metadata, speakers and statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDocument {
    /// The normalized text every offset indexes.
    pub text: String,
    /// The headline, without site suffixes; empty when there is none.
    pub title: String,
    /// ISO 639-1 code of the main language.
    pub language: String,
    /// The layout of the document.
    pub form: DocumentForm,
    /// The outlet, when the text names it.
    pub outlet: Option<String>,
    /// The charset the bytes were decoded from (an `encoding_rs` name such as
    /// `UTF-8` or `windows-1251`).
    pub charset: String,
    /// The named speakers of the statements.
    pub speakers: Vec<Speaker>,
    /// The statements in reading order (by span start).
    pub statements: Vec<Statement>,
    /// The map from normalized-text offsets back to the original bytes.
    pub source_map: crate::normalize::SourceMap,
}

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The input holds no text once decoded and normalized.
    #[error("the document is empty: it holds no text once decoded and normalized")]
    Empty,
    /// The caller named a charset that is not a known encoding label.
    #[error(
        "unknown charset {0:?}: use a WHATWG encoding label such as \"utf-8\" or \"windows-1251\""
    )]
    UnknownCharset(String),
}
