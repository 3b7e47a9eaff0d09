//! Page tokens: a store cursor bound to the request parameters that produced
//! it, authenticated with HMAC-SHA256 so that clients can neither forge nor
//! alter them, and opaque (base64url) to callers.
//!
//! Token layout, before base64url: `fingerprint (16 bytes) || cursor (UTF-8)
//! || tag (16 bytes)`, where the fingerprint is a hash of the request's
//! parameters (everything but the page size and token) and the tag is the
//! truncated HMAC of all that precedes it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Length of the parameter fingerprint and of the authentication tag.
const PART_LEN: usize = 16;

/// Signs and checks page tokens with one key.
#[derive(Clone)]
pub(crate) struct PageTokens {
    key: Vec<u8>,
}

impl std::fmt::Debug for PageTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageTokens { key: <redacted> }")
    }
}

impl PageTokens {
    /// Tokens authenticated with `key` (at least 16 bytes).
    pub(crate) fn new(key: Vec<u8>) -> Self {
        debug_assert!(key.len() >= 16, "page token key too short");
        PageTokens { key }
    }

    /// The token for `cursor` under the request parameters `params`.
    pub(crate) fn encode(&self, params: &str, cursor: &str) -> String {
        let mut payload = Vec::with_capacity(2 * PART_LEN + cursor.len());
        payload.extend_from_slice(&fingerprint(params));
        payload.extend_from_slice(cursor.as_bytes());
        let tag = self.tag(&payload);
        payload.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(payload)
    }

    /// The cursor inside `token`, if the token is authentic and was issued
    /// for the same parameters; an empty token means the first page.
    pub(crate) fn decode(&self, params: &str, token: &str) -> Result<Option<String>, ApiError> {
        if token.is_empty() {
            return Ok(None);
        }
        let invalid = |why: &str| ApiError::invalid("page_token", why.to_string());
        let bytes = URL_SAFE_NO_PAD
            .decode(token)
            .map_err(|_| invalid("malformed page token: pass back next_page_token unchanged"))?;
        if bytes.len() < 2 * PART_LEN {
            return Err(invalid(
                "malformed page token: pass back next_page_token unchanged",
            ));
        }
        let (payload, tag) = bytes.split_at(bytes.len() - PART_LEN);
        let mut mac = self.mac();
        mac.update(payload);
        if mac.verify_truncated_left(tag).is_err() {
            return Err(invalid(
                "page token was altered or issued by another server: pass back next_page_token unchanged",
            ));
        }
        let (issued_for, cursor) = payload.split_at(PART_LEN);
        if issued_for != fingerprint(params) {
            return Err(invalid(
                "page token was issued for other request parameters: keep every parameter \
                 but page_size and page_token the same while paging",
            ));
        }
        String::from_utf8(cursor.to_vec())
            .map(Some)
            .map_err(|_| invalid("malformed page token"))
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        Hmac::<Sha256>::new_from_slice(&self.key).expect("hmac takes any key length")
    }

    fn tag(&self, payload: &[u8]) -> [u8; PART_LEN] {
        let mut mac = self.mac();
        mac.update(payload);
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; PART_LEN];
        tag.copy_from_slice(&full[..PART_LEN]);
        tag
    }
}

fn fingerprint(params: &str) -> [u8; PART_LEN] {
    let digest = Sha256::digest(params.as_bytes());
    let mut out = [0u8; PART_LEN];
    out.copy_from_slice(&digest[..PART_LEN]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> PageTokens {
        PageTokens::new(vec![7; 32])
    }

    #[test]
    fn round_trips_a_cursor() {
        let token = tokens().encode("q=a", "{\"after\":12}");
        assert_eq!(
            tokens().decode("q=a", &token).unwrap().as_deref(),
            Some("{\"after\":12}")
        );
        assert_eq!(tokens().decode("q=a", "").unwrap(), None);
    }

    #[test]
    fn rejects_other_parameters_tampering_and_other_keys() {
        let token = tokens().encode("q=a", "7");
        assert!(tokens().decode("q=b", &token).is_err());
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[PART_LEN] ^= 1;
        assert!(
            tokens()
                .decode("q=a", &URL_SAFE_NO_PAD.encode(bytes))
                .is_err()
        );
        assert!(PageTokens::new(vec![8; 32]).decode("q=a", &token).is_err());
        assert!(tokens().decode("q=a", "not base64 !").is_err());
        assert!(tokens().decode("q=a", "abcd").is_err());
    }
}
