//! What every command that talks to Blooio needs: a client for the base URL and the API key.

use std::time::Duration;

use blooio_core::{ApiKey, BlooioClient, ClientConfig};

use crate::args::Connection;
use crate::exit::Exit;
use crate::keychain;

pub struct Session {
    pub client: BlooioClient,
    pub key: ApiKey,
}

/// The client and the key, or the exit code after saying on stderr what is wrong (never the key).
pub fn connect(connection: &Connection) -> Result<Session, Exit> {
    let client = BlooioClient::new(ClientConfig {
        base_url: connection.base_url.clone(),
        total_timeout: Duration::from_secs(connection.timeout),
        ..ClientConfig::default()
    })
    .map_err(|error| {
        eprintln!("Error: --base-url: {error}");
        Exit::InvalidInput
    })?;
    let key = keychain::find_key().map_err(|problem| {
        eprintln!("Error: {}", problem.0);
        Exit::Auth
    })?;
    Ok(Session { client, key })
}
