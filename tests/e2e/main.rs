//! End-to-end tests of Verbatim over real gRPC: the real server on an
//! ephemeral loopback port, real tonic clients (and a real grpcurl), the real
//! SQLite file in a temporary data directory, and the real `verbatim` binary
//! for restarts, kills and signals.

#![allow(missing_docs, unreachable_pub)]

mod access;
mod bad_input;
mod documents;
mod faults;
mod grpcurl;
mod identity;
mod limits;
mod observability;
mod process;
mod seeds;
mod speakers;
mod statements;
mod support;
mod tls;
