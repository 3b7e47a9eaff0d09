//! Access control: bearer tokens with two roles.
//!
//! Tokens come from a file or an environment variable, one entry per line
//! (or comma-separated): `reader TOKEN` or `writer TOKEN` (`role:TOKEN` also
//! works). Only their SHA-256 digests are kept in memory, and a presented
//! token is compared against every digest in constant time, so neither the
//! comparison nor the position of a match leaks through timing.
//!
//! Authorization is an allowlist of read methods: every other method of a
//! `verbatim.*` service needs the writer role, so a write RPC added later is
//! protected without touching this module.

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use tonic::Status;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Read methods only: Get*, List*, Search* and ParseDocument.
    Reader,
    /// Every method.
    Writer,
}

impl Role {
    fn parse(name: &str) -> Option<Role> {
        match name.to_ascii_lowercase().as_str() {
            "reader" | "read" => Some(Role::Reader),
            "writer" | "write" => Some(Role::Writer),
            _ => None,
        }
    }
}

/// A token entry that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("access tokens, entry {entry}: {reason}")]
pub struct TokensError {
    /// 1-based index of the entry.
    entry: usize,
    /// What is wrong with it.
    reason: &'static str,
}

/// The configured access tokens, hashed.
#[derive(Clone, Default)]
pub struct AccessTokens {
    entries: Vec<([u8; 32], Role)>,
}

impl fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Digests of short tokens can be brute-forced: keep them out of logs.
        f.debug_struct("AccessTokens")
            .field("count", &self.entries.len())
            .finish()
    }
}

/// Shortest token accepted: shorter ones are guessable.
const MIN_TOKEN_LEN: usize = 16;

impl AccessTokens {
    /// Reads entries `ROLE TOKEN` (or `ROLE:TOKEN`), separated by newlines
    /// or commas; blank entries and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Result<Self, TokensError> {
        let mut tokens = AccessTokens::default();
        let entries = text
            .split(['\n', ','])
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.starts_with('#'));
        for (index, entry) in entries.enumerate() {
            let error = |reason| TokensError {
                entry: index + 1,
                reason,
            };
            let (role, token) = entry
                .split_once(|c: char| c == ':' || c.is_whitespace())
                .ok_or_else(|| error("expected `ROLE TOKEN`"))?;
            let role =
                Role::parse(role.trim()).ok_or_else(|| error("role must be reader or writer"))?;
            let token = token.trim();
            if token.len() < MIN_TOKEN_LEN
                || token.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(error("token must be at least 16 characters without spaces"));
            }
            tokens.entries.push((digest(token), role));
        }
        Ok(tokens)
    }

    /// Adds the entries of `other`.
    pub fn extend(&mut self, other: AccessTokens) {
        self.entries.extend(other.entries);
    }

    /// True when no token is configured.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of configured tokens.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The role of `token`, if it is a configured one. Every entry is
    /// compared, whatever matched earlier.
    fn role_of(&self, token: &str) -> Option<Role> {
        let presented = digest(token);
        let mut reader = Choice::from(0);
        let mut writer = Choice::from(0);
        for (stored, role) in &self.entries {
            let matched = stored.ct_eq(&presented);
            match role {
                Role::Reader => reader |= matched,
                Role::Writer => writer |= matched,
            }
        }
        if bool::from(writer) {
            Some(Role::Writer)
        } else if bool::from(reader) {
            Some(Role::Reader)
        } else {
            None
        }
    }

    /// Checks the `authorization` header value of a call to `path`
    /// (`/package.Service/Method`). Calls outside Verbatim's own services
    /// (health, reflection) are always allowed.
    pub(crate) fn authorize(&self, path: &str, authorization: Option<&[u8]>) -> Result<(), Status> {
        if self.is_empty() || !is_verbatim_method(path) {
            return Ok(());
        }
        let token = authorization
            .and_then(|value| std::str::from_utf8(value).ok())
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or_else(|| {
                Status::unauthenticated(
                    "missing credentials: send metadata `authorization: Bearer <token>`",
                )
            })?;
        let role = self
            .role_of(token)
            .ok_or_else(|| Status::unauthenticated("invalid access token"))?;
        if role < required_role(path) {
            return Err(Status::permission_denied(format!(
                "{} needs the writer role; this token has the reader role",
                method_name(path)
            )));
        }
        Ok(())
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// True for a method of one of Verbatim's own services.
pub(crate) fn is_verbatim_method(path: &str) -> bool {
    path.starts_with("/verbatim.")
}

/// The method part of `/package.Service/Method`.
fn method_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The role a Verbatim method needs: reads are listed, everything else
/// writes.
pub(crate) fn required_role(path: &str) -> Role {
    let method = method_name(path);
    let read = ["Get", "List", "Search"]
        .iter()
        .any(|prefix| method.starts_with(prefix))
        || method == "ParseDocument";
    if read { Role::Reader } else { Role::Writer }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READER: &str = "reader-token-0123456789";
    const WRITER: &str = "writer-token-0123456789";

    fn tokens() -> AccessTokens {
        AccessTokens::parse(&format!("# comment\nreader {READER}\n\nwriter:{WRITER}")).unwrap()
    }

    fn bearer(token: &str) -> Vec<u8> {
        format!("Bearer {token}").into_bytes()
    }

    #[test]
    fn reads_are_allowlisted_and_everything_else_writes() {
        for read in [
            "/verbatim.v1.DocumentService/GetDocument",
            "/verbatim.v1.DocumentService/ListDocuments",
            "/verbatim.v1.StatementService/SearchStatements",
            "/verbatim.v1.DocumentService/ParseDocument",
        ] {
            assert_eq!(required_role(read), Role::Reader, "{read}");
        }
        for write in [
            "/verbatim.v1.DocumentService/IngestDocument",
            "/verbatim.v1.DocumentService/DeleteDocument",
            "/verbatim.v1.DocumentService/ReparseDocuments",
            "/verbatim.v1.SpeakerService/MergeSpeakers",
            "/verbatim.v1.SpeakerService/AddSpeakerAlias",
        ] {
            assert_eq!(required_role(write), Role::Writer, "{write}");
        }
    }

    #[test]
    fn roles_are_enforced() {
        let t = tokens();
        assert_eq!(t.len(), 2);
        let ingest = "/verbatim.v1.DocumentService/IngestDocument";
        let get = "/verbatim.v1.DocumentService/GetDocument";
        assert!(t.authorize(get, Some(&bearer(READER))).is_ok());
        assert!(t.authorize(get, Some(&bearer(WRITER))).is_ok());
        assert!(t.authorize(ingest, Some(&bearer(WRITER))).is_ok());
        assert_eq!(
            t.authorize(ingest, Some(&bearer(READER)))
                .unwrap_err()
                .code(),
            tonic::Code::PermissionDenied
        );
        for bad in [
            None,
            Some(&b"Basic abc"[..]),
            Some(&b"Bearer nope-nope-nope-nope"[..]),
        ] {
            assert_eq!(
                t.authorize(get, bad).unwrap_err().code(),
                tonic::Code::Unauthenticated
            );
        }
        assert!(t.authorize("/grpc.health.v1.Health/Check", None).is_ok());
    }

    #[test]
    fn bad_entries_are_refused() {
        assert!(AccessTokens::parse("admin abcdefghijklmnopq").is_err());
        assert!(AccessTokens::parse("reader short").is_err());
        assert!(AccessTokens::parse("readeronly").is_err());
        assert!(AccessTokens::parse("\n# nothing\n").unwrap().is_empty());
    }
}
