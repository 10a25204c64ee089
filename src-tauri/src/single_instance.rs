//! One running app per desktop session on Linux. A launch asks the session bus for a well-known name: the first one
//! gets it and keeps it while it runs; a later one sends its arguments to the owner, which brings its window to the
//! front, and exits.
//!
//! The name (`<identifier>.SingleInstance`), object path, interface and method are those of
//! tauri-plugin-single-instance, which the app uses on macOS and Windows, so a build that used the plugin on Linux
//! and this one still hand over to each other. This is done with the `dbus` crate, which the keychain and the
//! window's theme already link, instead of the plugin's zbus: a 0.67 MiB smaller release binary for one bus name.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply;
use dbus::blocking::{BlockingSender, Connection};
use dbus::channel::{MatchingReceiver, Sender};
use dbus::message::MatchRule;
use dbus::strings::{BusName, ErrorName, Path};
use dbus::Message;

const INTERFACE: &str = "org.SingleInstance.DBus";
const METHOD: &str = "ExecuteCallback";

/// How long a second launch waits for the running app's answer. The running app answers from its own thread, even
/// while its window is still being created, so only a hung process makes a launch wait this long.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// What the running app does with a second launch's arguments and working folder. False when it has no window to
/// bring forward (it is closing): the launch is then told to go on by itself.
pub type OnSecondLaunch = Box<dyn Fn(&[String], &str) -> bool + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no D-Bus session bus: {0}")]
    NoSessionBus(String),
    #[error("{0} is not a valid D-Bus name")]
    InvalidName(String),
    #[error("could not ask the session bus for {name}: {reason}")]
    RequestName { name: String, reason: String },
    #[error("the running instance did not take the launch over: {0}")]
    NoAnswer(String),
    #[error("could not start the thread that answers later launches: {0}")]
    Thread(String),
}

/// How this launch goes on.
pub enum Launch {
    /// This process owns the name and answers later launches until it exits.
    First(Primary),
    /// The running app took the launch over; this process should exit.
    HandedOver,
    /// This launch could not tell whether the app already runs, or the running app did not answer: it goes on with
    /// a window of its own, as it would without single-instance support.
    Alone(Error),
}

/// The owner's side: later launches reach [`Primary::on_second_launch`]'s handler.
pub struct Primary {
    handler: Arc<OnceLock<OnSecondLaunch>>,
}

impl Primary {
    /// Sets what a later launch does. Until it is set (while the app is still starting), later launches are
    /// answered at once: the window they would bring forward is about to open anyway.
    pub fn on_second_launch(&self, handler: OnSecondLaunch) {
        // Set once, from the app's setup; a second call has nothing to replace.
        let _ = self.handler.set(handler);
    }
}

/// The bus name for the app with this identifier (`com.blooio.groups` → `com.blooio.groups.SingleInstance`).
fn bus_name(identifier: &str) -> String {
    format!("{identifier}.SingleInstance")
}

/// The plugin's object path for a bus name: `/com/blooio/groups/SingleInstance`.
fn object_path(bus_name: &str) -> String {
    format!("/{}", bus_name.replace('.', "/").replace('-', "_"))
}

/// Decides whether this launch is the first or hands over to the running app. Runs before the app is built, so a
/// launch that hands over exits before any window exists.
pub fn launch(identifier: &str) -> Launch {
    claim(&bus_name(identifier), ANSWER_TIMEOUT)
}

fn claim(name: &str, timeout: Duration) -> Launch {
    match try_claim(name, timeout) {
        Ok(launch) => launch,
        Err(error) => Launch::Alone(error),
    }
}

fn try_claim(name: &str, timeout: Duration) -> Result<Launch, Error> {
    let bus_name = BusName::new(name).map_err(|_| Error::InvalidName(name.to_string()))?;
    let path = Path::new(object_path(name)).map_err(|_| Error::InvalidName(name.to_string()))?;
    let connection = Connection::new_session().map_err(|e| Error::NoSessionBus(describe(&e)))?;
    if request_name(&connection, &bus_name)? {
        return serve(connection, path).map(Launch::First);
    }
    match hand_over(&connection, &bus_name, &path, timeout) {
        Ok(()) => Ok(Launch::HandedOver),
        Err(error) => {
            // The owner may have quit between the request and the call (a launch while the app was closing): then
            // the name is free and this launch is the app now. Otherwise the owner hangs or is not the app, and a
            // window of our own is better than a launch that silently does nothing.
            if request_name(&connection, &bus_name)? {
                serve(connection, path).map(Launch::First)
            } else {
                Err(error)
            }
        }
    }
}

/// Asks for the name without taking it from a running owner, without letting a later launch take it from us, and
/// without queueing for it. True when this connection owns it.
fn request_name(connection: &Connection, name: &BusName<'static>) -> Result<bool, Error> {
    match connection.request_name(name.clone(), false, false, true) {
        Ok(RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner) => Ok(true),
        Ok(RequestNameReply::Exists | RequestNameReply::InQueue) => Ok(false),
        Err(e) => Err(Error::RequestName {
            name: name.to_string(),
            reason: describe(&e),
        }),
    }
}

/// Sends this launch's arguments (lossily as text) and working folder to the owner; Ok once the owner answered.
fn hand_over(
    connection: &Connection,
    name: &BusName<'static>,
    path: &Path<'static>,
    timeout: Duration,
) -> Result<(), Error> {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let cwd = std::env::current_dir()
        .map(|dir| dir.to_string_lossy().into_owned())
        .unwrap_or_default();
    let call = Message::new_method_call(name.clone(), path.clone(), INTERFACE, METHOD)
        .map_err(Error::NoAnswer)?
        .append2(args, cwd);
    connection
        .send_with_reply_and_block(call, timeout)
        .map(drop)
        .map_err(|e| Error::NoAnswer(describe(&e)))
}

/// Answers later launches on a thread of its own, which keeps the connection, and with it the name, for the life
/// of the process. Other calls to this connection get the bus's usual "unknown method" error.
fn serve(connection: Connection, path: Path<'static>) -> Result<Primary, Error> {
    let handler: Arc<OnceLock<OnSecondLaunch>> = Arc::default();
    let answering = Arc::clone(&handler);
    let rule = MatchRule::new_method_call()
        .with_path(path)
        .with_interface(INTERFACE)
        .with_member(METHOD);
    connection.start_receive(
        rule,
        Box::new(move |call, connection| {
            answer(&call, connection, answering.get());
            true
        }),
    );
    std::thread::Builder::new()
        .name("single-instance".into())
        .spawn(move || loop {
            if let Err(e) = connection.process(Duration::from_secs(60)) {
                log::warn!(
                    "single instance: lost the session bus ({}); later launches open their own window",
                    describe(&e)
                );
                return;
            }
        })
        .map_err(|e| Error::Thread(e.to_string()))?;
    Ok(Primary { handler })
}

fn answer(call: &Message, connection: &Connection, handler: Option<&OnSecondLaunch>) {
    let reply = match call.read2::<Vec<String>, String>() {
        Ok((args, cwd)) => {
            // Only the count: arguments can hold anything.
            let count = args.len();
            match handler {
                Some(handler) if handler(&args, &cwd) => {
                    log::info!("second launch ({count} arguments): focusing the running window");
                    call.method_return()
                }
                Some(_) => {
                    log::info!(
                        "second launch ({count} arguments) while closing: it opens its own window"
                    );
                    call.error(
                        &ErrorName::from("org.freedesktop.DBus.Error.Failed"),
                        c"the running app is closing",
                    )
                }
                None => {
                    log::info!(
                        "second launch ({count} arguments) while starting up: the window is about to open"
                    );
                    call.method_return()
                }
            }
        }
        Err(_) => call.error(
            &ErrorName::from("org.freedesktop.DBus.Error.InvalidArgs"),
            c"expected the arguments (as) and the working folder (s)",
        ),
    };
    // The caller gives up after its timeout if this fails; there is nobody else to tell.
    let _ = connection.send(reply);
}

/// A D-Bus error as one line: its name and message.
fn describe(error: &dbus::Error) -> String {
    match (error.name(), error.message()) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (Some(text), None) | (None, Some(text)) => text.to_string(),
        (None, None) => "unknown D-Bus error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    //! These run on the session bus: scripts/test.sh provides a private one. Without a bus they are skipped, unless
    //! BLOOIO_TEST_SESSION=1 (set by scripts/test.sh), where a missing bus fails them.

    use super::*;
    use std::sync::mpsc;

    /// A name of this test's own, so tests and a running app never meet.
    fn test_name(test: &str) -> String {
        format!(
            "com.blooio.groups.test{}.{test}.SingleInstance",
            std::process::id()
        )
    }

    fn bus() -> Option<Connection> {
        match Connection::new_session() {
            Ok(connection) => Some(connection),
            Err(e) if std::env::var("BLOOIO_TEST_SESSION").as_deref() == Ok("1") => {
                panic!(
                    "the test session has no D-Bus session bus: {}",
                    describe(&e)
                )
            }
            Err(_) => {
                eprintln!("no D-Bus session bus; skipping");
                None
            }
        }
    }

    fn owner_of(connection: &Connection, name: &str) -> Option<String> {
        let proxy = connection.with_proxy(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            Duration::from_secs(5),
        );
        proxy
            .method_call("org.freedesktop.DBus", "GetNameOwner", (name,))
            .ok()
            .map(|(owner,): (String,)| owner)
    }

    /// The owner kept the name but did not take the launch over.
    fn assert_goes_on_alone(launch: Launch) {
        match launch {
            Launch::Alone(Error::NoAnswer(_)) => {}
            Launch::First(_) => panic!("the owner still has the name"),
            Launch::HandedOver => panic!("the owner did not take the launch over"),
            Launch::Alone(other) => panic!("unexpected error: {other}"),
        }
    }

    #[test]
    fn names_match_the_plugin() {
        assert_eq!(
            bus_name("com.blooio.groups"),
            "com.blooio.groups.SingleInstance"
        );
        assert_eq!(
            object_path(&bus_name("com.blooio.groups")),
            "/com/blooio/groups/SingleInstance"
        );
        assert_eq!(
            object_path("com.example.my-app.SingleInstance"),
            "/com/example/my_app/SingleInstance"
        );
        assert!(Path::new(object_path(&bus_name("com.blooio.groups"))).is_ok());
        assert!(dbus::strings::Interface::new(INTERFACE).is_ok());
        assert!(dbus::strings::Member::new(METHOD).is_ok());
    }

    #[test]
    fn a_second_launch_hands_its_arguments_to_the_first() {
        let Some(observer) = bus() else { return };
        let name = test_name("handover");
        let Launch::First(first) = claim(&name, ANSWER_TIMEOUT) else {
            panic!("the first launch owns the name")
        };
        let owner = owner_of(&observer, &name).expect("the name has an owner");
        let (tx, rx) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        first.on_second_launch(Box::new(move |args, cwd| {
            tx.lock()
                .map(|tx| tx.send((args.to_vec(), cwd.to_string())).is_ok())
                .unwrap_or(false)
        }));

        assert!(matches!(claim(&name, ANSWER_TIMEOUT), Launch::HandedOver));
        let (args, cwd) = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the first launch was told");
        let ours: Vec<String> = std::env::args().collect();
        assert_eq!(args, ours);
        assert_eq!(cwd, std::env::current_dir().unwrap().to_string_lossy());
        assert_eq!(
            owner_of(&observer, &name),
            Some(owner),
            "the first launch keeps the name"
        );
    }

    #[test]
    fn a_launch_while_the_first_starts_up_is_answered_at_once() {
        if bus().is_none() {
            return;
        }
        let name = test_name("starting");
        assert!(matches!(claim(&name, ANSWER_TIMEOUT), Launch::First(_)));
        assert!(matches!(claim(&name, ANSWER_TIMEOUT), Launch::HandedOver));
    }

    #[test]
    fn a_launch_while_the_first_closes_goes_on_alone() {
        if bus().is_none() {
            return;
        }
        let name = test_name("closing");
        let Launch::First(first) = claim(&name, ANSWER_TIMEOUT) else {
            panic!("the first launch owns the name")
        };
        // No window to bring forward any more.
        first.on_second_launch(Box::new(|_, _| false));
        assert_goes_on_alone(claim(&name, ANSWER_TIMEOUT));
    }

    #[test]
    fn an_owner_that_does_not_answer_leaves_the_launch_to_go_on_alone() {
        let Some(squatter) = bus() else { return };
        let name = test_name("silent");
        squatter
            .request_name(name.as_str(), false, false, true)
            .expect("the name is free");
        let started = std::time::Instant::now();
        assert_goes_on_alone(claim(&name, Duration::from_millis(300)));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the wait is bounded"
        );
    }

    #[test]
    fn a_launch_while_the_owner_quits_becomes_the_first() {
        let Some(quitting) = bus() else { return };
        let name = test_name("quitting");
        quitting
            .request_name(name.as_str(), false, false, true)
            .expect("the name is free");
        // The owner disconnects when the call arrives, without answering, as an app that is closing would.
        let owner = std::thread::spawn(move || loop {
            match quitting
                .channel()
                .blocking_pop_message(Duration::from_secs(5))
            {
                Ok(Some(message)) if message.member().as_deref() == Some(METHOD) => return,
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!("the call never came"),
            }
        });
        let launch = claim(&name, ANSWER_TIMEOUT);
        owner.join().expect("the owner saw the call");
        assert!(
            matches!(launch, Launch::First(_)),
            "the name was free again"
        );
    }
}
