//! The commands that read: `list` (every page), `show`, `members` (every page).

use std::future::Future;

use blooio_core::{ApiError, Group, GroupMember, ListQuery};
use serde::Serialize;

use crate::args::{Connection, Sort};
use crate::exit::Exit;
use crate::group_text;
use crate::session::{connect, Session};

/// Blooio's largest page.
const PAGE: u32 = 200;
/// Stops a server that never runs out of pages (ignoring `offset`, say): 2,000 pages of 200 is 400,000.
const MAX_PAGES: u32 = 2_000;

pub async fn list(connection: &Connection, search: Option<&str>, sort: Sort) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let q = search.map(str::to_owned).filter(|q| !q.is_empty());
    let pages = all_pages(
        |offset| {
            let query = ListQuery {
                limit: Some(PAGE),
                offset: Some(offset),
                q: q.clone(),
                sort: Some(sort.into()),
            };
            let (client, key) = (&client, &key);
            async move { client.list_groups(key, &query).await }
        },
        |page| (page.groups.len(), page.pagination.and_then(|p| p.total)),
    )
    .await;
    let groups: Vec<Group> = match pages {
        Ok(pages) => pages.into_iter().flat_map(|p| p.groups).collect(),
        Err(error) => return group_text::failure(None, &error),
    };
    if connection.json {
        return print_json(&groups);
    }
    print!("{}", group_text::group_list(&groups, search));
    Exit::Ok
}

pub async fn show(connection: &Connection, id: &str) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    match client.get_group(&key, id).await {
        Ok(group) if connection.json => print_json(&group),
        Ok(group) => {
            print!("{}", group_text::group(&group));
            Exit::Ok
        }
        Err(error) => group_text::failure(Some(id), &error),
    }
}

pub async fn members(connection: &Connection, id: &str) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let pages = all_pages(
        |offset| {
            let (client, key) = (&client, &key);
            async move {
                client
                    .list_group_members(key, id, Some(PAGE), Some(offset))
                    .await
            }
        },
        |page| (page.members.len(), page.pagination.and_then(|p| p.total)),
    )
    .await;
    let pages = match pages {
        Ok(pages) => pages,
        Err(error) => return group_text::failure(Some(id), &error),
    };
    let name = pages.iter().find_map(|p| p.group_name.clone());
    let members: Vec<GroupMember> = pages.into_iter().flat_map(|p| p.members).collect();
    if connection.json {
        return print_json(&members);
    }
    print!("{}", group_text::members(id, name.as_deref(), &members));
    Exit::Ok
}

/// Every page, fetched one after another from offset 0 by [`PAGE`]: `count` says how many items a page held
/// and Blooio's `total`. Paged by `total`, as Blooio documents; without one, a short page is the last.
async fn all_pages<A, F, Fut>(
    mut fetch: F,
    count: impl Fn(&A) -> (usize, Option<u64>),
) -> Result<Vec<A>, ApiError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<A, ApiError>>,
{
    let mut pages = Vec::new();
    let mut seen: u64 = 0;
    for page in 0..MAX_PAGES {
        let answer = fetch(page * PAGE).await?;
        let (received, total) = count(&answer);
        pages.push(answer);
        seen += received as u64;
        let done = match total {
            Some(total) => seen >= total || received == 0,
            None => received < PAGE as usize,
        };
        if done {
            break;
        }
    }
    Ok(pages)
}

/// Blooio's fields as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Exit {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{json}");
            Exit::Ok
        }
        Err(error) => {
            eprintln!("Error: the answer couldn't be printed as JSON ({error}).");
            Exit::Other
        }
    }
}
