//! PostgresStore against the database at `VERBATIM_TEST_POSTGRES_URL`, one
//! fresh schema per test: the conformance suite, then what only PostgreSQL
//! has (concurrent replicas migrating one schema, pool errors).

#[macro_use]
mod conformance;

use std::time::Duration;

use sqlx::Connection;
use verbatim_store::{PostgresOptions, PostgresStore, Store, StoreError, open_store};

conformance_suite!(conformance::postgres());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_opens_migrate_a_fresh_schema_once() {
    let Some((schema, url)) = conformance::postgres_schema().await else {
        return;
    };
    let result = futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async {
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move { PostgresStore::open(&url).await })
            })
            .collect();
        let mut stores = Vec::new();
        for open in opens {
            stores.push(open.await.unwrap().unwrap());
        }
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        let applied: Vec<(i64, bool)> =
            sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        assert_eq!(applied, [(1, true), (2, true), (3, true)]);
        // The migration lock is released: another replica opens at once.
        let late = tokio::time::timeout(Duration::from_secs(10), PostgresStore::open(&url))
            .await
            .expect("no migration lock left behind")
            .unwrap();
        let docs = conformance::corpus(&stores[0]).await;
        assert_eq!(late.document_count().await.unwrap(), 5);
        assert_eq!(
            stores[3]
                .get_statement(docs[2].statements[0].id)
                .await
                .unwrap()
                .text,
            "Переговоры о мире возможны"
        );
        // Tokens are stored whole, not split at `_` by a text-search parser.
        let terms: String = sqlx::query_scalar("SELECT terms::text FROM statements WHERE id = $1")
            .bind(docs[0].statements[0].id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert!(terms.contains("'en_peac':"), "{terms}");
        conn.close().await.unwrap();
        for store in stores {
            store.close().await;
        }
        late.close().await;
        // And through open_store.
        let store = open_store(&url).await.unwrap();
        assert_eq!(store.document_count().await.unwrap(), 5);
    }))
    .await;
    conformance::drop_postgres_schema(&schema).await;
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable() {
    let options = PostgresOptions {
        max_connections: 2,
        acquire_timeout: Duration::from_secs(3),
    };
    match PostgresStore::open_with("postgres://postgres@127.0.0.1:1/test", &options).await {
        Err(StoreError::Unavailable(_)) => {}
        other => panic!("{other:?}"),
    }
    match PostgresStore::open("postgres://[bad").await {
        Err(StoreError::Unavailable(m)) => assert!(m.starts_with("invalid postgresql url"), "{m}"),
        other => panic!("{other:?}"),
    }
}
