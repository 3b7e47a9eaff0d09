//! Verbatim's gRPC server: the `verbatim.v1` services over a [`verbatim_store::Store`],
//! with health, reflection, page tokens and graceful shutdown; and the
//! `verbatim` command line (`serve`, `parse`, `reparse`, `healthcheck`).
//!
//! Embedding the server, as the end-to-end tests do:
//!
//! ```no_run
//! use verbatim_server::{config::ServeConfig, server};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = std::env::temp_dir().join("verbatim-example");
//! let running = server::start(ServeConfig::for_data_dir(dir)).await?;
//! println!("listening on {}", running.local_addr());
//! running.shutdown().await?;
//! # Ok(())
//! # }
//! ```

pub mod auth;
pub mod cli;
pub mod config;
mod convert;
mod directory;
mod error;
pub mod guard;
mod metrics;
mod page_token;
mod reparse;
mod seeds;
pub mod server;
mod service;
