//! Everything that only exists in the server build: the database, the
//! service layer, authentication, the REST API and the HTTP server.

pub mod auth;
pub mod client_ip;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod ice;
pub mod jobs;
pub mod language;
pub mod limits;
pub mod live;
pub mod media;
pub mod moderators;
pub mod notify;
pub mod rest;
pub mod services;
pub mod site_files;
pub mod state;

pub use state::AppState;

use config::Config;
use db::embedded::EmbeddedPostgres;
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

/// Every open page holds a connection (its event stream), and each is a
/// file descriptor: the soft limit (often 1,024) is raised to the hard one
/// the system allows, which is what bounds the streams of one instance.
fn allow_many_connections() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::info!(limit, "open files allowed"),
        Err(error) => tracing::warn!(%error, "could not raise the open-file limit"),
    }
}

/// Starts the database (ours, if no `DATABASE_URL`), migrates, optionally
/// seeds the demo, and serves until asked to stop.
pub async fn run() -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::from_env()?;
    allow_many_connections();
    let mut leptos =
        get_configuration(None).map_err(|e| format!("reading Leptos configuration: {e}"))?;
    leptos.leptos_options.hash_files |= hash_file_beside_binary(&leptos.leptos_options);
    let addr = leptos.leptos_options.site_addr;
    let options = &leptos.leptos_options;
    site_files::check_split_build(
        &std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir),
    )?;

    let embedded = match &config.database_url {
        Some(_) => None,
        None => {
            let dir = std::env::var("SOUK_PG_DIR").unwrap_or_else(|_| ".souk/pgdata".into());
            let cluster = tokio::task::spawn_blocking(move || {
                EmbeddedPostgres::init(std::path::Path::new(&dir))
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
            tracing::info!("starting our own PostgreSQL (no DATABASE_URL set)");
            Some(cluster)
        }
    };
    let url = match (&config.database_url, &embedded) {
        (Some(url), _) => url.clone(),
        (None, Some(cluster)) => {
            let url = cluster.start().map_err(|e| e.to_string())?;
            db::create_database_if_missing(&url)
                .await
                .map_err(|e| format!("creating the souk database: {e}"))?;
            url
        }
        (None, None) => unreachable!("either a URL or our own cluster"),
    };

    let result = serve_with_database(&url, &config, leptos.leptos_options, addr).await;
    if let Some(cluster) = embedded {
        tracing::info!("stopping our PostgreSQL");
        if let Err(e) = cluster.stop() {
            tracing::warn!(error = %e, "could not stop PostgreSQL");
        }
    }
    result
}

/// `cargo leptos build` writes the content hashes of the files under `/pkg`
/// beside the binary (with `hash-files`, as our Cargo.toml asks); when they
/// are there, pages name the hashed files, wherever the binary runs.
fn hash_file_beside_binary(options: &leptos::config::LeptosOptions) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
        .is_some_and(|path| path.is_file())
}

async fn serve_with_database(
    url: &str,
    config: &Config,
    leptos_options: leptos::config::LeptosOptions,
    addr: std::net::SocketAddr,
) -> Result<(), String> {
    let pool = db::connect(url, db::STARTUP_WAIT)
        .await
        .map_err(|e| format!("connecting to the database: {e}"))?;
    db::migrate(&pool)
        .await
        .map_err(|e| format!("migrating the database: {e}"))?;
    if config.demo {
        demo::seed(&pool)
            .await
            .map_err(|e| format!("seeding demo data: {e}"))?;
    }
    let storage = media::Storage::open(&config.storage)?;
    let media = media::Media::new(storage);
    let site_url = config
        .public_origin
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let notify = notify::Notifier::new(&config.notify, &site_url)?;
    let live = live::Live::new();
    tokio::spawn(live::listener::run(pool.clone(), live.clone()));
    let state = AppState {
        pool,
        leptos_options,
        secure_cookies: config.secure_cookies,
        public_origin: config.public_origin.clone(),
        limits: config.limits.clone(),
        trust_proxy: config.trust_proxy,
        moderators: config.moderators.clone(),
        live,
        media,
        notify,
        ice: config.ice.clone(),
    };
    jobs::spawn_all(&state, config.limits.longest_window(), config.ring_for);
    http::serve(http::app(state), addr)
        .await
        .map_err(|e| format!("serving: {e}"))
}
