//! The one place where database errors become [`StoreError`]s.

use sqlx::migrate::MigrateError;

use crate::StoreError;

/// SQLite primary result codes (the low byte of an extended code).
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_IOERR: i64 = 10;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let message = error.to_string();
        match &error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(message),
            sqlx::Error::Database(db) => {
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    let code: i64 = db.code().and_then(|c| c.parse().ok()).unwrap_or(-1);
                    match code & 0xff {
                        SQLITE_FULL => StoreError::StorageFull(message),
                        SQLITE_BUSY | SQLITE_LOCKED | SQLITE_IOERR | SQLITE_CANTOPEN => {
                            StoreError::Unavailable(message)
                        }
                        _ => StoreError::Internal(message),
                    }
                } else {
                    // PostgreSQL SQLSTATE classes.
                    match db.code().as_deref() {
                        Some("53100") => StoreError::StorageFull(message),
                        // Deadlock, serialization failure: retrying may work.
                        Some("40001" | "40P01") => StoreError::Unavailable(message),
                        Some(c) if c.starts_with("08") || c.starts_with("57P") => {
                            StoreError::Unavailable(message)
                        }
                        _ => StoreError::Internal(message),
                    }
                }
            }
            _ => StoreError::Internal(message),
        }
    }
}

impl From<MigrateError> for StoreError {
    fn from(error: MigrateError) -> Self {
        match error {
            MigrateError::Execute(e) => StoreError::from(e),
            other => StoreError::Internal(format!("migration failed: {other}")),
        }
    }
}
