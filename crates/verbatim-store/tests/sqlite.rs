//! SqliteStore against a real database file in a temporary directory: the
//! conformance suite, then what only SQLite has (a file to reopen).

#[macro_use]
mod conformance;

use conformance::{corpus, search, texts};
use verbatim_store::{DocumentView, SqliteStore, Store, StoreError, open_store};

conformance_suite!(conformance::sqlite());

#[tokio::test]
async fn data_and_secrets_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let (doc_id, statement_id) = {
        let store = SqliteStore::open(&path).await.unwrap();
        let docs = corpus(&store).await;
        assert_eq!(
            store.secret("hmac", vec![1, 2, 3]).await.unwrap(),
            [1, 2, 3]
        );
        assert_eq!(store.secret("hmac", vec![9]).await.unwrap(), [1, 2, 3]);
        store.close().await;
        assert!(matches!(
            store.ping().await,
            Err(StoreError::Unavailable(_))
        ));
        (docs[2].document.id, docs[2].statements[0].id)
    };
    let store = SqliteStore::open(&path).await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.document_count().await.unwrap(), 5);
    assert_eq!(store.secret("hmac", vec![7]).await.unwrap(), [1, 2, 3]);
    let d = store
        .get_document(doc_id, DocumentView::Full)
        .await
        .unwrap();
    assert_eq!(d.language, "ru");
    assert_eq!(
        store.get_statement(statement_id).await.unwrap().text,
        "Переговоры о мире возможны"
    );
    assert_eq!(
        texts(&store, &search("мир")).await,
        ["Переговоры о мире возможны"]
    );
}

#[tokio::test]
async fn open_store_takes_sqlite_urls_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("a/url.db").display());
    let store = open_store(&url).await.unwrap();
    store.ping().await.unwrap();
    assert!(dir.path().join("a/url.db").exists());
    let path = dir.path().join("b/plain.db");
    let store = open_store(&path.display().to_string()).await.unwrap();
    assert_eq!(store.document_count().await.unwrap(), 0);
    assert!(path.exists());
    assert!(matches!(
        open_store("mysql://localhost/db").await,
        Err(StoreError::Unavailable(m)) if m.contains("mysql")
    ));
}

#[tokio::test]
async fn speakers_stored_before_identity_keys_are_found_after_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.close().await;
    // A speaker as schema v1 wrote it: a real name key, no identity keys.
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO speakers (id, display_name, name_key) VALUES (77, 'Dmitry Peskov', 'dmitry peskov')",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let store = SqliteStore::open(&path).await.unwrap();
    let id = conformance::quote(&store, "Dmitri Peskow", &[], "de", 1).await;
    assert_eq!(id, 77);
    assert_eq!(conformance::quote(&store, "Peskov", &[], "en", 2).await, 77);
}
