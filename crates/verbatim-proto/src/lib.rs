//! Verbatim's gRPC API, package `verbatim.v1`: the generated messages, the
//! tonic clients and servers, and the encoded file descriptor set that server
//! reflection serves.
//!
//! Client services depend on this crate alone:
//!
//! ```no_run
//! use verbatim_proto::v1::{speaker_service_client::SpeakerServiceClient, ListSpeakersRequest};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let mut speakers = SpeakerServiceClient::connect("http://127.0.0.1:50051").await?;
//! let page = speakers
//!     .list_speakers(ListSpeakersRequest { query: "Peskov".into(), ..Default::default() })
//!     .await?
//!     .into_inner();
//! for speaker in page.speakers {
//!     println!("{} ({} statements)", speaker.display_name, speaker.statement_count);
//! }
//! # Ok(())
//! # }
//! ```

/// Version 1 of the API: everything generated from `proto/verbatim/v1`.
#[allow(missing_docs, unreachable_pub, clippy::all)]
pub mod v1 {
    tonic::include_proto!("verbatim.v1");
}

/// The encoded `FileDescriptorSet` of every file of the API, for gRPC server
/// reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/verbatim_descriptor.bin"));
