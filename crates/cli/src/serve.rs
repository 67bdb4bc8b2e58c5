//! `faultline serve`: the HTTP API and web UI over the database, until Ctrl-C. Also used by
//! `faultline demo` to show what it ingested. The server itself lives in `faultline-server`;
//! this module only starts a runtime, binds and prints the address.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;

use crate::{Global, load_packs};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on; the default serves only this machine.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
}

pub fn run(g: &Global, args: ServeArgs) -> Result<()> {
    serve(g, args.addr)
}

/// Binds `addr`, prints the address to open, and serves until Ctrl-C.
pub fn serve(g: &Global, addr: SocketAddr) -> Result<()> {
    let options = faultline_server::ServeOptions {
        packs: Arc::new(load_packs(g)),
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(async {
        // Open the database before binding, so a wrong --db fails without a socket.
        faultline_server::AppState::new(g.db.clone(), options.clone())?;
        let listener = faultline_server::bind(addr).await?;
        let bound = listener.local_addr().unwrap_or(addr);
        if !bound.ip().is_loopback() && !g.quiet {
            eprintln!(
                "faultline: warning: serving on {bound}, reachable from other machines; the API is read-only"
            );
        }
        let url = format!("http://{bound}/");
        if g.json {
            crate::output::print_json(&serde_json::json!({ "serving": url, "db": g.db }))?;
        } else {
            crate::out!("Serving {} at {url} (Ctrl-C to stop)", g.db.display())?;
        }
        faultline_server::serve_on(listener, g.db.clone(), options)
            .await
            .context("the server stopped")
    })
}
