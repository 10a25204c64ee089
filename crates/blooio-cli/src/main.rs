//! `blooio-groups-cli`: create iMessage groups through Blooio's API from the command line, and list, show,
//! rename, delete and change the photo of the groups that exist.

mod args;
mod browse;
mod bulk;
mod bulk_columns;
mod change;
mod confirm;
mod create;
mod exit;
mod group_text;
mod history;
mod keychain;
mod members_file;
mod output;
mod pending;
mod session;

use std::process::ExitCode;

use crate::args::{Cli, Command, PhotoCommand};
use crate::exit::Exit;

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with 2, the code for invalid input.
    let cli = Cli::parse_checked();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Error: couldn't start ({error}).");
            return Exit::Other.into();
        }
    };
    runtime.block_on(run(cli)).into()
}

async fn run(cli: Cli) -> Exit {
    let connection = &cli.connection;
    match &cli.command {
        None => create::create(&cli.create, connection).await,
        Some(Command::List { search, sort }) => {
            browse::list(connection, search.as_deref(), *sort).await
        }
        Some(Command::Show { id }) => browse::show(connection, id).await,
        Some(Command::Members { id }) => browse::members(connection, id).await,
        Some(Command::Rename { id, name }) => change::rename(connection, id, name).await,
        Some(Command::Delete { id, yes }) => change::delete(connection, id, *yes).await,
        Some(Command::Photo(PhotoCommand::Set { id, file })) => {
            change::set_photo(connection, id, file).await
        }
        Some(Command::Photo(PhotoCommand::Remove { id })) => {
            change::remove_photo(connection, id).await
        }
        Some(Command::Bulk(args)) => bulk::bulk(args, connection).await,
        Some(Command::History { search, sandbox }) => {
            history::show(connection, search.as_deref(), *sandbox)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_the_exit_codes() {
        use clap::CommandFactory;
        let help = Cli::command().render_long_help().to_string();
        for fragment in [
            "Exit codes:",
            "  0  the group was created",
            "  3  authentication",
            "  5  not created, and running again is safe",
            "  7  still unknown",
            "  8  not found",
        ] {
            assert!(help.contains(fragment), "{fragment}\n{help}");
        }
        Cli::command().debug_assert();
    }
}
